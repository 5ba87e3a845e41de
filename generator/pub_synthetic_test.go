package generator

import (
	"testing"

	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// syntheticPublications makes people and their works from the synthetic
// data set of orcidtest, as BuildSite would.
func syntheticPublications(people, works int, overlap float64) ([]*Person, map[*Person][]*Publication) {
	o := orcidtest.GenOptions{People: people, Works: works, Overlap: overlap, Seed: 7}
	fixtures := orcidtest.Generate(o)
	var ps []*Person
	per := map[*Person][]*Publication{}
	for _, id := range orcidtest.GeneratedIDs(o) {
		f := fixtures[id]
		snap := &Snapshot{ORCID: id, Record: f.Record}
		for _, w := range f.Works {
			snap.Works = append(snap.Works, w)
		}
		snap.SortWorks()
		p := newPerson(PersonConfig{ORCID: id}, snap)
		ps = append(ps, p)
		per[p] = personWorks(p, snap)
	}
	assignSlugs(ps)
	return ps, per
}

// TestMergeSynthetic merges a synthetic lab in which pairs of members share
// papers under differently spelled DOIs: every shared paper is one entry
// with both members, each linked among the authors by iD.
func TestMergeSynthetic(t *testing.T) {
	const people, works = 20, 30
	ps, per := syntheticPublications(people, works, 0.2) // 6 shared works each, 3 originated
	res, err := buildPublications(mapFS(nil), &Config{Publications: PublicationsConfig{Preprints: PreprintsFold}}, ps, per)
	if err != nil {
		t.Fatal(err)
	}
	if want := people*works - people*3; len(res.Publications) != want {
		t.Errorf("%d entries, want %d", len(res.Publications), want)
	}
	shared := 0
	for _, p := range res.Publications {
		if len(p.Members) == 2 {
			shared++
			linked := 0
			for _, a := range p.Authors {
				if a.Person != nil {
					linked++
				}
			}
			if linked != 2 {
				t.Errorf("%q: %d members linked among %d authors", p.Title, linked, len(p.Authors))
			}
		}
	}
	if shared != people*3 || len(res.Explain) != people*3 {
		t.Errorf("%d shared entries, %d explain lines, want %d", shared, len(res.Explain), people*3)
	}
}

// BenchmarkPublications200x150 runs the publications step (merge, authors,
// curation) for 200 members with 150 works each, 10% shared.
func BenchmarkPublications200x150(b *testing.B) {
	ps, per := syntheticPublications(200, 150, 0.1)
	cfg := &Config{Publications: PublicationsConfig{Preprints: PreprintsFold, Hide: []HideRule{{Title: "^zzz"}}, Pin: []WorkRef{{PutCode: 1}}}}
	var n int
	for b.Loop() {
		fresh := map[*Person][]*Publication{}
		for p, pubs := range per {
			cp := make([]*Publication, len(pubs))
			for i, x := range pubs {
				c := *x
				cp[i] = &c
			}
			fresh[p] = cp
		}
		res, err := buildPublications(mapFS(nil), cfg, ps, fresh)
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.Publications)
	}
	b.ReportMetric(float64(n), "publications")
}
