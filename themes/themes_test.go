package themes_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/orcidsite/orcidsite/orcid/orcidtest"
	"github.com/orcidsite/orcidsite/themes"
)

func TestNamesAndGet(t *testing.T) {
	if got := themes.Names(); !slices.Equal(got, []string{"homepage", "lab"}) {
		t.Errorf("Names() = %v, want [homepage lab]", got)
	}
	if !slices.Contains(themes.Names(), themes.Default) {
		t.Errorf("Default %q is not a built-in theme", themes.Default)
	}
	for _, name := range themes.Names() {
		fsys, ok := themes.Get(name)
		if !ok {
			t.Fatalf("Get(%q) failed", name)
		}
		if _, err := fs.Stat(fsys, "layouts/home.html"); err != nil {
			t.Errorf("theme %s has no layouts/home.html: %v", name, err)
		}
	}
	if _, ok := themes.Get("nope"); ok {
		t.Error(`Get("nope") succeeded`)
	}
}

// Size budgets per theme: what a visitor may download, all pages together.
const (
	maxCSS = 30 * 1024
	maxJS  = 15 * 1024
)

// TestAssetSizes adds up the CSS and JavaScript each theme serves: its own
// static files over those of the default theme, as the generator copies
// them.
func TestAssetSizes(t *testing.T) {
	def, _ := themes.Get(themes.Default)
	for _, name := range themes.Names() {
		t.Run(name, func(t *testing.T) {
			files := map[string]int{}
			layers := []fs.FS{def}
			if name != themes.Default {
				th, _ := themes.Get(name)
				layers = append(layers, th)
			}
			for _, l := range layers {
				err := fs.WalkDir(l, "static", func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					b, err := fs.ReadFile(l, p)
					files[p] = len(b)
					return err
				})
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
			}
			css, js := 0, 0
			for p, n := range files {
				switch path.Ext(p) {
				case ".css":
					css += n
				case ".js":
					js += n
				}
			}
			t.Logf("theme %s: CSS %d bytes, JavaScript %d bytes", name, css, js)
			if css == 0 || css > maxCSS {
				t.Errorf("theme %s: CSS is %d bytes, want 1 to %d", name, css, maxCSS)
			}
			if js > maxJS {
				t.Errorf("theme %s: JavaScript is %d bytes, want at most %d", name, js, maxJS)
			}
		})
	}
}

// resourceAttrs are the attributes that make a browser fetch something.
var resourceAttrs = map[string][]string{
	"link": {"href"}, "script": {"src"}, "img": {"src", "srcset"}, "source": {"src", "srcset"},
	"iframe": {"src"}, "video": {"src", "poster"}, "audio": {"src"}, "embed": {"src"}, "object": {"data"},
}

var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)`)

// TestBuiltSites builds the fixture sites of both themes and checks their
// files without a browser: every page has lang, one main landmark, a skip
// link and one h1; no page or stylesheet loads anything from another host;
// scripts appear only where they enhance (the publications and join
// pages); ORCID text is escaped.
func TestBuiltSites(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	for _, theme := range themes.Names() {
		t.Run(theme, func(t *testing.T) {
			people := labPeople
			if theme == "homepage" {
				people = homepagePeople
			}
			out, _ := fixtureSite(t, srv, theme, people)
			var pages []string
			err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(out, p)
				rel = filepath.ToSlash(rel)
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				switch path.Ext(p) {
				case ".html":
					pages = append(pages, rel)
					checkPage(t, rel, b)
				case ".css":
					for _, m := range cssURL.FindAllStringSubmatch(string(b), -1) {
						u := m[1] + m[2]
						if !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "#") && strings.Contains(u, ":") {
							t.Errorf("%s loads %s", rel, u)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if theme == "lab" {
				// The biography holding HTML is shown, escaped.
				b, err := os.ReadFile(filepath.Join(out, "people", "leila-al-husseini", "index.html"))
				if err != nil || !strings.Contains(string(b), "&lt;script&gt;alert(") {
					t.Errorf("the profile of %s does not show its biography's markup as text (err %v)", orcidtest.IDUnicode, err)
				}
			}
			for _, want := range []string{"index.html", "people/index.html", "publications/index.html", "join/index.html", "404.html"} {
				if !slices.Contains(pages, want) {
					t.Errorf("no %s among %v", want, pages)
				}
			}
		})
	}
}

func checkPage(t *testing.T, name string, b []byte) {
	t.Helper()
	if strings.Contains(string(b), "<script>alert") || strings.Contains(string(b), "<b>gras</b>") {
		t.Errorf("%s: ORCID HTML reached the page unescaped", name)
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	count := map[string]int{}
	var lang string
	skip := false
	var scripts []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		count[n.Data]++
		attr := func(k string) string {
			for _, a := range n.Attr {
				if a.Key == k {
					return a.Val
				}
			}
			return ""
		}
		switch n.Data {
		case "html":
			lang = attr("lang")
		case "a":
			if attr("class") == "skip" && attr("href") == "#main" {
				skip = true
			}
		case "script":
			if src := attr("src"); src != "" {
				scripts = append(scripts, src)
			}
		case "img":
			if !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "alt" }) {
				t.Errorf("%s: img without alt", name)
			}
		}
		for _, k := range resourceAttrs[n.Data] {
			v := attr(k)
			if n.Data == "link" && !slices.Contains([]string{"stylesheet", "icon", "preload", "modulepreload", "manifest"}, attr("rel")) {
				continue // canonical, alternate: links, not loads
			}
			if v != "" && (strings.Contains(v, "://") || strings.HasPrefix(v, "//")) {
				t.Errorf("%s: <%s %s=%q> loads from another host", name, n.Data, k, v)
			}
		}
	}
	if lang == "" {
		t.Errorf("%s: <html> has no lang", name)
	}
	if count["main"] != 1 || count["h1"] != 1 || !skip {
		t.Errorf("%s: %d main, %d h1, skip link %v; want one main, one h1 and a skip link", name, count["main"], count["h1"], skip)
	}
	wantScripts := map[string][]string{"publications/index.html": {sitePath + "js/filter.js"}, "join/index.html": {sitePath + "js/join.js"}}[name]
	if !slices.Equal(scripts, wantScripts) {
		t.Errorf("%s: scripts %v, want %v", name, scripts, wantScripts)
	}
}

// A site's layouts/ overrides any template of either theme, partials
// included.
func TestSiteLayoutsOverride(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	for _, theme := range themes.Names() {
		t.Run(theme, func(t *testing.T) {
			out, slug := fixtureSite(t, srv, theme, homepagePeople, map[string]string{
				"layouts/_partials/footer.html": `<footer class="site-footer">custom footer</footer>`,
				"layouts/person.html":           `{{ define "main" }}<h1>custom profile of {{ .Person.Name }}</h1>{{ end }}`,
			})
			for _, tc := range []struct{ file, want string }{
				{"index.html", "custom footer"},
				{"publications/index.html", "custom footer"},
				{"people/" + slug + "/index.html", "<h1>custom profile of M. Lindqvist</h1>"},
			} {
				b, err := os.ReadFile(filepath.Join(out, tc.file))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), tc.want) {
					t.Errorf("%s does not contain %q", tc.file, tc.want)
				}
				if strings.Contains(string(b), "Data from") {
					t.Errorf("%s still has the theme's footer", tc.file)
				}
			}
		})
	}
}
