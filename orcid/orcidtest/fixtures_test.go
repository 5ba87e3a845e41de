package orcidtest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

func TestFixtureIDs(t *testing.T) {
	all := Fixtures()
	named := []orcid.ID{IDUnicode, IDCheckX, IDNoWorks, IDManyWorks, IDMultiSource, IDNulls, IDContributors,
		IDDeprecated, IDPrimary, IDLocked, IDDeactivated, IDLabPI, IDLabPostdoc, IDLabStudent}
	if len(all) != len(named) {
		t.Errorf("Fixtures has %d records, %d named iDs", len(all), len(named))
	}
	for _, id := range named {
		if _, err := orcid.ParseID(string(id)); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		if _, ok := all[id]; !ok {
			t.Errorf("%s has no fixture", id)
		}
	}
	if !strings.HasSuffix(string(IDCheckX), "X") {
		t.Errorf("IDCheckX %s does not end in X", IDCheckX)
	}
	if len(LabIDs) != 3 {
		t.Errorf("LabIDs = %v", LabIDs)
	}
}

func TestFixturesConsistent(t *testing.T) {
	for id, f := range Fixtures() {
		r := f.Record
		if r.ORCIDIdentifier.Path != string(id) || r.History == nil || r.History.LastModifiedDate == 0 {
			t.Errorf("%s: identifier %+v history %+v", id, r.ORCIDIdentifier, r.History)
		}
		n := 0
		for gi, g := range r.ActivitiesSummary.Works.Group {
			for i, sum := range g.WorkSummary {
				n++
				w, ok := f.Works[sum.PutCode]
				if !ok {
					t.Errorf("%s: summary %d has no full work", id, sum.PutCode)
					continue
				}
				if !reflect.DeepEqual(w.Title, sum.Title) || w.Type != sum.Type || w.PublicationDate != sum.PublicationDate ||
					!reflect.DeepEqual(w.ExternalIDs, sum.ExternalIDs) || w.LastModifiedDate != sum.LastModifiedDate {
					t.Errorf("%s: summary %d differs from its work", id, sum.PutCode)
				}
				if i > 0 && sum.DisplayIndex > g.WorkSummary[i-1].DisplayIndex {
					t.Errorf("%s: group %d not ordered by display-index", id, gi)
				}
				if sum.LastModifiedDate > g.LastModifiedDate || g.LastModifiedDate > r.History.LastModifiedDate {
					t.Errorf("%s: group %d last-modified is not the latest below it", id, gi)
				}
			}
		}
		if n != len(f.Works) {
			t.Errorf("%s: %d summaries, %d works", id, n, len(f.Works))
		}
	}
}

func TestFixturesDeterministic(t *testing.T) {
	a, b := Fixtures(), Fixtures()
	if !reflect.DeepEqual(a, b) {
		t.Error("two calls of Fixtures differ")
	}
	a[IDCheckX].Works[1200001] = orcid.Work{}
	if reflect.DeepEqual(a[IDCheckX].Works, b[IDCheckX].Works) {
		t.Error("Fixtures returns shared maps")
	}
}

func preferredTitle(g orcid.WorkGroup) string {
	s, _ := g.Preferred()
	if s.Title == nil {
		return ""
	}
	return string(s.Title.Title)
}

func TestFixtureContents(t *testing.T) {
	all := Fixtures()
	groups := func(id orcid.ID) []orcid.WorkGroup { return all[id].Record.ActivitiesSummary.Works.Group }

	if n := len(groups(IDManyWorks)); n <= 250 {
		t.Errorf("IDManyWorks has %d works, want > 250", n)
	}
	if n := len(groups(IDNoWorks)); n != 0 {
		t.Errorf("IDNoWorks has %d works", n)
	}
	name := all[IDUnicode].Record.Person.Name
	if name.GivenNames != "ليلى" || !strings.Contains(string(all[IDUnicode].Record.Person.OtherNames.OtherName[0].Content), "לילה") {
		t.Errorf("IDUnicode names: %+v", name)
	}

	// Multi-source: the preferred version is not the oldest one.
	multi := 0
	for _, g := range groups(IDMultiSource) {
		if len(g.WorkSummary) < 2 {
			continue
		}
		multi++
		pref, _ := g.Preferred()
		if pref.PutCode != g.WorkSummary[0].PutCode {
			t.Errorf("preferred %d is not listed first", pref.PutCode)
		}
	}
	first := groups(IDMultiSource)[0]
	pref, _ := first.Preferred()
	if len(first.WorkSummary) != 3 || pref.Source.SourceName != "Scopus - Elsevier" || pref.CreatedDate <= first.WorkSummary[2].CreatedDate {
		t.Errorf("first multi-source group: %d versions, preferred from %q", len(first.WorkSummary), pref.Source.SourceName)
	}
	if multi < 3 {
		t.Errorf("IDMultiSource has %d multi-version groups", multi)
	}

	// Nulls: a work without title and one without date.
	var noTitle, noDate bool
	for _, g := range groups(IDNulls) {
		s, _ := g.Preferred()
		noTitle = noTitle || s.Title == nil
		noDate = noDate || s.PublicationDate.IsZero()
	}
	if !noTitle || !noDate || all[IDNulls].Record.Person.Name.FamilyName != "" {
		t.Errorf("IDNulls: no-title %v no-date %v", noTitle, noDate)
	}

	// Contributors with and without iDs, BibTeX.
	var withID, withoutID, bib int
	for _, w := range all[IDContributors].Works {
		if w.Citation != nil && w.Citation.Type == "bibtex" {
			bib++
		}
		if w.Contributors == nil {
			continue
		}
		for _, c := range w.Contributors.Contributor {
			if c.ContributorORCID != nil {
				withID++
			} else {
				withoutID++
			}
		}
	}
	if withID == 0 || withoutID == 0 || bib < 2 {
		t.Errorf("IDContributors: %d with iD, %d without, %d BibTeX", withID, withoutID, bib)
	}
}

func TestLabOverlap(t *testing.T) {
	all := Fixtures()
	// DOI (normalized) -> raw spellings across the lab.
	spellings := map[string]map[string]bool{}
	titles := map[string][]string{} // title -> types
	for _, id := range LabIDs {
		f := all[id]
		p := f.Record.Person
		if p.Biography == nil || len(p.Keywords.Keyword) == 0 || len(p.ResearcherURLs.ResearcherURL) == 0 ||
			len(p.ExternalIdentifiers.ExternalIdentifier) == 0 || p.ExternalIdentifiers.ExternalIdentifier[0].Type != "Scopus Author ID" {
			t.Errorf("%s: incomplete person", id)
		}
		as := f.Record.ActivitiesSummary
		if len(as.Employments.AffiliationGroup)+len(as.Educations.AffiliationGroup) < 2 || len(as.Fundings.Group) == 0 {
			t.Errorf("%s: missing affiliations or fundings", id)
		}
		for _, g := range as.Works.Group {
			s, _ := g.Preferred()
			titles[preferredTitle(g)] = append(titles[preferredTitle(g)], s.Type)
			for _, e := range s.ExternalIDs.ExternalID {
				if e.Type == "doi" && e.Relationship == "self" {
					n := e.NormalizedValue()
					if spellings[n] == nil {
						spellings[n] = map[string]bool{}
					}
					spellings[n][e.Value] = true
				}
			}
		}
	}
	if n := len(spellings["10.1234/sbc.2021.0117"]); n != 3 {
		t.Errorf("shared DOI has %d spellings, want 3: %v", n, spellings["10.1234/sbc.2021.0117"])
	}
	if len(spellings["10.1234/jsme.2023.0042"]) < 2 {
		t.Errorf("published article DOI spellings: %v", spellings["10.1234/jsme.2023.0042"])
	}
	if !reflect.DeepEqual(titles[titleHotspots], []string{"journal-article", "preprint", "journal-article"}) {
		t.Errorf("preprint/article title types = %v", titles[titleHotspots])
	}
	for _, d := range []string{"10.1101/2022.09.21.508812", "10.6084/m9.figshare.21234567.v1", "10.6084/m9.figshare.21234567.v2"} {
		if spellings[d] == nil {
			t.Errorf("lab lacks DOI %s", d)
		}
	}
	// A work with a URL and no DOI, and an undated work.
	var urlOnly, undated bool
	for _, g := range all[IDLabStudent].Record.ActivitiesSummary.Works.Group {
		s, _ := g.Preferred()
		urlOnly = urlOnly || (len(s.ExternalIDs.ExternalID) == 0 && s.URL != "")
		undated = undated || s.PublicationDate.IsZero()
	}
	if !urlOnly || !undated {
		t.Errorf("student: url-only %v undated %v", urlOnly, undated)
	}
}
