package cite

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeLaTeX(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Lo{\"i}c Martin`, "Loïc Martin"},
		{`Lo\"{\i}c`, "Loïc"},
		{`Jos\'{e} N\'u\~nez`, "José Núñez"},
		{`Fran\c{c}ois`, "François"},
		{`Fran\c cois`, "François"},
		{`Stra{\ss}e`, "Straße"},
		{`{\O}rsted and {\aa}se`, "Ørsted and åse"},
		{`Dvo\v{r}\'ak`, "Dvořák"},
		{`Ł\'od\'z`, "Łódź"},
		{`{DNA} repair in \emph{E.~coli}`, "DNA repair in E. coli"},
		{`50\% \& more \$5 \#1 a\_b`, "50% & more $5 #1 a_b"},
		{`\textbackslash{}x \textbraceleft{}y\textbraceright{} \textasciitilde{}\textasciicircum{}`, `\x {y} ~^`},
		{"  spread\n over   lines ", "spread over lines"},
		{`$\alpha$-Al$_2$O$_3$`, "α-Al2O3"},
	}
	for _, tt := range tests {
		if got := DecodeLaTeX(tt.in); got != tt.want {
			t.Errorf("DecodeLaTeX(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeLaTeXDecodesBack(t *testing.T) {
	for _, s := range []string{`a & b % c $ d # e _ f`, `{braces} \backslash ~tilde ^caret`, "Ünïcödé – dash", `}{ unbalanced {`} {
		esc := EscapeLaTeX(s)
		if !balancedBraces(esc) {
			t.Errorf("EscapeLaTeX(%q) = %q has unbalanced braces", s, esc)
		}
		if got := DecodeLaTeX(esc); got != s {
			t.Errorf("DecodeLaTeX(EscapeLaTeX(%q)) = %q", s, got)
		}
	}
}

func TestParseBibTeX(t *testing.T) {
	src := `Some text before is ignored.
@string{jnl = "Journal of Tests"}
@comment{ignore {me}}
@Article{doe2020,
  title     = "Dose-Rate {Estimation}: Aftermath",
  author    = "Jane Doe and Lo{\"i}c Martin and {World Health Organization}",
  journal   = jnl # " (Series " # 2 # ")",
  year      = 2020,
  month     = jun,
  doi = {10.1000/ABC_1},
}
@misc{crocket_2020, title={Case Study: Can you find Delftia?}, author={Crocket, Zach and van der Berg, Anna}, year={2020}, month={Aug}} trailing annotation
`
	got, err := ParseBibTeX(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2", len(got))
	}
	e := got[0]
	checks := map[string]string{"title": "Dose-Rate Estimation: Aftermath", "journal": "Journal of Tests (Series 2)", "year": "2020", "month": "June", "doi": "10.1000/ABC_1"}
	for f, want := range checks {
		if v := e.Get(f); v != want {
			t.Errorf("%s = %q, want %q", f, v, want)
		}
	}
	if e.Type != "article" || e.Key != "doe2020" || e.Line != 4 {
		t.Errorf("entry header = %s %s line %d, want article doe2020 line 4", e.Type, e.Key, e.Line)
	}
	wantNames := []Name{{Given: "Jane", Family: "Doe"}, {Given: "Loïc", Family: "Martin"}, {Literal: "World Health Organization"}}
	if d := cmp.Diff(wantNames, SplitNames(e.raw("author"))); d != "" {
		t.Errorf("authors (-want +got):\n%s", d)
	}
	w := WorkFromEntry(got[1])
	if w.Type != "other" || w.Year != 2020 || w.Month != 8 || w.Title != "Case Study: Can you find Delftia?" {
		t.Errorf("WorkFromEntry = %+v", w)
	}
	if d := cmp.Diff([]Name{{Given: "Zach", Family: "Crocket"}, {Given: "Anna", Family: "van der Berg"}}, w.Authors); d != "" {
		t.Errorf("authors (-want +got):\n%s", d)
	}
}

func TestParseBibTeXErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"@article{a,\n title = {open", "line 2: unbalanced braces"},
		{"@article{a, title = \"x", "line 1: unterminated quoted value"},
		{"\n\n@article{a, title {x}}", "line 3: @article{a: expected field = value"},
		{"@article{a b, title={x}}", `line 1: @article: bad citation key "a b"`},
		{"@article{a, title={x}", "line 1: @article{a: entry not closed"},
	}
	for _, tt := range tests {
		_, err := ParseBibTeX(tt.src)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseBibTeX(%q) error = %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct {
		in   string
		want Name
	}{
		{"Josiah Carberry", Name{Given: "Josiah", Family: "Carberry"}},
		{"Oliveira, VEM", Name{Given: "VEM", Family: "Oliveira"}},
		{"Ludwig van Beethoven", Name{Given: "Ludwig", Family: "van Beethoven"}},
		{"Plato", Name{Family: "Plato"}},
		{"  ", Name{}},
	}
	for _, tt := range tests {
		if got := SplitName(tt.in); got != tt.want {
			t.Errorf("SplitName(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// testWorks are tricky works for the writers: special characters,
// accents, a literal author, partial dates, a clash of keys.
func testWorks() []Work {
	return []Work{
		{ID: "doi:10.1000/a_1", Type: "journal-article", Title: "Effects of 50% {braces} & $money$ on #hashtags_x ~ ^",
			Authors: []Name{{Given: "José", Family: "Núñez"}, {Literal: "The Example Consortium"}, {Family: "Plato"}},
			Year:    2020, Month: 2, Day: 4, Venue: "Journal of Ünïcödé", DOI: "10.1000/a_1", URL: "https://example.org/a_b?x=1&y=2#f", Volume: "3", Pages: "1--10"},
		{ID: "orcid:0000-0002-1825-0097:7", Type: "preprint", Title: "Psychoceramics", Authors: []Name{{Given: "Josiah", Family: "Carberry"}}, Year: 2021, ArXiv: "2101.00001"},
		{ID: "orcid:0000-0002-1825-0097:8", Type: "data-set", Title: "Psychoceramics", Authors: []Name{{Given: "Josiah", Family: "Carberry"}}, Year: 2021, Month: 7},
		{ID: "x:undated", Type: "software", Title: "A tool", Authors: []Name{{Given: "Ann", Family: "O'Neil"}}},
	}
}

func TestAssignKeys(t *testing.T) {
	ws := testWorks()
	AssignKeys(ws)
	seen := map[string]bool{}
	for _, w := range ws {
		if seen[w.Key] || strings.ContainsAny(w.Key, " ,{}\"#%'()=~") {
			t.Errorf("bad or duplicate key %q", w.Key)
		}
		seen[w.Key] = true
	}
	if ws[0].Key != "nunez2020effects" || ws[3].Key != "oneilndtool" {
		t.Errorf("keys = %q, %q", ws[0].Key, ws[3].Key)
	}
	if !strings.HasPrefix(ws[1].Key, "carberry2021psychoceramics_") || !strings.HasPrefix(ws[2].Key, "carberry2021psychoceramics_") {
		t.Errorf("clashing keys not disambiguated: %q %q", ws[1].Key, ws[2].Key)
	}
	// Keys depend on the work, not on its position.
	rev := testWorks()
	rev[1], rev[2] = rev[2], rev[1]
	AssignKeys(rev)
	if rev[1].Key != ws[2].Key || rev[2].Key != ws[1].Key {
		t.Errorf("keys depend on order: %q %q vs %q %q", rev[1].Key, rev[2].Key, ws[2].Key, ws[1].Key)
	}
}

func TestBibTeXRoundTrip(t *testing.T) {
	ws := testWorks()
	AssignKeys(ws)
	var want []Entry
	for _, w := range ws {
		want = append(want, EntryFromWork(w))
	}
	src := string(BibTeX(ws))
	got, err := ParseBibTeX(src)
	if err != nil {
		t.Fatalf("parse own output: %v\n%s", err, src)
	}
	if d := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Line" }, cmp.Ignore())); d != "" {
		t.Errorf("round trip (-want +got):\n%s\n%s", d, src)
	}
	// And back to works: the fields BibTeX carries survive.
	for i, e := range got {
		w := WorkFromEntry(e)
		o := ws[i]
		if w.Title != o.Title || w.Year != o.Year || w.Month != o.Month || w.Day != o.Day || w.DOI != o.DOI || w.URL != o.URL || w.ArXiv != o.ArXiv {
			t.Errorf("work %d: got %+v, want %+v", i, w, o)
		}
		if d := cmp.Diff(o.Authors, w.Authors); d != "" {
			t.Errorf("work %d authors (-want +got):\n%s", i, d)
		}
	}
	for _, s := range []string{`= {{Effects of 50\% \textbraceleft{}braces\textbraceright{} \& \$money\$ on \#hashtags\_x \textasciitilde{} \textasciicircum{}}}`, "month   = feb,", "url     = {https://example.org/a_b?x=1&y=2#f}", "@article{nunez2020effects,", "@unpublished{carberry2021psychoceramics_"} {
		if !strings.Contains(src, s) {
			t.Errorf("output lacks %q:\n%s", s, src)
		}
	}
}

func TestCSLJSON(t *testing.T) {
	b, err := CSLJSON(testWorks())
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(items) != 4 {
		t.Fatalf("got %d items", len(items))
	}
	first := items[0]
	if first["type"] != "article-journal" || first["DOI"] != "10.1000/a_1" || first["id"] != "nunez2020effects" || first["container-title"] != "Journal of Ünïcödé" {
		t.Errorf("first item = %v", first)
	}
	if d := cmp.Diff([]any{[]any{2020.0, 2.0, 4.0}}, first["issued"].(map[string]any)["date-parts"]); d != "" {
		t.Errorf("issued (-want +got):\n%s", d)
	}
	authors := first["author"].([]any)
	if len(authors) != 3 || authors[1].(map[string]any)["literal"] != "The Example Consortium" || authors[0].(map[string]any)["family"] != "Núñez" {
		t.Errorf("authors = %v", authors)
	}
	if items[1]["type"] != "article" || items[2]["type"] != "dataset" || items[3]["issued"] != nil {
		t.Errorf("types/dates = %v %v %v", items[1]["type"], items[2]["type"], items[3]["issued"])
	}
	empty, _ := CSLJSON(nil)
	if strings.TrimSpace(string(empty)) != "[]" {
		t.Errorf("empty list = %s", empty)
	}
}

func TestAtom(t *testing.T) {
	ws := testWorks()
	ws[0].Summary = "Núñez, The Example Consortium, Plato. Journal, 2020."
	b, err := Atom(FeedMeta{ID: "https://lab.example.org/", Title: "Lab <publications>", SiteURL: "https://lab.example.org/publications/", SelfURL: "https://lab.example.org/feed.xml"}, ws)
	if err != nil {
		t.Fatal(err)
	}
	var f AtomFeed
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	if f.XMLName.Space != AtomNS || f.Title != "Lab <publications>" || f.Author == nil {
		t.Errorf("feed header = %+v", f)
	}
	if len(f.Entries) != 3 {
		t.Fatalf("got %d entries, want 3 (the undated work is left out)", len(f.Entries))
	}
	if f.Updated != "2021-07-01T00:00:00Z" {
		t.Errorf("feed updated = %s, want the newest publication date", f.Updated)
	}
	e := f.Entries[0]
	if e.Updated != "2020-02-04T00:00:00Z" || e.Links[0].Href != "https://doi.org/10.1000/a_1" || len(e.Authors) != 3 || e.Summary != ws[0].Summary {
		t.Errorf("entry 0 = %+v", e)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if !strings.HasPrefix(e.ID, "urn:uuid:") || len(e.ID) != 45 || ids[e.ID] {
			t.Errorf("bad or duplicate id %q", e.ID)
		}
		ids[e.ID] = true
	}
	// Stable: the id depends only on the work's ID.
	if EntryID(Work{ID: "doi:10.1000/a_1", Title: "changed"}) != f.Entries[0].ID {
		t.Error("entry id changed with the title")
	}
	many := Work{ID: "x:many", Title: "Big", Year: 2022}
	for i := 0; i < 30; i++ {
		many.Authors = append(many.Authors, Name{Given: "A", Family: fmt.Sprint("N", i)})
	}
	mb, _ := Atom(FeedMeta{ID: "https://x/", Title: "x"}, []Work{many})
	var mf AtomFeed
	if err := xml.Unmarshal(mb, &mf); err != nil || len(mf.Entries[0].Authors) != MaxFeedAuthors {
		t.Errorf("long author list: %v, %d authors", err, len(mf.Entries[0].Authors))
	}
	again, _ := Atom(FeedMeta{ID: "https://lab.example.org/", Title: "Lab <publications>", SiteURL: "https://lab.example.org/publications/", SelfURL: "https://lab.example.org/feed.xml"}, ws)
	if string(again) != string(b) {
		t.Error("two runs differ")
	}
}
