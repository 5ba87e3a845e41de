package orcid_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"golang.org/x/time/rate"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// BenchmarkDecodeRecord400Groups decodes a /record reply with 400 work
// groups, the size of a prolific researcher's record.
func BenchmarkDecodeRecord400Groups(b *testing.B) {
	var rec orcid.Record
	for _, f := range orcidtest.Generate(orcidtest.GenOptions{People: 1, Works: 400, Seed: 1}) {
		rec = f.Record
	}
	if len(rec.ActivitiesSummary.Works.Group) != 400 {
		b.Fatalf("generated %d groups", len(rec.ActivitiesSummary.Works.Group))
	}
	data, err := json.Marshal(rec)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var r orcid.Record
		if err := json.Unmarshal(data, &r); err != nil {
			b.Fatal(err)
		}
		if len(r.ActivitiesSummary.Works.Group) != 400 {
			b.Fatalf("decoded %d groups", len(r.ActivitiesSummary.Works.Group))
		}
	}
}

// BenchmarkBulkFetch250 fetches 250 full works from the fake server; it
// must take exactly three bulk requests (100 + 100 + 50).
func BenchmarkBulkFetch250(b *testing.B) {
	srv := orcidtest.NewServer(b)
	var id orcid.ID
	var codes []int64
	for i, f := range orcidtest.Generate(orcidtest.GenOptions{People: 1, Works: 250, Seed: 1}) {
		id = i
		srv.Put(i, f)
		codes = slices.Sorted(maps.Keys(f.Works))
	}
	if len(codes) != 250 {
		b.Fatalf("generated %d works", len(codes))
	}
	c := orcid.NewClient(srv.Client(), orcid.WithBaseURL(srv.URL), orcid.WithRateLimit(rate.Inf, 1))
	ctx := context.Background()
	srv.ResetCounters()
	b.ReportAllocs()
	ops := 0
	for b.Loop() {
		works, errs, err := c.WorksBulk(ctx, id, codes)
		if err != nil || len(errs) != 0 || len(works) != 250 {
			b.Fatalf("%d works, %d errors, %v", len(works), len(errs), err)
		}
		ops++
	}
	if got := srv.Requests("bulk"); got != 3*ops || srv.TotalRequests() != got {
		b.Fatalf("%d bulk requests (%d in all) for %d fetches, want exactly 3 each", got, srv.TotalRequests(), ops)
	}
	b.ReportMetric(float64(srv.Requests("bulk"))/float64(ops), "requests/op")
	b.ReportMetric(float64(c.Stats().Bytes)/float64(ops), "replybytes/op")
}
