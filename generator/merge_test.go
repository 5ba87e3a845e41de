package generator

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
)

// entry is what a merge test expects of one entry of the list.
type entry struct {
	Title     string
	DOI       string
	Members   []string
	Preprints []string // link names and values: "bioRxiv 10.1101/…"
	Versions  []string
}

func entriesOf(pubs []*Publication) []entry {
	var out []entry
	for _, p := range pubs {
		e := entry{Title: p.FullTitle(), DOI: p.DOI, Members: memberNames(p), Versions: p.Versions}
		for _, l := range p.Preprints {
			e.Preprints = append(e.Preprints, l.Name+" "+l.Value)
		}
		out = append(out, e)
	}
	return out
}

func TestMerge(t *testing.T) {
	ann, bob, cid := member(1, "Ann", "Lee"), member(2, "Bob", "Ray"), member(3, "Cid", "Oh")
	withNormalized := doiID("https://doi.org/10.1000/ABC")
	withNormalized.Normalized = &orcid.NormalizedID{Value: "10.1000/abc", Transient: true}
	tests := []struct {
		name    string
		c       pubCase
		want    []entry
		explain []string // substrings, in order
	}{
		{
			name: "same DOI in three spellings, three members",
			c: pubCase{people: []*Person{ann, bob, cid}, works: map[*Person][]wk{
				ann: {{pc: 1, title: "Shared work", date: y(2020), ids: []orcid.ExternalID{withNormalized}}},
				bob: {{pc: 2, title: "Shared Work.", date: ym(2020, 5), ids: []orcid.ExternalID{doiID("doi:10.1000/Abc")}}},
				cid: {{pc: 3, title: "shared work", date: y(2020), ids: []orcid.ExternalID{doiID(" 10.1000/abc ")}}},
			}},
			want:    []entry{{Title: "Shared Work.", DOI: "10.1000/abc", Members: []string{"Ann Lee", "Bob Ray", "Cid Oh"}}},
			explain: []string{"same DOI 10.1000/abc", "same DOI 10.1000/abc"},
		},
		{
			name: "preprint folded into the article",
			c: pubCase{people: []*Person{ann, bob}, works: map[*Person][]wk{
				ann: {{pc: 1, title: "Birds of the Atlantic: a survey", typ: "preprint", date: y(2020), ids: []orcid.ExternalID{doiID("10.1101/2020.01.02.123456")}}},
				bob: {{pc: 2, title: "Birds of the Atlantic - A Survey", date: y(2021), ids: []orcid.ExternalID{doiID("10.1038/s1")}}},
			}},
			want:    []entry{{Title: "Birds of the Atlantic - A Survey", DOI: "10.1038/s1", Members: []string{"Ann Lee", "Bob Ray"}, Preprints: []string{"bioRxiv 10.1101/2020.01.02.123456"}}},
			explain: []string{"folded preprint 0000-0002-0000-0014 put-code 1 \"Birds of the Atlantic: a survey\" into 0000-0002-0000-0022 put-code 2 \"Birds of the Atlantic - A Survey\": same title"},
		},
		{
			name: "preprint by DOI prefix only, linked with version-of, different title",
			c: pubCase{people: []*Person{ann}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "Old working title", typ: "other", date: y(2019), ids: []orcid.ExternalID{doiID("10.21203/rs.3.rs-1/v1"), extID("doi", "10.1000/final", "version-of")}},
					{pc: 2, title: "Final title", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/final")}},
				},
			}},
			want:    []entry{{Title: "Final title", DOI: "10.1000/final", Members: []string{"Ann Lee"}, Preprints: []string{"Research Square 10.21203/rs.3.rs-1/v1"}}},
			explain: []string{"version-of doi 10.1000/final"},
		},
		{
			name: "an accepted manuscript with version-of folds into the article, even with separate preprints",
			c: pubCase{people: []*Person{ann, bob}, cfg: PublicationsConfig{Preprints: PreprintsSeparate}, works: map[*Person][]wk{
				ann: {{pc: 1, title: "Author manuscript: Tides", typ: "journal-article", date: y(2020), ids: []orcid.ExternalID{doiID("10.5281/zenodo.42"), extID("doi", "10.1000/TIDES", "version-of")}}},
				bob: {{pc: 2, title: "Tides and moons", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/tides")}}},
			}},
			want:    []entry{{Title: "Tides and moons", DOI: "10.1000/tides", Members: []string{"Ann Lee", "Bob Ray"}, Preprints: []string{"Other version 10.5281/zenodo.42"}}},
			explain: []string{"folded version 0000-0002-0000-0014 put-code 1"},
		},
		{
			name: "preprints kept separate",
			c: pubCase{people: []*Person{ann}, cfg: PublicationsConfig{Preprints: PreprintsSeparate}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "Deep sea vents revisited", typ: "preprint", date: y(2020), ids: []orcid.ExternalID{doiID("10.48550/arXiv.2001.00001")}},
					{pc: 2, title: "Deep sea vents revisited", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/vents")}},
				},
			}},
			want: []entry{
				{Title: "Deep sea vents revisited", DOI: "10.1000/vents", Members: []string{"Ann Lee"}},
				{Title: "Deep sea vents revisited", DOI: "10.48550/arxiv.2001.00001", Members: []string{"Ann Lee"}},
			},
		},
		{
			name: "preprints hidden",
			c: pubCase{people: []*Person{ann}, cfg: PublicationsConfig{Preprints: PreprintsHide}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "Deep sea vents revisited", typ: "preprint", date: y(2020), ids: []orcid.ExternalID{doiID("10.48550/arXiv.2001.00001")}},
					{pc: 2, title: "Deep sea vents revisited", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/vents")}},
					{pc: 3, title: "An unpublished preprint", typ: "preprint", date: y(2022)},
				},
			}},
			want: []entry{{Title: "Deep sea vents revisited", DOI: "10.1000/vents", Members: []string{"Ann Lee"}}},
		},
		{
			name: "versioned DOIs collapse, newest version shown",
			c: pubCase{people: []*Person{ann, bob}, works: map[*Person][]wk{
				ann: {{pc: 1, title: "Data for the survey", typ: "data-set", date: y(2020), ids: []orcid.ExternalID{doiID("10.6084/m9.figshare.12345.v1")}}},
				bob: {
					{pc: 2, title: "Data for the survey (updated)", typ: "data-set", date: y(2021), ids: []orcid.ExternalID{doiID("10.6084/m9.figshare.12345.v2")}},
					{pc: 3, title: "OSF preprint", typ: "preprint", date: y(2021), ids: []orcid.ExternalID{doiID("10.31219/osf.io/abcde_v1")}},
					{pc: 4, title: "OSF preprint", typ: "preprint", date: y(2021), ids: []orcid.ExternalID{doiID("10.31219/osf.io/abcde_v2")}},
				},
			}},
			want: []entry{
				{Title: "OSF preprint", DOI: "10.31219/osf.io/abcde_v2", Members: []string{"Bob Ray"}, Versions: []string{"10.31219/osf.io/abcde_v1"}},
				{Title: "Data for the survey", DOI: "10.6084/m9.figshare.12345.v2", Members: []string{"Ann Lee", "Bob Ray"}, Versions: []string{"10.6084/m9.figshare.12345.v1"}},
			},
			explain: []string{"versions of one DOI: 10.6084/m9.figshare.12345.v1 and 10.6084/m9.figshare.12345.v2", "versions of one DOI"},
		},
		{
			name: "same title without DOI, accents and punctuation",
			c: pubCase{people: []*Person{ann, bob}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "Le café des Éléments: a study", date: y(2018)},
					{pc: 2, title: "Measuring rainfall in the tropics", date: y(2017), ids: []orcid.ExternalID{extID("uri", "https://example.org/rain", "self")}},
				},
				bob: {
					{pc: 3, title: "  le Cafe des elements — A STUDY ", date: y(2018)},
					{pc: 4, title: "Measuring rainfall in the tropics", date: y(2019)},
				},
			}},
			want: []entry{
				{Title: "Measuring rainfall in the tropics", Members: []string{"Bob Ray"}},
				{Title: "Le café des Éléments: a study", Members: []string{"Ann Lee", "Bob Ray"}},
				{Title: "Measuring rainfall in the tropics", Members: []string{"Ann Lee"}},
			},
			explain: []string{"same title and year (2018)"},
		},
		{
			name: "same title but different DOIs stay apart; generic titles never match",
			c: pubCase{people: []*Person{ann, bob}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "Annual report of the survey", typ: "report", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/r1")}},
					{pc: 2, title: "Editorial", date: y(2020)},
				},
				bob: {
					{pc: 3, title: "Annual report of the survey", typ: "report", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/r2")}},
					{pc: 4, title: "Editorial", date: y(2020)},
				},
			}},
			want: []entry{
				{Title: "Annual report of the survey", DOI: "10.1000/r1", Members: []string{"Ann Lee"}},
				{Title: "Annual report of the survey", DOI: "10.1000/r2", Members: []string{"Bob Ray"}},
				{Title: "Editorial", Members: []string{"Ann Lee"}},
				{Title: "Editorial", Members: []string{"Bob Ray"}},
			},
		},
		{
			name: "other self identifiers: PMID, arXiv id and arXiv DOI, ISBN of books only",
			c: pubCase{people: []*Person{ann, bob}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "Gene X in mice", date: y(2015), ids: []orcid.ExternalID{extID("pmid", "PMID:123456", "self")}},
					{pc: 2, title: "Quantum stuff", typ: "other", date: y(2021), ids: []orcid.ExternalID{extID("arxiv", "arXiv:2101.00001v2", "self")}},
					{pc: 5, title: "Chapter one of the handbook", typ: "book-chapter", date: y(2010), ids: []orcid.ExternalID{extID("isbn", "978-3-16-148410-0", "self")}},
					{pc: 7, title: "The handbook", typ: "book", date: y(2010), ids: []orcid.ExternalID{extID("isbn", "3-16-148410-X", "self")}},
				},
				bob: {
					{pc: 3, title: "Gene X in mice (corrected title)", date: y(2015), ids: []orcid.ExternalID{extID("pmid", "123456", "self"), extID("pmid", "999", "part-of")}},
					{pc: 4, title: "Quantum Stuff!", typ: "preprint", date: y(2021), ids: []orcid.ExternalID{doiID("10.48550/arXiv.2101.00001")}},
					{pc: 6, title: "Chapter two of the handbook", typ: "book-chapter", date: y(2010), ids: []orcid.ExternalID{extID("isbn", "9783161484100", "self")}},
					{pc: 8, title: "The Handbook.", typ: "book", date: y(2010), ids: []orcid.ExternalID{extID("isbn", "978-3-16-148410-0", "self")}},
				},
			}},
			want: []entry{
				{Title: "Quantum Stuff!", DOI: "10.48550/arxiv.2101.00001", Members: []string{"Ann Lee", "Bob Ray"}},
				{Title: "Gene X in mice", Members: []string{"Ann Lee", "Bob Ray"}},
				{Title: "Chapter one of the handbook", Members: []string{"Ann Lee"}},
				{Title: "Chapter two of the handbook", Members: []string{"Bob Ray"}},
				{Title: "The handbook", Members: []string{"Ann Lee", "Bob Ray"}},
			},
			explain: []string{"same pmid 123456", "same arxiv 2101.00001", "same isbn 9783161484100"},
		},
		{
			name: "undated works kept, last; dates never taken from elsewhere",
			c: pubCase{people: []*Person{ann}, works: map[*Person][]wk{
				ann: {
					{pc: 1, title: "No date at all"},
					{pc: 2, title: "Dated", date: orcid.FuzzyDate{Year: 2001, Month: 13, Day: 40}},
				},
			}},
			want: []entry{{Title: "Dated", Members: []string{"Ann Lee"}}, {Title: "No date at all", Members: []string{"Ann Lee"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.run(t)
			if d := cmp.Diff(tt.want, entriesOf(res.Publications)); d != "" {
				t.Errorf("entries (-want +got):\n%s", d)
			}
			if len(res.Explain) < len(tt.explain) {
				t.Fatalf("explain = %q, want %d lines like %q", res.Explain, len(tt.explain), tt.explain)
			}
			for i, want := range tt.explain {
				if !strings.Contains(res.Explain[i], want) {
					t.Errorf("explain[%d] = %q, want it to contain %q", i, res.Explain[i], want)
				}
			}
			// Determinism: the same input gives the same list and log.
			again := tt.c.run(t)
			if d := cmp.Diff(entriesOf(res.Publications), entriesOf(again.Publications)); d != "" || !cmp.Equal(res.Explain, again.Explain) {
				t.Errorf("second run differs:\n%s", d)
			}
		})
	}
}

func TestMergeKeepsAttributionOnPersonPages(t *testing.T) {
	ann, bob := member(1, "Ann", "Lee"), member(2, "Bob", "Ray")
	res := pubCase{people: []*Person{ann, bob}, works: map[*Person][]wk{
		ann: {{pc: 1, title: "Shared", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/shared")}}, {pc: 2, title: "Ann alone", date: y(2019)}},
		bob: {{pc: 9, title: "Shared", date: y(2020), ids: []orcid.ExternalID{doiID("10.1000/SHARED")}}},
	}}.run(t)
	if len(res.Publications) != 2 {
		t.Fatalf("got %q", titles(res.Publications))
	}
	shared := res.Publications[0]
	if len(ann.Publications) != 2 || ann.Publications[0] != shared || len(bob.Publications) != 1 || bob.Publications[0] != shared {
		t.Errorf("person lists: ann %q, bob %q", titles(ann.Publications), titles(bob.Publications))
	}
	want := []WorkSource{{ORCID: ann.ID, PutCode: 1}, {ORCID: bob.ID, PutCode: 9}}
	if d := cmp.Diff(want, shared.Sources); d != "" {
		t.Errorf("sources (-want +got):\n%s", d)
	}
	if shared.Key != "doi:10.1000/shared" || !strings.HasPrefix(shared.Anchor, "pub-") {
		t.Errorf("key %q anchor %q", shared.Key, shared.Anchor)
	}
}

func TestPreferredVersion(t *testing.T) {
	// Two versions in one group: the one with the highest display-index is shown.
	p := member(1, "Ann", "Lee")
	snap := &Snapshot{ORCID: p.ID}
	snap.Record.ActivitiesSummary.Works.Group = []orcid.WorkGroup{{WorkSummary: []orcid.WorkSummary{
		{PutCode: 5, Title: &orcid.Title{Title: "From Crossref"}, Type: "journal-article", DisplayIndex: 0, PublicationDate: y(2020)},
		{PutCode: 6, Title: &orcid.Title{Title: "Chosen by the researcher"}, Type: "journal-article", DisplayIndex: 1, PublicationDate: y(2020)},
	}}}
	pubs := personWorks(p, snap)
	if len(pubs) != 1 || pubs[0].Title != "Chosen by the researcher" || pubs[0].Sources[0].PutCode != 6 {
		t.Errorf("got %q", titles(pubs))
	}
}

func TestTypesAndSections(t *testing.T) {
	tests := []struct{ typ, label, section string }{
		{"journal-article", "Journal article", SectionArticles},
		{"conference-paper", "Conference paper", SectionConference},
		{"book-chapter", "Book chapter", SectionBooks},
		{"preprint", "Preprint", SectionPreprints},
		{"data-set", "Data set", SectionDataSoftware},
		{"software", "Software", SectionDataSoftware},
		{"dissertation-thesis", "Thesis", SectionOther},
		{"brand-new-type", "Brand new type", SectionOther},
		{"", "Other", SectionOther},
	}
	for _, tt := range tests {
		if l, s := WorkTypeLabel(tt.typ), WorkTypeSection(tt.typ); l != tt.label || s != tt.section {
			t.Errorf("%q: label %q section %q, want %q %q", tt.typ, l, s, tt.label, tt.section)
		}
	}
	for _, wt := range WorkTypes {
		if _, ok := workTypes[wt]; !ok {
			t.Errorf("work type %q has no label", wt)
		}
	}
	pubs := []*Publication{{Title: "a", Section: SectionOther}, {Title: "b", Section: SectionArticles}, {Title: "c", Section: SectionArticles}}
	secs := PublicationSections(pubs)
	if len(secs) != 2 || secs[0].Label != "Journal articles" || len(secs[0].Publications) != 2 || secs[1].Name != SectionOther {
		t.Errorf("sections = %+v", secs)
	}
}

func TestBestLinkWithoutDOI(t *testing.T) {
	tests := []struct {
		ids  []orcid.ExternalID
		url  string
		want string
	}{
		{[]orcid.ExternalID{extID("isbn", "978-3-16-148410-0", "self"), extID("handle", "1721.1/12345", "self")}, "", "https://hdl.handle.net/1721.1/12345"},
		{[]orcid.ExternalID{extID("pmid", "123", "self")}, "https://example.org/paper", "https://example.org/paper"},
		{[]orcid.ExternalID{extID("arxiv", "2101.00001", "self")}, "javascript:alert(1)", "https://arxiv.org/abs/2101.00001"},
		{[]orcid.ExternalID{extID("isbn", "978-3-16-148410-0", "self")}, "", "https://search.worldcat.org/isbn/9783161484100"},
		{[]orcid.ExternalID{extID("pmid", "123", "part-of")}, "", ""},
	}
	for _, tt := range tests {
		p := publicationFromWork(mkID(1), orcid.Work{PutCode: 1, URL: orcid.Value(tt.url), ExternalIDs: orcid.ExternalIDs{ExternalID: tt.ids}})
		if got := bestLink(p); got != tt.want {
			t.Errorf("bestLink(%v, %q) = %q, want %q", tt.ids, tt.url, got, tt.want)
		}
	}
}

func TestIsPreprintDOI(t *testing.T) {
	for doi, want := range map[string]bool{
		"10.1101/2020.01.01.123456": true, "10.1101/123456": true, "10.1101/gr.123.1": false,
		"10.48550/arxiv.2101.00001": true, "10.21203/rs.3.rs-1/v1": true, "10.31219/osf.io/x": true,
		"10.31234/osf.io/y": true, "10.2139/ssrn.1": true, "10.1038/nature1": false,
	} {
		if got := IsPreprintDOI(doi); got != want {
			t.Errorf("IsPreprintDOI(%q) = %v", doi, got)
		}
	}
}

func TestOnlyPublicationDateCounts(t *testing.T) {
	p := member(1, "Ann", "Lee")
	snap := &Snapshot{ORCID: p.ID}
	snap.Record.ActivitiesSummary.Works.Group = []orcid.WorkGroup{
		{WorkSummary: []orcid.WorkSummary{{PutCode: 1, Title: &orcid.Title{Title: "Created recently"}, Type: "journal-article",
			CreatedDate: orcid.Timestamp(1700000000000), LastModifiedDate: orcid.Timestamp(1710000000000)}}},
		{WorkSummary: []orcid.WorkSummary{{PutCode: 2, Title: &orcid.Title{Title: "Old paper"}, Type: "journal-article",
			PublicationDate: y(1999), CreatedDate: orcid.Timestamp(1720000000000)}}},
	}
	pubs := personWorks(p, snap)
	if !pubs[0].Date.IsZero() || pubs[1].Date != y(1999) {
		t.Errorf("dates = %v, %v", pubs[0].Date, pubs[1].Date)
	}
	sortPublications(pubs)
	if d := cmp.Diff([]string{"Old paper", "Created recently"}, titles(pubs)); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}
