package orcidtest

import (
	"reflect"
	"testing"
	"time"

	"github.com/orcidsite/orcidsite/orcid"
)

func TestGenerateDeterministic(t *testing.T) {
	o := GenOptions{People: 12, Works: 30, Overlap: 0.2, Seed: 42}
	a, b := Generate(o), Generate(o)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same options, different data")
	}
	c := Generate(GenOptions{People: 12, Works: 30, Overlap: 0.2, Seed: 43})
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds, same data")
	}
	if len(a) != 12 {
		t.Fatalf("%d people", len(a))
	}
	for id, f := range a {
		if _, err := orcid.ParseID(string(id)); err != nil {
			t.Errorf("invalid iD: %v", err)
		}
		if n := len(f.Record.ActivitiesSummary.Works.Group); n != 30 || len(f.Works) != 30 {
			t.Errorf("%s: %d groups %d works", id, n, len(f.Works))
		}
		if f.Record.Person.Name == nil || f.Record.Person.Name.FamilyName == "" {
			t.Errorf("%s: no name", id)
		}
		for _, g := range f.Record.ActivitiesSummary.Works.Group {
			s := g.WorkSummary[0]
			w, ok := f.Works[s.PutCode]
			if !ok || s.Title == nil || s.Title.Title == "" || len(s.ExternalIDs.ExternalID) != 1 || w.Contributors == nil {
				t.Fatalf("%s: bad work %+v", id, s)
			}
			found := false
			for _, c := range w.Contributors.Contributor {
				found = found || (c.ContributorORCID != nil && c.ContributorORCID.Path == string(id))
			}
			if !found {
				t.Errorf("%s: work %d does not list its holder", id, s.PutCode)
			}
		}
	}
}

func TestGenerateOverlap(t *testing.T) {
	for _, tc := range []struct {
		o          GenOptions
		wantShared int // per person
	}{
		{GenOptions{People: 10, Works: 50, Overlap: 0.2, Seed: 1}, 10},
		{GenOptions{People: 2, Works: 10, Overlap: 0.5, Seed: 2}, 6}, // 5 rounded to an even 6
		{GenOptions{People: 5, Works: 20, Overlap: 0, Seed: 3}, 0},
		{GenOptions{People: 1, Works: 20, Overlap: 0.5, Seed: 4}, 0},
		{GenOptions{People: 3, Works: 7, Overlap: 1, Seed: 5}, 6},
	} {
		data := Generate(tc.o)
		holders := map[string]map[orcid.ID]bool{} // normalized DOI -> holders
		raw := map[string]map[string]bool{}
		for id, f := range data {
			for _, g := range f.Record.ActivitiesSummary.Works.Group {
				e := g.WorkSummary[0].ExternalIDs.ExternalID[0]
				n := e.NormalizedValue()
				if holders[n] == nil {
					holders[n], raw[n] = map[orcid.ID]bool{}, map[string]bool{}
				}
				holders[n][id] = true
				raw[n][e.Value] = true
			}
		}
		for id, f := range data {
			shared := 0
			for _, g := range f.Record.ActivitiesSummary.Works.Group {
				n := g.WorkSummary[0].ExternalIDs.ExternalID[0].NormalizedValue()
				if len(holders[n]) > 1 {
					shared++
					if len(raw[n]) != 2 {
						t.Errorf("%+v: shared DOI %s spelled %d ways", tc.o, n, len(raw[n]))
					}
				}
			}
			if shared != tc.wantShared {
				t.Errorf("%+v: %s shares %d works, want %d", tc.o, id, shared, tc.wantShared)
			}
		}
	}
}

func TestGenerateFast(t *testing.T) {
	for _, o := range []GenOptions{{People: 500, Works: 100, Overlap: 0.1, Seed: 1}, {People: 200, Works: 150, Overlap: 0.3, Seed: 2}} {
		start := time.Now()
		data := Generate(o)
		d := time.Since(start)
		t.Logf("Generate(%d×%d) took %v", o.People, o.Works, d)
		if len(data) != o.People {
			t.Errorf("%d people", len(data))
		}
		if d > 2*time.Second && !testing.Short() && !raceEnabled {
			t.Errorf("Generate(%d×%d) took %v", o.People, o.Works, d)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(GenOptions{People: 500, Works: 100, Overlap: 0.1, Seed: 1})
	}
}
