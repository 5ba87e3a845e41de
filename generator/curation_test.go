package generator

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
)

func curRef(line int, doi string, pc int64) WorkRef {
	return WorkRef{DOI: doi, PutCode: pc, File: "publications.yaml", Line: line}
}

func TestCuration(t *testing.T) {
	ann, bob := member(1, "Ann", "Lee"), member(2, "Bob", "Ray")
	works := map[*Person][]wk{
		ann: {
			{pc: 11, title: "Alpha paper", date: y(2021), ids: []orcid.ExternalID{doiID("10.1000/alpha")}},
			{pc: 12, title: "Beta paper", date: y(2015), ids: []orcid.ExternalID{doiID("10.1000/beta")}},
			{pc: 13, title: "Conference talk on gamma", typ: "conference-presentation", date: y(2022)},
			{pc: 14, title: "Delta data", typ: "data-set", date: y(2023), ids: []orcid.ExternalID{doiID("10.5061/dryad.d1")}},
			{pc: 15, title: "Undated note"},
		},
		bob: {
			{pc: 21, title: "Alpha paper", date: y(2021), ids: []orcid.ExternalID{doiID("https://doi.org/10.1000/ALPHA")}},
			{pc: 22, title: "Bob's old thesis work", typ: "dissertation-thesis", date: ym(2009, 6)},
			{pc: 23, title: "Bob's 2012 paper", date: ym(2012, 3)},
		},
	}
	tests := []struct {
		name     string
		cfg      PublicationsConfig
		members  func()
		files    map[string]string
		want     []string
		warnings []string
		explain  []string // nil: not checked
		check    func(t *testing.T, pubs []*Publication)
	}{
		{
			name: "no curation",
			want: []string{"Delta data", "Conference talk on gamma", "Alpha paper", "Beta paper", "Bob's 2012 paper", "Bob's old thesis work", "Undated note"},
		},
		{
			name: "hide by DOI, put-code and title pattern",
			cfg: PublicationsConfig{Hide: []HideRule{
				{WorkRef: curRef(2, "10.1000/beta", 0)},
				{WorkRef: curRef(3, "", 22)},
				{WorkRef: curRef(4, "", 0), Title: "(?i)^conference talk"},
			}},
			want: []string{"Delta data", "Alpha paper", "Bob's 2012 paper", "Undated note"},
		},
		{
			name: "hide by the put-code of one member hides the shared entry",
			cfg:  PublicationsConfig{Hide: []HideRule{{WorkRef: curRef(2, "", 21)}}},
			want: []string{"Delta data", "Conference talk on gamma", "Beta paper", "Bob's 2012 paper", "Bob's old thesis work", "Undated note"},
		},
		{
			name: "entries that match nothing warn with file and line",
			cfg: PublicationsConfig{
				Hide:     []HideRule{{WorkRef: curRef(7, "10.1/x", 0)}, {WorkRef: curRef(8, "", 999)}, {WorkRef: curRef(9, "", 0), Title: "^Nothing like this$"}},
				Pin:      []WorkRef{curRef(12, "10.1000/alpah", 0)},
				Override: []Override{{WorkRef: curRef(15, "", 12345), Title: "New"}},
			},
			want: []string{"Delta data", "Conference talk on gamma", "Alpha paper", "Beta paper", "Bob's 2012 paper", "Bob's old thesis work", "Undated note"},
			warnings: []string{
				"publications.yaml:15: override put_code 12345 matches no work",
				"publications.yaml:7: hide doi 10.1/x matches no work",
				"publications.yaml:8: hide put_code 999 matches no work",
				`publications.yaml:9: hide title "^Nothing like this$" matches no work`,
				"publications.yaml:12: pin doi 10.1000/alpah matches no work",
			},
		},
		{
			name: "since and types; undated works stay",
			cfg:  PublicationsConfig{Since: 2012, Types: []string{"journal-article", "data-set"}},
			want: []string{"Delta data", "Alpha paper", "Beta paper", "Bob's 2012 paper", "Undated note"},
		},
		{
			name: "pins in order",
			cfg:  PublicationsConfig{Pin: []WorkRef{curRef(3, "", 23), curRef(4, "10.1000/ALPHA", 0)}},
			want: []string{"Delta data", "Conference talk on gamma", "Alpha paper", "Beta paper", "Bob's 2012 paper", "Bob's old thesis work", "Undated note"},
			check: func(t *testing.T, pubs []*Publication) {
				if d := cmp.Diff([]string{"Bob's 2012 paper", "Alpha paper"}, titles(FeaturedPublications(pubs))); d != "" {
					t.Errorf("featured (-want +got):\n%s", d)
				}
			},
		},
		{
			name: "override title, venue, date, type, authors and url",
			cfg: PublicationsConfig{Override: []Override{
				{WorkRef: curRef(3, "10.1000/beta", 0), Title: "Beta paper (corrected)", Venue: "Journal of Beta", Date: "2016-02", Type: "conference-paper",
					Authors: []string{"Lee, A.", "Ray, Bob", "Carol Outsider"}, URL: "https://example.org/beta"},
			}},
			want: []string{"Delta data", "Conference talk on gamma", "Alpha paper", "Beta paper (corrected)", "Bob's 2012 paper", "Bob's old thesis work", "Undated note"},
			check: func(t *testing.T, pubs []*Publication) {
				p := pubs[3]
				if p.Venue != "Journal of Beta" || p.Date != ym(2016, 2) || p.Type != "conference-paper" || p.Section != SectionConference || p.URL != "https://example.org/beta" || p.AuthorsFrom != "override" {
					t.Errorf("override not applied: %+v", p)
				}
				// Bob did not claim it: he is linked by his full name.
				if d := cmp.Diff([]authorView{{Name: "Lee, A.", Member: "ann-lee"}, {Name: "Ray, Bob", Member: "bob-ray"}, {Name: "Carol Outsider"}}, viewAuthors(p.Authors)); d != "" {
					t.Errorf("authors (-want +got):\n%s", d)
				}
			},
		},
		{
			name: "an override that changes a date or title changes the order",
			cfg: PublicationsConfig{Override: []Override{
				{WorkRef: curRef(3, "10.1000/beta", 0), Date: "2024"},
				{WorkRef: curRef(4, "", 13), Title: "Zeta talk", Date: "2021"}, // after Alpha paper, of 2021
			}},
			want: []string{"Beta paper", "Delta data", "Alpha paper", "Zeta talk", "Bob's 2012 paper", "Bob's old thesis work", "Undated note"},
		},
		{
			name: "member dates by publication date",
			cfg:  PublicationsConfig{MemberDates: true},
			members: func() {
				bob.From = orcid.FuzzyDate{Year: 2012, Month: 3}
				ann.To = orcid.FuzzyDate{Year: 2021}
			},
			want: []string{"Alpha paper", "Beta paper", "Bob's 2012 paper", "Undated note"},
			check: func(t *testing.T, pubs []*Publication) {
				if d := cmp.Diff([]string{"Ann Lee", "Bob Ray"}, memberNames(pubs[0])); d != "" {
					t.Errorf("alpha members (-want +got):\n%s", d)
				}
			},
			explain: []string{
				`left out 0000-0002-0000-0014 put-code 13 "Conference talk on gamma" for Ann Lee: published 2022, outside membership until 2021`,
				`left out 0000-0002-0000-0014 put-code 14 "Delta data" for Ann Lee: published 2023, outside membership until 2021`,
				`left out 0000-0002-0000-0022 put-code 22 "Bob's old thesis work" for Bob Ray: published Jun 2009, outside membership Mar 2012 – present`,
				`merged 0000-0002-0000-0022 put-code 21 "Alpha paper" with 0000-0002-0000-0014 put-code 11 "Alpha paper": same DOI 10.1000/alpha`,
			},
		},
		{
			name: "works added from a BibTeX file merge by DOI and find their members",
			cfg:  PublicationsConfig{Add: []string{"extra/refs.bib"}},
			files: map[string]string{"extra/refs.bib": `
@article{lee2021alpha, title = {Alpha Paper}, author = {Lee, Ann}, doi = {10.1000/Alpha}, year = 2021}
@book{ray2005book, title = {An old book not in {ORCID}}, author = {Bob Ray and Zoe Q. Public}, publisher = {Press}, year = 2005, month = mar}
`},
			want: []string{"Delta data", "Conference talk on gamma", "Alpha paper", "Beta paper", "Bob's 2012 paper", "Bob's old thesis work", "An old book not in ORCID", "Undated note"},
			check: func(t *testing.T, pubs []*Publication) {
				book := pubs[6]
				if book.Type != "book" || book.Venue != "Press" || book.Date != ym(2005, 3) || book.Key != "bib:extra/refs.bib:ray2005book" || book.AuthorsFrom != "add" {
					t.Errorf("added book = %+v", book)
				}
				if d := cmp.Diff([]string{"Bob Ray"}, memberNames(book)); d != "" {
					t.Errorf("book members (-want +got):\n%s", d)
				}
				if len(pubs[2].Sources) != 2 || pubs[2].AddedFrom != "" {
					t.Errorf("alpha should stay the ORCID entry: %+v", pubs[2])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ann.From, ann.To, bob.From, bob.To = orcid.FuzzyDate{}, orcid.FuzzyDate{}, orcid.FuzzyDate{}, orcid.FuzzyDate{}
			if tt.members != nil {
				tt.members()
			}
			res := pubCase{people: []*Person{ann, bob}, works: works, cfg: tt.cfg, files: tt.files}.run(t)
			if d := cmp.Diff(tt.want, titles(res.Publications)); d != "" {
				t.Errorf("titles (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.warnings, res.Warnings); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
			if tt.check != nil {
				tt.check(t, res.Publications)
			}
			if tt.explain != nil {
				if d := cmp.Diff(tt.explain, res.Explain); d != "" {
					t.Errorf("explain (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestAddFileErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"@article{a, title = {x}\n", "refs.bib: line 1: @article{a: entry not closed"},
		{"@article{a, title={x}}\n@misc{a, title={y}}", `refs.bib:2: citation key "a" already used on line 1`},
	}
	for _, tt := range tests {
		c := pubCase{cfg: PublicationsConfig{Add: []string{"refs.bib"}}, files: map[string]string{"refs.bib": tt.src}}
		cfg := &Config{Publications: c.cfg}
		_, err := buildPublications(mapFS(c.files), cfg, nil, map[*Person][]*Publication{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("error = %v, want %q", err, tt.want)
		}
	}
	_, err := buildPublications(mapFS(nil), &Config{Publications: PublicationsConfig{Add: []string{"missing.bib"}}}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "missing.bib") {
		t.Errorf("missing file error = %v", err)
	}
}

func TestWithinMembership(t *testing.T) {
	tests := []struct {
		d, from, to orcid.FuzzyDate
		want        bool
	}{
		{y(2020), y(2019), y(2021), true},
		{y(2018), y(2019), orcid.FuzzyDate{}, false},
		{y(2019), ym(2019, 6), orcid.FuzzyDate{}, true}, // the year overlaps
		{ym(2019, 5), ym(2019, 6), orcid.FuzzyDate{}, false},
		{orcid.FuzzyDate{Year: 2022, Month: 1, Day: 1}, orcid.FuzzyDate{}, ym(2021, 12), false},
		{orcid.FuzzyDate{}, y(2019), y(2020), true},
	}
	for _, tt := range tests {
		if got := withinMembership(tt.d, tt.from, tt.to); got != tt.want {
			t.Errorf("withinMembership(%v, %v, %v) = %v", tt.d, tt.from, tt.to, got)
		}
	}
}

// TestCurationInBuild checks publications.yaml end to end: the
// configuration's file and line reach the warnings, and the exports and
// pages carry the curated list.
func TestCurationInBuild(t *testing.T) {
	fsys, cfg := testSite(t, "https://x.org/lab/", map[string]string{
		"publications.yaml": "hide:\n  - doi: https://doi.org/10.1/TYPO\npin:\n  - put_code: 7\noverride:\n  - put_code: 7\n    venue: Taylor's Scientific Memoirs\nadd:\n  - refs.bib\n",
		"refs.bib":          "@misc{lovelace1842sketch, author = {Lovelace, Ada}, title = {Sketch of the {Analytical Engine}}, year = 1842}\n",
	})
	snaps, err := LoadSnapshots(fsys, cfg.People)
	if err != nil {
		t.Fatal(err)
	}
	site, err := BuildSite(fsys, cfg, cfg.People, snaps)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"publications.yaml:2: hide doi 10.1/typo matches no work"}, site.Warnings); d != "" {
		t.Errorf("warnings (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"Notes on the <Engine>", "Sketch of the Analytical Engine"}, titles(site.Publications)); d != "" {
		t.Fatalf("titles (-want +got):\n%s", d)
	}
	notes, sketch := site.Publications[0], site.Publications[1]
	if !notes.Pinned || notes.Venue != "Taylor's Scientific Memoirs" || len(sketch.Members) != 1 || sketch.Authors[0].Person == nil {
		t.Errorf("curation not applied: %+v / %+v", notes, sketch)
	}
	out, err := Render(fsys, site, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"publications.bib", "publications.json", "feed.xml", "people/" + site.People[0].Slug + "/publications.bib"} {
		b, ok := out.File(f)
		if !ok || !strings.Contains(string(b), "Analytical Engine") {
			t.Errorf("%s missing or without the added work:\n%s", f, b)
		}
	}
}

func TestCurationOfFoldedPreprints(t *testing.T) {
	ann, bob := member(1, "Ann", "Lee"), member(2, "Bob", "Ray")
	works := map[*Person][]wk{
		ann: {{pc: 1, title: "Corals under heat stress", typ: "preprint", date: y(2020), ids: []orcid.ExternalID{doiID("10.1101/2020.05.05.000001")}}},
		bob: {{pc: 2, title: "Corals Under Heat Stress", date: y(2021), ids: []orcid.ExternalID{doiID("10.1000/corals")}}},
	}
	tests := []struct {
		name      string
		cfg       PublicationsConfig
		preprints int
		pinned    bool
		warnings  []string
	}{
		{name: "folded", preprints: 1},
		{name: "hide the preprint by put-code: the link goes, the work stays", cfg: PublicationsConfig{Hide: []HideRule{{WorkRef: curRef(2, "", 1)}}}},
		{name: "hide the preprint by DOI", cfg: PublicationsConfig{Hide: []HideRule{{WorkRef: curRef(2, "10.1101/2020.05.05.000001", 0)}}}},
		{name: "pin by the preprint's DOI pins the work", cfg: PublicationsConfig{Pin: []WorkRef{curRef(3, "10.1101/2020.05.05.000001", 0)}}, preprints: 1, pinned: true},
		{
			name: "an override of a folded preprint says where it went", preprints: 1,
			cfg:      PublicationsConfig{Override: []Override{{WorkRef: curRef(4, "", 1), Title: "x"}}},
			warnings: []string{"publications.yaml:4: override put_code 1 is a preprint shown as a link of doi:10.1000/corals; override that work instead"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := pubCase{people: []*Person{ann, bob}, works: works, cfg: tt.cfg}.run(t)
			if len(res.Publications) != 1 {
				t.Fatalf("got %q", titles(res.Publications))
			}
			p := res.Publications[0]
			if len(p.Preprints) != tt.preprints || p.Pinned != tt.pinned || p.Title != "Corals Under Heat Stress" {
				t.Errorf("entry %q: %d preprints, pinned %v", p.Title, len(p.Preprints), p.Pinned)
			}
			if d := cmp.Diff([]string{"Ann Lee", "Bob Ray"}, memberNames(p)); d != "" {
				t.Errorf("members (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.warnings, res.Warnings); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
		})
	}
}
