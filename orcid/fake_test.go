package orcid_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// fakeClient returns a client for srv without rate limit and with fast
// retries.
func fakeClient(srv *orcidtest.Server, opts ...orcid.Option) *orcid.Client {
	return orcid.NewClient(srv.Client(), append([]orcid.Option{
		orcid.WithBaseURL(srv.URL),
		orcid.WithRateLimit(rate.Inf, 1),
		orcid.WithRetries(3, time.Millisecond),
	}, opts...)...)
}

func TestFakeRecords(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	c := fakeClient(srv)
	ctx := context.Background()
	for _, id := range []orcid.ID{orcidtest.IDUnicode, orcidtest.IDCheckX, orcidtest.IDNoWorks, orcidtest.IDMultiSource,
		orcidtest.IDNulls, orcidtest.IDContributors, orcidtest.IDLabPI, orcidtest.IDLabPostdoc, orcidtest.IDLabStudent} {
		t.Run(string(id), func(t *testing.T) {
			want, ok := srv.Get(id)
			if !ok {
				t.Fatalf("fixture %s missing", id)
			}
			rec, err := c.Record(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			// What the server holds, through JSON and back, is what the
			// client must return.
			b, _ := json.Marshal(want.Record)
			var wantRec orcid.Record
			if err := json.Unmarshal(b, &wantRec); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantRec, *rec); diff != "" {
				t.Errorf("Record (-want +got):\n%s", diff)
			}
			if rec.ORCIDIdentifier.Path != string(id) {
				t.Errorf("orcid-identifier.path = %q", rec.ORCIDIdentifier.Path)
			}
			works, err := c.Works(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(rec.ActivitiesSummary.Works, *works); diff != "" {
				t.Errorf("Works differs from the record's works (-record +works):\n%s", diff)
			}
			person, err := c.Person(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(rec.Person.Name, person.Name); diff != "" {
				t.Errorf("Person name differs from the record's (-record +person):\n%s", diff)
			}
			emp, err := c.Employments(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(emp.AffiliationGroup) != len(rec.ActivitiesSummary.Employments.AffiliationGroup) {
				t.Errorf("%d employment groups, record has %d", len(emp.AffiliationGroup), len(rec.ActivitiesSummary.Employments.AffiliationGroup))
			}
			// Every preferred summary's full work, by bulk and singly.
			var codes []int64
			for _, g := range rec.ActivitiesSummary.Works.Group {
				if s, ok := g.Preferred(); ok {
					codes = append(codes, s.PutCode)
				}
			}
			full, errs, err := c.WorksBulk(ctx, id, codes)
			if err != nil || len(errs) != 0 || len(full) != len(codes) {
				t.Fatalf("WorksBulk: %d works, errors %v, %v; want %d works", len(full), errs, err, len(codes))
			}
			for _, pc := range codes {
				if full[pc].PutCode != pc {
					t.Errorf("bulk work %d has put-code %d", pc, full[pc].PutCode)
				}
			}
			if len(codes) > 0 {
				one, err := c.Work(ctx, id, codes[0])
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(full[codes[0]], *one); diff != "" {
					t.Errorf("Work and bulk entry differ (-bulk +work):\n%s", diff)
				}
			}
		})
	}
}

func TestFakeSpecialRecords(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	c := fakeClient(srv)
	ctx := context.Background()

	_, err := c.Record(ctx, orcidtest.IDDeprecated)
	var de *orcid.DeprecatedError
	if !errors.As(err, &de) || de.Old != orcidtest.IDDeprecated || de.New != orcidtest.IDPrimary {
		t.Fatalf("deprecated record: %v, want *DeprecatedError → %s", err, orcidtest.IDPrimary)
	}
	if !strings.Contains(err.Error(), string(orcidtest.IDDeprecated)) || !strings.Contains(err.Error(), string(orcidtest.IDPrimary)) {
		t.Errorf("error %q does not name both iDs", err)
	}
	if rec, err := c.Record(ctx, de.New); err != nil || rec.ORCIDIdentifier.Path != string(orcidtest.IDPrimary) {
		t.Errorf("primary record: %v", err)
	}
	if srv.Requests("record") != 2 {
		t.Errorf("%d record requests, want 2 (the 301 is not followed)", srv.Requests("record"))
	}

	for _, tc := range []struct {
		id   orcid.ID
		want error
	}{
		{orcidtest.IDLocked, orcid.ErrLocked},
		{orcidtest.IDDeactivated, orcid.ErrDeactivated},
		{"0000-0001-5109-3700", orcid.ErrNotFound},
	} {
		_, err := c.Record(ctx, tc.id)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), string(tc.id)) {
			t.Errorf("Record(%s) = %v, want %v naming the iD", tc.id, err, tc.want)
		}
		if _, err := c.Works(ctx, tc.id); !errors.Is(err, tc.want) {
			t.Errorf("Works(%s) = %v, want %v", tc.id, err, tc.want)
		}
	}

	_, err = c.Work(ctx, orcidtest.IDCheckX, 999999999)
	if !errors.Is(err, orcid.ErrNotFound) {
		t.Errorf("unknown put-code: %v, want ErrNotFound", err)
	}
}

func TestFakeBulkSplitting(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	c := fakeClient(srv)
	f, _ := srv.Get(orcidtest.IDManyWorks)
	codes := slices.Sorted(maps.Keys(f.Works))
	if len(codes) != 260 {
		t.Fatalf("fixture has %d works, want 260", len(codes))
	}
	unknown := []int64{42, 43}
	works, errs, err := c.WorksBulk(context.Background(), orcidtest.IDManyWorks, append(slices.Clone(codes), unknown...))
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests("bulk"); n != 3 {
		t.Errorf("%d bulk requests for 262 codes, want 3", n)
	}
	if len(works) != 260 {
		t.Errorf("%d works, want 260", len(works))
	}
	for _, pc := range codes {
		w := works[pc]
		if w.Title == nil || f.Works[pc].Title == nil || w.Title.Title != f.Works[pc].Title.Title {
			t.Errorf("work %d: title %v, want %v", pc, w.Title, f.Works[pc].Title)
		}
	}
	for _, pc := range unknown {
		if !errors.Is(errs[pc], orcid.ErrNotFound) {
			t.Errorf("errs[%d] = %v, want ErrNotFound", pc, errs[pc])
		}
	}
}

func TestFakeFaults(t *testing.T) {
	ctx := context.Background()
	t.Run("503 burst retried", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{Fail503Burst: 3}))
		c := fakeClient(srv)
		if _, err := c.Record(ctx, orcidtest.IDCheckX); err != nil {
			t.Fatal(err)
		}
		if srv.Requests("record") != 4 || c.Stats().Retries != 3 {
			t.Errorf("server saw %d requests, client %+v; want 4 with 3 retries", srv.Requests("record"), c.Stats())
		}
	})
	t.Run("503 burst too long", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{Fail503Burst: 10}))
		c := fakeClient(srv)
		if _, err := c.Record(ctx, orcidtest.IDCheckX); !errors.Is(err, orcid.ErrRateLimited) {
			t.Fatalf("error = %v, want ErrRateLimited", err)
		}
		if srv.Requests("record") != 4 {
			t.Errorf("%d requests, want 4", srv.Requests("record"))
		}
	})
	t.Run("503 ratio", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{Fail503Ratio: 0.3, Seed: 7}))
		c := fakeClient(srv, orcid.WithRetries(8, time.Millisecond))
		for _, id := range orcidtest.LabIDs {
			if _, err := c.Record(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if st := c.Stats(); st.Requests != srv.TotalRequests() || st.Requests != 3+st.Retries {
			t.Errorf("client %+v, server %d requests", st, srv.TotalRequests())
		}
	})
	t.Run("quota", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{QuotaAfter: 1}))
		c := fakeClient(srv)
		if _, err := c.Record(ctx, orcidtest.IDCheckX); err != nil {
			t.Fatal(err)
		}
		_, err := c.Record(ctx, orcidtest.IDNoWorks)
		if !errors.Is(err, orcid.ErrQuotaExceeded) || !strings.Contains(err.Error(), string(orcidtest.IDNoWorks)) {
			t.Fatalf("error = %v, want ErrQuotaExceeded naming the iD", err)
		}
		if srv.TotalRequests() != 2 {
			t.Errorf("%d requests, want 2 (429 not retried)", srv.TotalRequests())
		}
	})
	t.Run("malformed JSON", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{MalformedJSON: "/record"}))
		c := fakeClient(srv)
		_, err := c.Record(ctx, orcidtest.IDCheckX)
		if !errors.Is(err, orcid.ErrBadResponse) {
			t.Fatalf("error = %v, want ErrBadResponse", err)
		}
		if _, err := c.Person(ctx, orcidtest.IDCheckX); err != nil {
			t.Errorf("other paths: %v", err)
		}
	})
	t.Run("reset connection", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{ResetConn: "/person"}))
		c := fakeClient(srv)
		_, err := c.Person(ctx, orcidtest.IDCheckX)
		if err == nil || !strings.Contains(err.Error(), string(orcidtest.IDCheckX)) {
			t.Fatalf("error = %v, want a network error naming the iD", err)
		}
		if n := srv.Requests("person"); n != 4 {
			t.Errorf("%d requests, want 4 (network errors are retried)", n)
		}
	})
	t.Run("context deadline with latency", func(t *testing.T) {
		srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithFaults(orcidtest.Faults{Latency: 2 * time.Second}))
		c := fakeClient(srv)
		ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := c.Record(ctx, orcidtest.IDCheckX); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want DeadlineExceeded", err)
		}
	})
}

func TestFakeSearch(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	c := fakeClient(srv)
	ctx := context.Background()

	ids, n, err := c.Search(ctx, "family-name:Lindqvist", orcid.SearchOptions{})
	if err != nil || n != 1 || !slices.Equal(ids, []orcid.ID{orcidtest.IDLabPI}) {
		t.Errorf("Search(family-name:Lindqvist) = %v, %d, %v", ids, n, err)
	}
	ids, n, err = c.Search(ctx, "family-name:Nobody", orcid.SearchOptions{})
	if err != nil || n != 0 || len(ids) != 0 {
		t.Errorf("Search with no hits = %v, %d, %v", ids, n, err)
	}

	srv.ResetCounters()
	all, n, err := c.Search(ctx, "*:*", orcid.SearchOptions{Rows: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n || n < 10 {
		t.Errorf("Search(*:*) = %d iDs, num-found %d", len(all), n)
	}
	if want := (n + 1) / 2; srv.Requests("search") != want {
		t.Errorf("%d search requests for %d hits at 2 rows, want %d", srv.Requests("search"), n, want)
	}
	seen := map[orcid.ID]bool{}
	for _, id := range all {
		if seen[id] {
			t.Errorf("iD %s returned twice", id)
		}
		seen[id] = true
	}

	hits, n, err := c.ExpandedSearch(ctx, "family-name:Okafor", 0)
	if err != nil || n != 1 || len(hits) != 1 || hits[0].ORCIDID != string(orcidtest.IDLabPostdoc) || hits[0].FamilyNames != "Okafor" {
		t.Errorf("ExpandedSearch = %+v, %d, %v", hits, n, err)
	}
}

func TestFakeAnonymousSearchCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 11200 records")
	}
	srv := orcidtest.NewServer(t)
	for id, f := range orcidtest.Generate(orcidtest.GenOptions{People: 11200, Works: 0, Seed: 1}) {
		srv.Put(id, f)
	}
	c := fakeClient(srv)
	// Pages start at 0, 1000, …, 10000; the one at 11000 is refused.
	ids, n, err := c.Search(context.Background(), "*:*", orcid.SearchOptions{})
	var ce *orcid.SearchCappedError
	if !errors.As(err, &ce) || !errors.Is(err, orcid.ErrSearchCapped) {
		t.Fatalf("error = %v, want *SearchCappedError", err)
	}
	if n != 11200 || len(ids) != 11000 || ce.Got != 11000 || ce.NumFound != 11200 || ce.Start != 11000 {
		t.Errorf("got %d of %d, %+v", len(ids), n, ce)
	}
	if r := srv.Requests("search"); r != 12 {
		t.Errorf("%d search requests, want 12", r)
	}
	if !strings.Contains(err.Error(), "got 11000 of 11200") || !strings.Contains(err.Error(), "ORCID_CLIENT_ID") {
		t.Errorf("error %q does not explain the cap", err)
	}
}

func TestFakeToken(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t, orcidtest.WithClient(testClientID, testSecret), orcidtest.RequireToken())
	ctx := context.Background()

	t.Setenv(orcid.EnvClientID, "")
	t.Setenv(orcid.EnvClientSecret, "")
	anon := fakeClient(srv)
	if _, err := anon.Record(ctx, orcidtest.IDCheckX); !errors.Is(err, orcid.ErrUnauthorized) {
		t.Errorf("anonymous request to a token-only server: %v, want ErrUnauthorized", err)
	}

	t.Setenv(orcid.EnvClientID, testClientID)
	t.Setenv(orcid.EnvClientSecret, testSecret)
	hc, authenticated, err := orcid.NewHTTPClientFromEnv(ctx, srv.TokenURL)
	if err != nil || !authenticated {
		t.Fatalf("NewHTTPClientFromEnv: %v, %v", authenticated, err)
	}
	c := orcid.NewClient(hc, orcid.WithBaseURL(srv.URL), orcid.WithRateLimit(rate.Inf, 1))
	for _, id := range orcidtest.LabIDs {
		if _, err := c.Record(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Requests("token"); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}

	t.Setenv(orcid.EnvClientSecret, "wrong")
	_, _, err = orcid.NewHTTPClientFromEnv(ctx, srv.TokenURL)
	var oe *orcid.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_client" {
		t.Errorf("wrong secret: %v, want *OAuthError invalid_client", err)
	}
}
