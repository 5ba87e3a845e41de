package generator

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// entryTemplates loads the templates of a site folder as Render does and
// returns the partial cache, whose set executes the partials.
func entryTemplates(t testing.TB, siteFS fstest.MapFS, theme, baseURL string) *partialCache {
	t.Helper()
	ls, err := layers(siteFS, theme)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := loadTemplates(ls, funcMap(baseURL), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl.cache
}

// sameEntry renders p with the template and with the Go writer and
// reports a difference.
func sameEntry(t testing.TB, c *partialCache, p *Publication) {
	t.Helper()
	var want bytes.Buffer
	if err := c.set.ExecuteTemplate(&want, publicationPartial, p); err != nil {
		t.Fatalf("template: %v", err)
	}
	if !c.pub.canRender(p) {
		t.Fatalf("Go writer refuses %+v", p)
	}
	got := c.pub.appendEntry(nil, p)
	if !bytes.Equal(want.Bytes(), got) {
		t.Fatalf("publication %q: the Go writer differs from the template\ntemplate: %q\nGo:       %q", p.Key, want.Bytes(), got)
	}
}

// buildSiteDir builds the site folder dir offline and returns its model.
func buildSiteDir(t *testing.T, dir string) *Site {
	t.Helper()
	res, err := Build(context.Background(), BuildOptions{SiteDir: dir, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.Site
}

// writeFixtureSite writes a site of every orcidtest fixture (hostile and
// unicode names, nulls, odd identifiers).
func writeFixtureSite(t *testing.T, dir string) {
	t.Helper()
	fx := orcidtest.Fixtures()
	ids := make([]orcid.ID, 0, len(fx))
	for id := range fx {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	y := "title: Fixture Lab <&>\nbase_url: https://example.org/\npeople:\n"
	for i, id := range ids {
		if _, err := WriteSnapshot(dir, fixtureSnapshot(id, fx[id])); err != nil {
			t.Fatal(err)
		}
		y += fmt.Sprintf("  - orcid: %s\n    group: %s\n", id, []string{"faculty", "alumni"}[i%2])
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPublicationEntryMatchesTemplate renders every publication of three
// sites (all fixtures, the lab, a generated one) with the built-in
// publication partial and with its Go writer, and requires the same bytes.
func TestPublicationEntryMatchesTemplate(t *testing.T) {
	sites := map[string]func(t *testing.T, dir string){
		"fixtures": writeFixtureSite,
		"lab":      func(t *testing.T, dir string) { writeLabSite(t, dir, "https://example.github.io/lab/") },
		"generated": func(t *testing.T, dir string) {
			writeSyntheticSite(t, dir, 12, 40)
		},
	}
	for name, write := range sites {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir)
			site := buildSiteDir(t, dir)
			if len(site.Publications) == 0 {
				t.Fatal("no publications")
			}
			for _, theme := range []string{"", "homepage"} {
				c := entryTemplates(t, fstest.MapFS{}, theme, site.BaseURL)
				if c.pub == nil {
					t.Fatalf("theme %q: the built-in publication partial is not written in Go", theme)
				}
				for _, p := range site.Publications {
					sameEntry(t, c, p)
				}
			}
		})
	}
}

// TestPublicationEntryCases covers what the sites above may not: omitted
// authors, shortened lists, members without authors, preprints, other
// identifiers and hostile strings.
func TestPublicationEntryCases(t *testing.T) {
	ada := &Person{Slug: "ada-<lovelace>", Name: "Ada & \"Lovelace\""}
	bob := &Person{Slug: "bob", Name: "Bob+"}
	cases := []*Publication{
		{},
		{Pinned: true, Title: "T", Subtitle: "S", URL: "javascript:alert(1)", Anchor: "a'b", Type: "journal-article"},
		{Title: "x\x00y\xff<>", URL: "https://ex.org/a b?q=1&r='2'#f%zz%41", DOI: "10.1/A<B>", Venue: "V&V",
			Date:         orcid.FuzzyDate{Year: 2020, Month: 13},
			Authors:      []Author{{Name: "A"}, {Name: "B", Person: ada}, {Name: "C"}, {Name: "D"}},
			ShortAuthors: []Author{{Name: "A"}, {Omitted: 1}, {Name: "D"}},
			Members:      []*Person{ada}},
		{Authors: []Author{{Name: "A", Person: bob}}, ShortAuthors: []Author{{Omitted: 3}, {Omitted: -2}}},
		{Authors: []Author{{Name: "A", Person: bob}, {Name: "é"}}},
		{Members: []*Person{ada, bob}, Date: orcid.FuzzyDate{Year: -5, Month: 2, Day: 3}, TypeLabel: "<b>"},
		{Type: "x-y", IDs: []WorkID{{Type: "pmid", Value: "1&2", URL: "https://pubmed/1&2"}, {Type: "pmid", Value: "3", URL: "x"},
			{Type: "arxiv", Value: "a", URL: "data:text/html,x", Relationship: "self"}, {Type: "isbn", Value: "b", URL: "", Relationship: ""},
			{Type: "handle", Value: "h", URL: "HTTPS://h", Relationship: "part-of"}},
			Preprints: []PreprintLink{{Link: Link{Name: "", URL: "/rel ative"}}, {Link: Link{Name: "arXiv", URL: ""}}, {Link: Link{Name: "bio<Rxiv>", URL: "mailto:a@b"}}}},
	}
	for _, base := range []string{"https://example.org/", "https://example.org/lab/", "https://x.org/a b/ü/"} {
		c := entryTemplates(t, fstest.MapFS{}, "", base)
		for _, p := range cases {
			sameEntry(t, c, p)
		}
	}
}

// FuzzPublicationEntry fills a publication with arbitrary strings and
// requires the Go writer to write what the template writes.
func FuzzPublicationEntry(f *testing.F) {
	f.Add("Title <&>", "Sub", "a1", "journal-article", "", "Venue", "10.1/x", "https://doi.org/10.1/x", "Ada", "ada", "Bob", "bioRxiv", "https://biorxiv.org/x", "pmid", "123", "https://pubmed/123", 2020, 3, 0, 0, uint16(0xffff))
	f.Add("", "", "", "", "", "", "", "javascript:x", "a\x00\xff'\"+", "../x y", "", "", "data:,x", "arxiv", "", "%zz%4", 0, 13, 40, 2, uint16(0x55))
	f.Add("ü\u202e", "", "", "x-y", "<i>", "", "10.1/%41 b", " http://x", "", "", "é", "", "MAILTO:x", "isbn", "b", "HtTp:x", -1, 0, 0, -1, uint16(0xaa))
	cs := map[string]*partialCache{}
	f.Fuzz(func(t *testing.T, title, sub, anchor, typ, typeLabel, venue, doi, url, name1, slug, name2, ppName, ppURL, idType, idValue, idURL string,
		year, month, day, omitted int, flags uint16) {
		bit := func(i uint) bool { return flags&(1<<i) != 0 }
		base := []string{"https://example.org/", "https://example.org/lab/", "https://x.org/a b/ü/", "x"}[flags>>14]
		c := cs[base]
		if c == nil {
			c = entryTemplates(t, fstest.MapFS{}, "", base)
			cs[base] = c
		}
		m1 := &Person{Slug: slug, Name: name1}
		m2 := &Person{Slug: name2, Name: slug}
		p := &Publication{Key: "fuzz", Title: title, Subtitle: sub, Anchor: anchor, Type: typ, TypeLabel: typeLabel, Venue: venue,
			DOI: doi, URL: url, Pinned: bit(0), Date: orcid.FuzzyDate{Year: year, Month: month, Day: day}}
		a1 := Author{Name: name1}
		if bit(1) {
			a1.Person = m1
		}
		a2 := Author{Name: name2, Omitted: omitted}
		if bit(2) {
			a2.Person = m2
		}
		if bit(3) {
			p.Authors = []Author{a1, {Name: title}, a2}
		}
		if bit(4) {
			p.ShortAuthors = []Author{a2, a1}
		}
		if bit(5) {
			p.Members = append(p.Members, m1)
		}
		if bit(6) {
			p.Members = append(p.Members, m2)
		}
		if bit(7) {
			p.Preprints = append(p.Preprints, PreprintLink{Link: Link{Name: ppName, URL: ppURL}})
		}
		if bit(8) {
			p.Preprints = append(p.Preprints, PreprintLink{Link: Link{Name: "", URL: url}})
		}
		if bit(9) {
			p.IDs = append(p.IDs, WorkID{Type: idType, Value: idValue, URL: idURL})
		}
		if bit(10) {
			p.IDs = append(p.IDs, WorkID{Type: []string{"pmid", "pmc", "arxiv", "handle", "isbn"}[len(idValue)%5], Value: idValue, URL: idURL, Relationship: ppName})
		}
		if bit(11) {
			p.IDs = append(p.IDs, WorkID{Type: "doi", Value: doi, URL: url})
		}
		sameEntry(t, c, p)
	})
}

// TestOverriddenPublicationPartialIsExecuted checks that a site or theme
// folder that overrides the publication partial, or redefines it in
// another partial, gets its own template executed, and that the built-in
// one (also under the homepage theme) is written in Go.
func TestOverriddenPublicationPartialIsExecuted(t *testing.T) {
	const custom = `<li class="mine">{{ .Title }}</li>`
	for name, tc := range map[string]struct {
		files  map[string]string
		theme  string
		inGo   bool
		marker string
	}{
		"built-in":             {inGo: true},
		"homepage theme":       {theme: "homepage", inGo: true},
		"site layouts":         {files: map[string]string{"layouts/_partials/publication.html": custom}, marker: `<li class="mine">`},
		"theme folder":         {files: map[string]string{"mytheme/layouts/_partials/publication.html": custom}, theme: "./mytheme", marker: `<li class="mine">`},
		"redefined":            {files: map[string]string{"layouts/_partials/zz.html": `{{ define "_partials/publication.html" }}<li class="mine">{{ .Title }}</li>{{ end }}`}, marker: `<li class="mine">`},
		"one byte edited":      {files: map[string]string{"layouts/_partials/publication.html": builtinPartialSource(t, "pub-meta", "pub-meta2")}, marker: `class="pub-meta2"`},
		"copy without comment": {files: map[string]string{"layouts/_partials/publication.html": uncommented(builtinPartialSource(t, "", ""))}, inGo: true},
	} {
		t.Run(name, func(t *testing.T) {
			fsys, cfg := testSite(t, "https://example.org/", tc.files)
			if tc.theme != "" {
				cfg.Theme = tc.theme
			}
			c := entryTemplates(t, fsys, cfg.Theme, "https://example.org/")
			if (c.pub != nil) != tc.inGo {
				t.Fatalf("written in Go: %v, want %v", c.pub != nil, tc.inGo)
			}
			out := renderTestSite(t, fsys, cfg)
			page, ok := out.File("publications/index.html")
			if !ok {
				t.Fatal("no publications page")
			}
			if tc.marker != "" && !strings.Contains(string(page), tc.marker) {
				t.Errorf("the overriding partial was not executed:\n%s", page)
			}
			if tc.inGo && !strings.Contains(string(page), `<li class="pub" id="`) {
				t.Errorf("no built-in entry on the page:\n%s", page)
			}
		})
	}
}

// uncommented drops the leading comment of a template.
func uncommented(src string) string {
	_, rest, _ := strings.Cut(src, "*/ -}}\n")
	return rest
}

// builtinPartialSource returns the built-in publication partial with old
// replaced by new.
func builtinPartialSource(t *testing.T, old, new string) string {
	t.Helper()
	b, err := os.ReadFile("../themes/lab/layouts/" + publicationPartial)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%q not in the built-in partial", old)
	}
	return strings.Replace(string(b), old, new, 1)
}

// BenchmarkPublicationEntry renders every publication of a generated site
// with the template and with the Go writer.
func BenchmarkPublicationEntry(b *testing.B) {
	dir := b.TempDir()
	writeSyntheticSite(b, dir, 20, 150)
	res, err := Build(context.Background(), BuildOptions{SiteDir: dir, Offline: true})
	if err != nil {
		b.Fatal(err)
	}
	pubs := res.Site.Publications
	c := entryTemplates(b, fstest.MapFS{}, "", res.Site.BaseURL)
	b.Run("template", func(b *testing.B) {
		var buf bytes.Buffer
		for i := 0; b.Loop(); i++ {
			buf.Reset()
			if err := c.set.ExecuteTemplate(&buf, publicationPartial, pubs[i%len(pubs)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("go", func(b *testing.B) {
		var buf []byte
		for i := 0; b.Loop(); i++ {
			buf = c.pub.appendEntry(buf[:0], pubs[i%len(pubs)])
		}
	})
}

// TestAppendDOIURL compares the entry's DOI link with escaping what the
// site's doiURL gives, for DOIs that take the direct path and for others.
func TestAppendDOIURL(t *testing.T) {
	r := &pubEntryRenderer{doiURL: funcMap("https://example.org/lab/")["doiURL"].(func(string) string)}
	dois := []string{"10.1234/abc", "10.1000/a_b-c.d~e/f", "10.", "10.1/X", "10.1/a b", "10.1/a+b", "10.1/a&b", "10.1/<x>",
		"10.1/%41", "10.1/ü", "https://doi.org/10.1/a", "doi:10.1/a", " 10.1/a", "11.1/a", "10.1/a?b#c", "10.1/a:b", ""}
	r2 := rand.New(rand.NewPCG(5, 6))
	const chars = "abcz09./-_~XY %&+:?#<>\"\x00é"
	for range 2000 {
		b := []byte("10.")
		for range r2.IntN(12) {
			b = append(b, chars[r2.IntN(len(chars))])
		}
		dois = append(dois, string(b))
	}
	plain := 0
	for _, doi := range dois {
		if isPlainDOI(doi) {
			plain++
		}
		if got, want := r.appendDOIURL(nil, doi), appendURLAttr(nil, r.doiURL(doi)); !bytes.Equal(got, want) {
			t.Errorf("appendDOIURL(%q) = %q, want %q", doi, got, want)
		}
	}
	if plain < 100 || plain == len(dois) {
		t.Errorf("%d of %d DOIs plain: both paths must be tried", plain, len(dois))
	}
}
