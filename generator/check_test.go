package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// page wraps a body in a minimal HTML document.
func page(body string) string {
	return "<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body>\n" + body + "\n</body></html>\n"
}

func TestCheckLinks(t *testing.T) {
	// A small site published under a sub-path, as on GitHub Pages.
	site := map[string]string{
		"index.html":                 page(`<a href="/lab/people/">People</a> <a href="people/ada/#works">Ada's works</a>`),
		"people/index.html":          page(`<a href="ada/">Ada</a> <a href="../">Home</a> <a href="/lab/people/ada">no slash</a>`),
		"people/ada/index.html":      page(`<h2 id="works">Works</h2><a href="#works">top</a><img src="/lab/img/ada.png" srcset="/lab/img/ada.png 1x, /lab/img/ada@2x.png 2x"><a name="old">x</a>`),
		"img/ada.png":                "png",
		"img/ada@2x.png":             "png",
		"css/style.css":              "body { background: url('../img/ada.png') }\n@import \"base.css\";\n.x{background:url(#f)}",
		"css/base.css":               "",
		"sitemap.xml":                `<urlset><url><loc>https://x.github.io/lab/</loc></url><url><loc>https://x.github.io/lab/people/ada/</loc></url></urlset>`,
		"publications/index.html":    page(`<a href="https://doi.org/10.1/x">doi</a> <a href="mailto:a@b.c">mail</a> <a href="https://x.github.io/lab/people/ada/#old">abs</a> <script src="data:text/javascript,1"></script>`),
		"publications/feed-ok.html":  page(`<link rel="stylesheet" href="/lab/css/style.css"><link rel="canonical" href="https://X.github.io/lab/publications/">`),
		"publications/relative.html": page(`<a href="./">here</a> <a href="index.html?sort=year">sorted</a> <a href="">empty</a>`),
	}
	tests := []struct {
		name   string
		add    map[string]string // files added to (or replacing those of) site
		remove []string
		want   []string
	}{
		{name: "clean site", want: nil},
		{
			name: "broken link",
			add:  map[string]string{"index.html": page("<p>x</p>\n<a href=\"/lab/foo/\">foo</a>")},
			want: []string{"index.html:5: broken link /lab/foo/"},
		},
		{
			name: "missing anchor in another page",
			add:  map[string]string{"people/index.html": page(`<a href="ada/#talks">talks</a>`)},
			want: []string{`people/index.html:4: broken anchor ada/#talks: no element with id "talks" in people/ada/index.html`},
		},
		{
			name: "missing anchor on the same page",
			add:  map[string]string{"people/index.html": page(`<a href="#nowhere">x</a>`)},
			want: []string{`people/index.html:4: broken anchor #nowhere: no element with id "nowhere" on this page`},
		},
		{
			name:   "missing images",
			remove: []string{"img/ada@2x.png", "img/ada.png"},
			want: []string{
				"css/style.css:1: missing file ../img/ada.png",
				"people/ada/index.html:4: missing image /lab/img/ada.png",
				"people/ada/index.html:4: missing image /lab/img/ada.png",
				"people/ada/index.html:4: missing image /lab/img/ada@2x.png",
			},
		},
		{
			name:   "missing stylesheet and import",
			remove: []string{"css/style.css", "css/base.css"},
			want:   []string{"publications/feed-ok.html:4: missing file /lab/css/style.css"},
		},
		{
			name:   "missing import",
			remove: []string{"css/base.css"},
			want:   []string{"css/style.css:2: missing file base.css"},
		},
		{
			name: "link outside the base path",
			add:  map[string]string{"index.html": page(`<a href="/people/">p</a> <a href="../../x/">up</a>`)},
			want: []string{
				"index.html:4: link /people/ is outside the site (base_url path /lab/)",
				"index.html:4: link ../../x/ is outside the site (base_url path /lab/)",
			},
		},
		{
			name: "absolute URL on the site's host",
			add:  map[string]string{"index.html": page(`<a href="https://x.github.io/lab/gone/">g</a> <a href="//x.github.io/lab/people/">ok</a>`)},
			want: []string{"index.html:4: broken link https://x.github.io/lab/gone/"},
		},
		{
			name: "sitemap entry without a page",
			add:  map[string]string{"sitemap.xml": "<urlset>\n<url><loc>https://x.github.io/lab/about/</loc></url></urlset>"},
			want: []string{"sitemap.xml:2: broken link https://x.github.io/lab/about/"},
		},
		{
			name: "feed and robots.txt",
			add: map[string]string{
				"feed.xml":   "<feed>\n<link rel=\"self\" href=\"https://x.github.io/lab/feed.xml\"></link>\n<entry><link href=\"https://x.github.io/lab/people/bob/\"></link><link href=\"https://doi.org/10.1/x\"></link></entry></feed>",
				"robots.txt": "User-agent: *\nSitemap: https://x.github.io/lab/sitemap.xml\nsitemap: https://x.github.io/lab/gone.xml\n",
			},
			want: []string{
				"feed.xml:3: broken link https://x.github.io/lab/people/bob/",
				"robots.txt:3: broken link https://x.github.io/lab/gone.xml",
			},
		},
		{
			name: "malformed URL",
			add:  map[string]string{"index.html": page(`<a href="http://[::1">x</a>`)},
			want: []string{`index.html:4: malformed URL "http://[::1"`},
		},
		{
			name: "lines count from multi-line tags and text",
			add:  map[string]string{"index.html": page("<p>one\ntwo\nthree</p>\n<a\n  href=\"/lab/nope/\">x</a>\n<img\nsrc=\"x.png\">")},
			want: []string{
				"index.html:7: broken link /lab/nope/",
				"index.html:9: missing image x.png",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := NewOutput()
			for p, b := range site {
				out.Add(p, []byte(b))
			}
			for p, b := range tt.add {
				out.Add(p, []byte(b))
			}
			for _, p := range tt.remove {
				delete(out.files, p)
			}
			var got []string
			for _, p := range CheckLinks(out, "https://x.github.io/lab/") {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckLinksRootBase(t *testing.T) {
	out := NewOutput()
	out.Add("index.html", []byte(page(`<a href="/about/">a</a> <a href="/missing">m</a> <a href="about/index.html#team">t</a>`)))
	out.Add("about/index.html", []byte(page(`<h2 id="team">Team</h2>`)))
	var got []string
	for _, p := range CheckLinks(out, "https://example.org") { // no trailing slash
		got = append(got, p.String())
	}
	want := []string{"index.html:4: broken link /missing"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestCheckLinksFS(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":      {Data: []byte(page(`<a href="/people/">p</a>`))},
		"people/x.html":   {Data: []byte(page(`<a href="/">home</a>`))},
		"css/site.css":    {Data: []byte(`a{background:url("/img/none.svg")}`)},
		"people/.keep/ok": {Data: []byte(``)},
	}
	ps, err := CheckLinksFS(fsys, "https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{"css/site.css:1: missing file /img/none.svg", "index.html:4: broken link /people/"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "site.yaml", Line: 3, Column: 5, Msg: "bad"}, "site.yaml:3:5: bad"},
		{Problem{File: "site.yaml", Line: 3, Msg: "bad"}, "site.yaml:3: bad"},
		{Problem{File: "site.yaml", Msg: "bad"}, "site.yaml: bad"},
		{Problem{Msg: "content/x.md:2: bad"}, "content/x.md:2: bad"},
		{Problem{File: "about/index.html", Line: 9, Msg: "broken link /x/", Source: "content/about.md"}, "about/index.html:9: broken link /x/ (from content/about.md)"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// writeSite writes files into a new site folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// minimalLayouts is a complete layout set whose only links are those of
// the content, so that the tests do not depend on the built-in themes.
var minimalLayouts = map[string]string{
	"layouts/baseof.html":       "<!DOCTYPE html>\n<html><body>\n<a href=\"{{ relURL \"\" }}\">home</a>\n{{ block \"main\" . }}{{ end }}\n</body></html>\n",
	"layouts/home.html":         `{{ define "main" }}{{ with .Page }}{{ .Content }}{{ end }}{{ end }}`,
	"layouts/list.html":         `{{ define "main" }}{{ range .Site.People }}<a id="{{ .Slug }}" href="{{ relURL (print "people/" .Slug "/") }}">{{ .Name }}</a>{{ end }}{{ end }}`,
	"layouts/person.html":       `{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}`,
	"layouts/publications.html": `{{ define "main" }}{{ len .Publications }}{{ end }}`,
	"layouts/page.html":         `{{ define "main" }}{{ .Page.Content }}{{ end }}`,
	"layouts/404.html":          `{{ define "main" }}not found{{ end }}`,
}

// withLayouts adds minimalLayouts to files, files winning.
func withLayouts(files map[string]string) map[string]string {
	all := map[string]string{}
	for k, v := range minimalLayouts {
		all[k] = v
	}
	for k, v := range files {
		all[k] = v
	}
	return all
}

func TestCheckSite(t *testing.T) {
	const siteYAML = "title: Lab\nbase_url: https://x.github.io/lab/\npeople:\n  - orcid: 0000-0002-1825-0097\n    slug: ada\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings, one per problem, in order
	}{
		{
			name:  "good site",
			files: map[string]string{"site.yaml": siteYAML, "content/index.md": "Hello [people](/lab/people/#ada), [about](about/).", "content/about.md": "# About"},
		},
		{
			name:  "bad iD and unknown key",
			files: map[string]string{"site.yaml": "title: Lab\nbase_ur: https://x.org/\nbase_url: https://x.org/\npeople:\n  - orcid: 0000-0002-1825-0098\n"},
			want:  []string{"site.yaml:2:1: unknown key", "site.yaml:5:", "checksum"},
		},
		{
			name: "every broken template",
			files: map[string]string{
				"site.yaml":          siteYAML,
				"layouts/home.html":  "{{ define \"main\" }}\n{{ nosuchfunc }}{{ end }}",
				"layouts/extra.html": "{{ if }}",
			},
			want: []string{"layouts/extra.html:1: missing value for if", `layouts/home.html:2: function "nosuchfunc" not defined`},
		},
		{
			name: "broken link in content",
			files: map[string]string{
				"site.yaml":        siteYAML,
				"content/index.md": "See [our projects](/lab/projects/) and [Ada](people/#ada).",
			},
			want: []string{"index.html:", "broken link /lab/projects/"},
		},
		{
			name: "bad front matter",
			files: map[string]string{
				"site.yaml":        siteYAML,
				"content/about.md": "---\ntitle: [x\n---\nbody",
			},
			want: []string{"content/about.md:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, withLayouts(tt.files))
			res, err := CheckSite(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			joined := strings.Join(got, "\n")
			if len(tt.want) == 0 && len(got) > 0 {
				t.Fatalf("unexpected problems:\n%s", joined)
			}
			if len(tt.want) > 0 && len(got) == 0 {
				t.Fatalf("no problems, want %q", tt.want)
			}
			rest := joined
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("problems do not contain %q (in order):\n%s", w, joined)
				}
				rest = rest[i+len(w):]
			}
			if len(tt.want) == 0 && (res.Pages == 0 || res.Links == 0 || res.Templates == 0) {
				t.Errorf("counted %d templates, %d pages, %d links; want all > 0", res.Templates, res.Pages, res.Links)
			}
		})
	}
}

func TestCheckSiteNoConfig(t *testing.T) {
	if _, err := CheckSite(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no site.yaml") {
		t.Errorf("CheckSite(empty folder) error = %v, want no site.yaml", err)
	}
}

// BenchmarkCheckLinks checks a synthetic site of 1,000 profile pages, each
// with 60 internal links and anchors, as a large lab's site would have.
func BenchmarkCheckLinks(b *testing.B) {
	out := NewOutput()
	var body strings.Builder
	for i := range 1000 {
		body.Reset()
		fmt.Fprintf(&body, `<h1 id="top-%d">Person %d</h1>`, i, i)
		for j := range 60 {
			fmt.Fprintf(&body, "<p><a href=\"/lab/people/p%d/#top-%d\">p%d</a> <img src=\"../../img/p%d.png\"></p>\n", (i+j)%1000, (i+j)%1000, j, j%50)
		}
		out.Add(fmt.Sprintf("people/p%d/index.html", i), []byte(page(body.String())))
	}
	for j := range 50 {
		out.Add(fmt.Sprintf("img/p%d.png", j), []byte("png"))
	}
	b.ResetTimer()
	for b.Loop() {
		if ps := CheckLinks(out, "https://x.github.io/lab/"); len(ps) != 0 {
			b.Fatalf("unexpected problems: %v", ps[:1])
		}
	}
}
