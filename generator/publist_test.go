package generator

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orcidsite/orcidsite/orcid"
)

// renderBothWays renders the site folder dir with and without the Go
// writers of the built-in partials and requires every file to be the same.
func renderBothWays(t *testing.T, dir string) {
	t.Helper()
	site := buildSiteDir(t, dir)
	render := func() *Output {
		out, err := Render(os.DirFS(dir), site, RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	fast := render()
	goWriters = false
	defer func() { goWriters = true }()
	slow := render()
	if got, want := fast.Paths(), slow.Paths(); !slicesEqual(got, want) {
		t.Fatalf("files differ:\n%v\n%v", got, want)
	}
	for _, p := range slow.Paths() {
		want, _ := slow.File(p)
		got, _ := fast.File(p)
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("%s differs at byte %d:\ntemplates: %q\nGo:        %q", p, i, excerpt(want, i), excerpt(got, i))
		}
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

func excerpt(b []byte, i int) []byte { return b[max(0, i-80):min(len(b), i+80)] }

// writeFiles adds files to a site folder.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// usesGoPubList reports whether the layout's set has the list written in Go.
func usesGoPubList(t *testing.T, dir, layout string) bool {
	t.Helper()
	cfg, err := LoadSiteConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := layers(os.DirFS(dir), cfg.Theme)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := loadTemplates(ls, funcMap(cfg.BaseURL), nil)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(tmpl.sets[layout].Lookup(pubListPartial).Tree.Root.String(), pubListFunc)
}

// TestPubListMatchesTemplate renders whole sites with and without the Go
// writers: the fixtures, the lab, a generated site, the homepage theme, and
// sites whose overrides let the Go writers be used or not.
func TestPubListMatchesTemplate(t *testing.T) {
	const pubsPage = "publications.html"
	customMain := func(open, close string) string {
		return `{{ define "main" }}` + open + `{{ template "_partials/pub-list.html" (dict "Pubs" .Publications "Level" "h2") }}` + close + `{{ end }}`
	}
	for name, tc := range map[string]struct {
		write  func(t *testing.T, dir string)
		files  map[string]string
		yaml   string // appended to site.yaml
		inGo   bool   // the publications page lists in Go
		person bool   // profiles list in Go
	}{
		"fixtures":  {write: writeFixtureSite, inGo: true, person: true},
		"lab":       {write: func(t *testing.T, dir string) { writeLabSite(t, dir, "https://example.github.io/lab/") }, inGo: true, person: true},
		"generated": {write: func(t *testing.T, dir string) { writeSyntheticSite(t, dir, 12, 40) }, inGo: true, person: true},
		"homepage":  {write: func(t *testing.T, dir string) { writeLabSite(t, dir, "https://example.org/") }, yaml: "theme: homepage\n", inGo: true, person: true},
		"own head and layout": {write: writeFixtureSite, inGo: true, person: true, files: map[string]string{
			"layouts/_partials/head.html": `<meta name="x" content="{{ .Title }}">`,
			"layouts/publications.html":   customMain("<div class=\"mine\">", "</div>"),
		}},
		"entry overridden": {write: writeFixtureSite, inGo: true, person: true, files: map[string]string{
			"layouts/_partials/publication.html": `<li>{{ .Title }} {{ .Date.Year }}</li>`,
		}},
		"list overridden": {write: writeFixtureSite, files: map[string]string{
			"layouts/_partials/pub-list.html": `{{ range .Pubs }}{{ partialCached "_partials/publication.html" . }}{{ end }}`,
		}},
		"list in textarea": {write: writeFixtureSite, person: true, files: map[string]string{
			"layouts/publications.html": customMain("<textarea>", "</textarea>"),
		}},
		"profile in textarea": {write: writeFixtureSite, inGo: true, files: map[string]string{
			"layouts/person.html": `{{ define "main" }}<textarea>{{ template "_partials/profile.html" (dict "Person" .Person "Page" .Page) }}</textarea>{{ end }}`,
		}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			tc.write(t, dir)
			writeFiles(t, dir, tc.files)
			if tc.yaml != "" {
				f, err := os.OpenFile(filepath.Join(dir, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprint(f, tc.yaml)
				f.Close()
			}
			if got := usesGoPubList(t, dir, pubsPage); got != tc.inGo {
				t.Errorf("publications page lists in Go: %v, want %v", got, tc.inGo)
			}
			if got := usesGoPubList(t, dir, LayoutPerson); got != tc.person {
				t.Errorf("profiles list in Go: %v, want %v", got, tc.person)
			}
			renderBothWays(t, dir)
		})
	}
}

// FuzzPubList lists publications with arbitrary years and heading levels
// with the built-in template and with pubList.
func FuzzPubList(f *testing.F) {
	f.Add([]byte{5, 5, 4, 0, 0, 1}, "h2")
	f.Add([]byte{0, 1, 2, 1, 0}, "h3")
	f.Add([]byte{}, "h3")
	f.Add([]byte{1, 0, 1, 0, 5}, "x")
	c := entryTemplates(f, fstest.MapFS{}, "", "https://example.org/")
	years := []int{-1, 0, 1, 2020, 2019, -7, 1 << 40}
	f.Fuzz(func(t *testing.T, ys []byte, level string) {
		pubs := make([]*Publication, len(ys))
		for i, y := range ys {
			pubs[i] = &Publication{Key: fmt.Sprint(i), Title: fmt.Sprintf("P%d <%d>", i, y), Date: orcid.FuzzyDate{Year: years[int(y)%len(years)]}}
		}
		data := map[string]any{"Pubs": pubs, "Level": level}
		if want, got := pubListBothWays(t, c, data); got != want {
			t.Fatalf("years %v level %q:\ntemplate: %q\nGo:       %q", ys, level, want, got)
		}
	})
}

// TestPubListOtherData hands data that is not a list of publications to
// the template.
func TestPubListOtherData(t *testing.T) {
	c := entryTemplates(t, fstest.MapFS{}, "", "https://example.org/")
	for _, data := range []any{
		map[string]any{"Pubs": []any{}, "Level": "h2"},
		map[string]any{"Pubs": []*Publication{}, "Level": "h2"},
		map[string]any{"Pubs": []*Publication{{Title: "x"}}, "Level": "h3"},
	} {
		if want, got := pubListBothWays(t, c, data); got != want {
			t.Errorf("%v:\ntemplate: %q\nGo:       %q", data, want, got)
		}
	}
	for _, pubs := range [][]*Publication{{nil}, {{Title: "x"}, {Title: "y", Members: []*Person{nil}}}} {
		data := map[string]any{"Pubs": pubs, "Level": "h2"}
		if err := c.set.ExecuteTemplate(io.Discard, pubListPartial, data); err == nil {
			t.Errorf("%v: the template gave no error", pubs)
		}
		if _, err := c.pubList(data); err == nil {
			t.Errorf("%v: pubList gave no error", pubs)
		}
	}
}

// pubListBothWays renders the list partial with data through the template
// (want) and through partialCache.pubList (got).
func pubListBothWays(t *testing.T, c *partialCache, data any) (want, got string) {
	t.Helper()
	var w bytes.Buffer
	if err := c.set.ExecuteTemplate(&w, pubListPartial, data); err != nil {
		t.Fatal(err)
	}
	seq, err := c.pubList(data)
	if err != nil {
		t.Fatal(err)
	}
	var g strings.Builder
	for h := range seq {
		g.WriteString(string(h))
	}
	return w.String(), g.String()
}
