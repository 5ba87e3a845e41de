package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

// corpusDir holds real ORCID responses when the shared corpus is present.
var corpusDir = filepath.Join("..", "..", "shared", "orcid-corpus")

// TestCorpusPublications builds the publication list from every v3.0 works
// list (and record) of the corpus, each alone and all together as one site, and checks
// that no entry is a duplicate of another, no work is lost, and no entry is
// undated when one of its works had a date.
func TestCorpusPublications(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "works_v3.0_*.json"))
	records, _ := filepath.Glob(filepath.Join(corpusDir, "record_v3.0_*.json"))
	files = append(files, records...)
	if len(files) == 0 {
		t.Skip("no ORCID corpus at " + corpusDir)
	}
	var people []*Person
	works := map[*Person]orcid.Works{}
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w orcid.Works
		if strings.HasPrefix(filepath.Base(f), "record_") {
			var r orcid.Record
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			w = r.ActivitiesSummary.Works
		} else if err := json.Unmarshal(b, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		p := member(i+1, "Corpus", "Member "+strconv.Itoa(i+1))
		p.Name = strings.TrimSuffix(filepath.Base(f), ".json")
		people = append(people, p)
		works[p] = w
	}
	check := func(t *testing.T, people []*Person) {
		perPerson := map[*Person][]*Publication{}
		dated := map[WorkSource]bool{}
		groups := 0
		for _, p := range people {
			snap := &Snapshot{ORCID: p.ID}
			snap.Record.ActivitiesSummary.Works = works[p]
			for _, g := range works[p].Group {
				if s, ok := g.Preferred(); ok {
					groups++
					dated[WorkSource{ORCID: p.ID, PutCode: s.PutCode}] = s.PublicationDate.Year > 0
				}
			}
			perPerson[p] = personWorks(p, snap)
		}
		res, err := buildPublications(mapFS(nil), &Config{Publications: PublicationsConfig{Preprints: PreprintsFold}}, people, perPerson)
		if err != nil {
			t.Fatal(err)
		}
		sources := 0
		byDOI := map[string]*Publication{}
		byID := map[string]*Publication{}
		byTitle := map[string][]*Publication{}
		keys := map[string]bool{}
		for _, p := range res.Publications {
			if keys[p.Key] {
				t.Errorf("key %s used twice", p.Key)
			}
			keys[p.Key] = true
			sources += len(p.Sources)
			for _, v := range p.Preprints {
				sources += len(v.Sources)
			}
			if p.Date.Year == 0 {
				for _, s := range p.Sources {
					if dated[s] {
						t.Errorf("%q is undated but work %d of %s had a date", p.Title, s.PutCode, s.ORCID)
					}
				}
			}
			for _, d := range selfDOIs(p) {
				base, _ := doiBase(d)
				if q := byDOI[base]; q != nil && q != p {
					t.Errorf("DOI %s in two entries: %q and %q", base, q.Title, p.Title)
				}
				byDOI[base] = p
			}
			for _, k := range otherIDKeys(p) {
				if q := byID[k]; q != nil && q != p {
					t.Errorf("%s in two entries: %q and %q", k, q.Title, p.Title)
				}
				byID[k] = p
			}
			if k := titleMatchKey(p); k != "" {
				k += "|" + strconv.Itoa(p.Date.Year)
				for _, q := range byTitle[k] {
					if q.IsPreprint == p.IsPreprint && compatibleSections(p.Section, q.Section) && (p.DOI == "" || q.DOI == "") {
						t.Errorf("same title and year in two entries: %q (%s) and %q (%s)", q.Title, q.Key, p.Title, p.Key)
					}
				}
				byTitle[k] = append(byTitle[k], p)
			}
		}
		if sources != groups {
			t.Errorf("%d works in, %d behind the entries", groups, sources)
		}
		t.Logf("%d works, %d entries, %d merges and folds", groups, len(res.Publications), len(res.Explain))
	}
	for _, p := range people {
		t.Run(p.Name, func(t *testing.T) { check(t, []*Person{p}) })
	}
	t.Run("all", func(t *testing.T) { check(t, people) })
}

// TestCorpusFullWorkAuthors reads the authors of the corpus's full works
// twice: from the contributors, and from the BibTeX citation alone. Both
// must give the same names where the work has both (except in the
// sandbox's test data, whose citations describe other people).
func TestCorpusFullWorkAuthors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "work_v3.0_*.json"))
	bulk, _ := filepath.Glob(filepath.Join(corpusDir, "works_bulk_v3.0_*.json"))
	if len(files)+len(bulk) == 0 {
		t.Skip("no ORCID corpus at " + corpusDir)
	}
	var works []orcid.Work
	sandbox := map[int64]bool{} // put-codes of sandbox test data
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var w orcid.Work
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		works = append(works, w)
	}
	for _, f := range bulk {
		b, _ := os.ReadFile(f)
		var bw orcid.BulkWorks
		if err := json.Unmarshal(b, &bw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range bw.Bulk {
			if e.Work != nil {
				works = append(works, *e.Work)
				sandbox[e.Work.PutCode] = strings.Contains(f, "sandbox")
			}
		}
	}
	compared := 0
	for _, w := range works {
		p := publicationFromWork(mkID(1), w)
		if p.Citation == nil || p.Citation.Type != "bibtex" || len(p.Authors) == 0 {
			continue
		}
		fromBib := authorsFromCitation(p)
		var a, b []string
		for _, x := range p.Authors {
			a = append(a, normalizeName(x.Name))
		}
		for _, x := range fromBib {
			b = append(b, normalizeName(x.Name))
		}
		if len(b) == 0 {
			t.Errorf("put-code %d: no authors read from its BibTeX citation", w.PutCode)
		}
		if sandbox[w.PutCode] {
			continue // test data: the citation does not describe the same authors
		}
		if strings.Join(a, "|") != strings.Join(b, "|") {
			t.Errorf("put-code %d: contributors %q, BibTeX %q", w.PutCode, a, b)
		}
		compared++
	}
	t.Logf("%d works compared", compared)
	if compared == 0 {
		t.Error("no work with both contributors and a BibTeX citation")
	}
}
