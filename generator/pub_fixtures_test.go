package generator

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/orcidsite/orcidsite/orcid"
)

// This file holds the small hand-written fixtures of the publication
// tests: members, works and identifiers built in Go.

// mkID returns a valid ORCID iD ending in n.
func mkID(n int) orcid.ID {
	base := fmt.Sprintf("000000020000%03d", n)
	return orcid.ID(fmt.Sprintf("%s-%s-%s-%s%c", base[0:4], base[4:8], base[8:12], base[12:15], orcid.CheckDigit(base)))
}

// member is a test person.
func member(n int, given, family string, other ...string) *Person {
	p := &Person{ID: mkID(n), GivenNames: given, FamilyName: family, Name: given + " " + family, OtherNames: other, HasData: true}
	p.Slug = Slugify(p.Name)
	return p
}

func doiID(v string) orcid.ExternalID {
	return orcid.ExternalID{Type: "doi", Value: v, Relationship: "self"}
}

func extID(typ, v, rel string) orcid.ExternalID {
	return orcid.ExternalID{Type: typ, Value: v, Relationship: rel}
}

// wk is a test work.
type wk struct {
	pc       int64
	title    string
	typ      string
	date     orcid.FuzzyDate
	ids      []orcid.ExternalID
	contribs []orcid.Contributor
	bibtex   string
}

func y(year int) orcid.FuzzyDate         { return orcid.FuzzyDate{Year: year} }
func ym(year, month int) orcid.FuzzyDate { return orcid.FuzzyDate{Year: year, Month: month} }
func contrib(name string, id orcid.ID) orcid.Contributor {
	c := orcid.Contributor{CreditName: orcid.Value(name), Attributes: &orcid.ContributorAttributes{Role: "author"}}
	if id != "" {
		c.ContributorORCID = &orcid.Identifier{Path: string(id), URI: id.URI(), Host: "orcid.org"}
	}
	return c
}

// snapOf builds a snapshot with one group per work, the full work stored.
func snapOf(id orcid.ID, works ...wk) *Snapshot {
	s := &Snapshot{ORCID: id}
	for _, w := range works {
		typ := w.typ
		if typ == "" {
			typ = "journal-article"
		}
		full := orcid.Work{PutCode: w.pc, Title: &orcid.Title{Title: orcid.Value(w.title)}, Type: typ, PublicationDate: w.date,
			ExternalIDs: orcid.ExternalIDs{ExternalID: w.ids}}
		if w.contribs != nil {
			full.Contributors = &orcid.Contributors{Contributor: w.contribs}
		}
		if w.bibtex != "" {
			full.Citation = &orcid.Citation{Type: "bibtex", Value: w.bibtex}
		}
		s.Works = append(s.Works, full)
		s.Record.ActivitiesSummary.Works.Group = append(s.Record.ActivitiesSummary.Works.Group, orcid.WorkGroup{
			ExternalIDs: orcid.ExternalIDs{ExternalID: w.ids},
			WorkSummary: []orcid.WorkSummary{{PutCode: w.pc, Title: full.Title, Type: typ, PublicationDate: w.date, ExternalIDs: full.ExternalIDs}},
		})
	}
	s.SortWorks()
	return s
}

// pubCase runs the publications step over members and their works.
type pubCase struct {
	people []*Person
	works  map[*Person][]wk
	cfg    PublicationsConfig
	files  map[string]string
}

func (c pubCase) run(t *testing.T) publicationResult {
	t.Helper()
	perPerson := map[*Person][]*Publication{}
	for _, p := range c.people {
		perPerson[p] = personWorks(p, snapOf(p.ID, c.works[p]...))
	}
	cfg := &Config{Publications: c.cfg}
	if cfg.Publications.Preprints == "" {
		cfg.Publications.Preprints = PreprintsFold
	}
	fsys := fstest.MapFS{}
	for k, v := range c.files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	res, err := buildPublications(fsys, cfg, c.people, perPerson)
	if err != nil {
		t.Fatalf("buildPublications: %v", err)
	}
	return res
}

// titles lists the entries' titles.
func titles(pubs []*Publication) []string {
	var out []string
	for _, p := range pubs {
		out = append(out, p.FullTitle())
	}
	return out
}

// memberNames lists an entry's members' names.
func memberNames(p *Publication) []string {
	var out []string
	for _, m := range p.Members {
		out = append(out, m.Name)
	}
	return out
}

// mapFS makes an fs.FS of file contents.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}
