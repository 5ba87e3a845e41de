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
// list of the corpus, each alone and all together as one site, and checks
// that no entry is a duplicate of another, no work is lost, and no entry is
// undated when one of its works had a date.
func TestCorpusPublications(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "works_v3.0_*.json"))
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
		if err := json.Unmarshal(b, &w); err != nil {
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
		for _, p := range res.Publications {
			sources += len(p.Sources)
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
