package orcidtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orcidsite/orcidsite/orcid"
)

// reply is one HTTP exchange seen by a test.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// fetch sends a GET to the API path (relative to s.URL, or absolute) and
// returns the reply without following redirects.
func fetch(t *testing.T, s *Server, path string, header ...string) reply {
	t.Helper()
	r, err := fetchErr(s, path, header...)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return r
}

func fetchErr(s *Server, path string, header ...string) (reply, error) {
	u := path
	if !strings.HasPrefix(path, "http") {
		u = s.URL + path
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	c := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, b}, err
}

func decode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %T: %v\nbody: %.300s", v, err, r.body)
	}
	return v
}

func TestEndpoints(t *testing.T) {
	s := NewServerWithFixtures(t)
	pi := "/" + string(IDLabPI)
	tests := []struct {
		path, endpoint string
		check          func(t *testing.T, r reply)
	}{
		{pi + "/record", "record", func(t *testing.T, r reply) {
			rec := decode[orcid.Record](t, r)
			if rec.ORCIDIdentifier.Path != string(IDLabPI) || rec.Person.Name == nil || rec.Person.Name.FamilyName != "Lindqvist" {
				t.Errorf("record = %+v", rec.ORCIDIdentifier)
			}
			if len(rec.ActivitiesSummary.Works.Group) != 5 {
				t.Errorf("works groups = %d, want 5", len(rec.ActivitiesSummary.Works.Group))
			}
		}},
		{pi, "record", func(t *testing.T, r reply) {
			if decode[orcid.Record](t, r).Path != pi {
				t.Errorf("path of /{id} reply is not %s", pi)
			}
		}},
		{pi + "/person", "person", func(t *testing.T, r reply) {
			p := decode[orcid.Person](t, r)
			if len(p.Keywords.Keyword) != 4 || len(p.ExternalIdentifiers.ExternalIdentifier) != 2 || p.Path != pi+"/person" {
				t.Errorf("person = %+v", p)
			}
		}},
		{pi + "/activities", "activities", func(t *testing.T, r reply) {
			a := decode[orcid.ActivitiesSummary](t, r)
			if len(a.Employments.AffiliationGroup) != 2 || len(a.Fundings.Group) != 2 || len(a.PeerReviews.Group) != 1 {
				t.Errorf("activities: %d employments, %d fundings, %d peer reviews", len(a.Employments.AffiliationGroup), len(a.Fundings.Group), len(a.PeerReviews.Group))
			}
		}},
		{pi + "/works", "works", func(t *testing.T, r reply) {
			w := decode[orcid.Works](t, r)
			if len(w.Group) != 5 || w.Path != pi+"/works" {
				t.Errorf("works: %d groups, path %q", len(w.Group), w.Path)
			}
		}},
		{pi + "/employments", "employments", func(t *testing.T, r reply) {
			a := decode[orcid.Affiliations](t, r)
			if len(a.AffiliationGroup) != 2 {
				t.Fatalf("employments = %d", len(a.AffiliationGroup))
			}
			sum, ok := a.AffiliationGroup[0].Summaries[0]["employment-summary"]
			if !ok || sum.Organization.Name != "Northvale University" || !sum.EndDate.IsZero() {
				t.Errorf("first employment = %+v", a.AffiliationGroup[0].Summaries[0])
			}
		}},
		{pi + "/educations", "educations", func(t *testing.T, r reply) {
			if _, ok := decode[orcid.Affiliations](t, r).AffiliationGroup[0].Summaries[0]["education-summary"]; !ok {
				t.Error("no education-summary key")
			}
		}},
		{pi + "/memberships", "memberships", func(t *testing.T, r reply) {
			if n := len(decode[orcid.Affiliations](t, r).AffiliationGroup); n != 1 {
				t.Errorf("memberships = %d", n)
			}
		}},
		{pi + "/services", "services", func(t *testing.T, r reply) {
			a := decode[orcid.Affiliations](t, r)
			if a.AffiliationGroup == nil || len(a.AffiliationGroup) != 0 || !strings.Contains(string(r.body), `"affiliation-group":[]`) {
				t.Errorf("empty section should be []: %s", r.body)
			}
		}},
		{pi + "/fundings", "fundings", func(t *testing.T, r reply) {
			f := decode[orcid.Fundings](t, r)
			if len(f.Group) != 2 || f.Group[0].FundingSummary[0].Organization.Name != "Northvale Research Council" {
				t.Errorf("fundings = %+v", f)
			}
		}},
		{pi + "/peer-reviews", "peer-reviews", func(t *testing.T, r reply) {
			p := decode[orcid.PeerReviews](t, r)
			if len(p.Group) != 1 || p.Group[0].PeerReviewGroup[0].PeerReviewSummary[0].ReviewGroupID != "issn:2345-6781" {
				t.Errorf("peer reviews = %+v", p)
			}
		}},
		{pi + "/keywords", "keywords", func(t *testing.T, r reply) {
			if !strings.Contains(string(r.body), `"soil microbiology"`) {
				t.Errorf("keywords: %s", r.body)
			}
		}},
		{pi + "/work/2100001", "work", func(t *testing.T, r reply) {
			w := decode[orcid.Work](t, r)
			if w.PutCode != 2100001 || w.Title == nil || w.Title.Title != titleDenitrifier || w.Citation == nil || w.Citation.Type != "bibtex" {
				t.Errorf("work = %+v", w)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			before := s.Requests(tc.endpoint)
			r := fetch(t, s, tc.path)
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			if got := s.Requests(tc.endpoint); got != before+1 {
				t.Errorf("Requests(%q) = %d, want %d", tc.endpoint, got, before+1)
			}
			tc.check(t, r)
		})
	}
}

func TestErrors(t *testing.T) {
	s := NewServerWithFixtures(t)
	tests := []struct {
		path   string
		status int
		code   int
	}{
		{"/0000-0002-7413-9991/record", 404, 9016}, // well-formed, unknown
		{"/adfafadf/record", 404, 9016},
		{"/0000-0002-7413-001x/works", 404, 9016}, // lower-case x is not an iD
		{"/" + string(IDLocked) + "/record", 409, 9018},
		{"/" + string(IDLocked) + "/works", 409, 9018},
		{"/" + string(IDDeactivated) + "/person", 409, 9044},
		{"/" + string(IDLabPI) + "/work/999", 404, 9016},
		{"/" + string(IDLabPI) + "/work/abc", 404, 9016},
		{"/" + string(IDLabPI) + "/nonsense", 404, 9016},
		{"/" + string(IDLabPI) + "/employment/1", 404, 9016},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			r := fetch(t, s, tc.path)
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d (%s)", r.status, tc.status, r.body)
			}
			e := decode[orcid.ErrorBody](t, r)
			if e.ErrorCode != tc.code || e.ResponseCode != tc.status || e.DeveloperMessage == "" {
				t.Errorf("error body = %+v", e)
			}
		})
	}
}

func TestDeprecated(t *testing.T) {
	s := NewServerWithFixtures(t)
	r := fetch(t, s, "/"+string(IDDeprecated)+"/works")
	if r.status != http.StatusMovedPermanently {
		t.Fatalf("status = %d, want 301", r.status)
	}
	want := s.URL + "/" + string(IDPrimary) + "/works"
	if loc := r.header.Get("Location"); loc != want {
		t.Errorf("Location = %q, want %q", loc, want)
	}
	e := decode[orcid.ErrorBody](t, r)
	if e.ErrorCode != 9007 || !strings.Contains(e.DeveloperMessage, IDPrimary.URI()) {
		t.Errorf("body = %+v", e)
	}
	// A client following the redirect gets the primary record.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/"+string(IDDeprecated)+"/record", nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rec orcid.Record
	if err := json.NewDecoder(resp.Body).Decode(&rec); err != nil {
		t.Fatal(err)
	}
	if rec.ORCIDIdentifier.Path != string(IDPrimary) {
		t.Errorf("followed redirect to %q, want %s", rec.ORCIDIdentifier.Path, IDPrimary)
	}
}

func TestBulk(t *testing.T) {
	s := NewServerWithFixtures(t)
	base := "/" + string(IDManyWorks) + "/works/"
	r := fetch(t, s, base+"3000005,999,3000001,abc,3000260")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	b := decode[orcid.BulkWorks](t, r)
	var got []string
	for _, e := range b.Bulk {
		switch {
		case e.Work != nil:
			got = append(got, fmt.Sprint(e.Work.PutCode))
		case e.Error != nil:
			got = append(got, fmt.Sprintf("error %d", e.Error.ErrorCode))
		}
	}
	want := []string{"3000005", "3000001", "3000260", "error 9034", "error 9034"}
	if !slices.Equal(got, want) {
		t.Errorf("bulk order = %v, want %v (found works first, then errors)", got, want)
	}
	if !strings.Contains(b.Bulk[3].Error.DeveloperMessage, "'999'") {
		t.Errorf("first error does not name 999: %s", b.Bulk[3].Error.DeveloperMessage)
	}

	codes := make([]string, 101)
	for i := range codes {
		codes[i] = fmt.Sprint(3000001 + i)
	}
	r = fetch(t, s, base+strings.Join(codes, ","))
	if r.status != http.StatusBadRequest || decode[orcid.ErrorBody](t, r).ErrorCode != 9042 {
		t.Errorf("101 codes: status %d body %s", r.status, r.body)
	}
	r = fetch(t, s, base+strings.Join(codes[:100], ","))
	if n := len(decode[orcid.BulkWorks](t, r).Bulk); r.status != 200 || n != 100 {
		t.Errorf("100 codes: status %d, %d entries", r.status, n)
	}
	if got := s.Requests("bulk"); got != 3 {
		t.Errorf("Requests(bulk) = %d, want 3", got)
	}
}

func TestXMLWithoutAccept(t *testing.T) {
	s := NewServerWithFixtures(t)
	for _, accept := range []string{"", "*/*", "application/xml", "application/vnd.orcid+xml"} {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/"+string(IDLabPI)+"/record", nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.HasPrefix(string(b), "<?xml") || !strings.Contains(resp.Header.Get("Content-Type"), "xml") {
			t.Errorf("Accept %q: got %s %.60s", accept, resp.Header.Get("Content-Type"), b)
		}
		if json.Valid(b) {
			t.Errorf("Accept %q: body is JSON", accept)
		}
		if !strings.Contains(string(b), "<family-name>Lindqvist</family-name>") {
			t.Errorf("Accept %q: XML lacks the family name: %.300s", accept, b)
		}
	}
	if r := fetch(t, s, "/"+string(IDLabPI)+"/record", "Accept", "text/html"); r.status != http.StatusNotAcceptable || !strings.Contains(string(r.body), "<error-code>9001</error-code>") {
		t.Errorf("Accept text/html: %d %s", r.status, r.body)
	}
	// The ORCID JSON types are honoured, pretty-printed.
	r := fetch(t, s, "/"+string(IDLabPI)+"/person", "Accept", "application/vnd.orcid+json")
	if !json.Valid(r.body) || !strings.Contains(string(r.body), "\n  ") || !strings.HasPrefix(r.header.Get("Content-Type"), "application/vnd.orcid+json") {
		t.Errorf("vnd.orcid+json reply: %s %.80s", r.header.Get("Content-Type"), r.body)
	}
}

func TestFaultBurstAndQuota(t *testing.T) {
	s := NewServerWithFixtures(t)
	path := "/" + string(IDCheckX) + "/record"
	s.SetFaults(Faults{Fail503Burst: 2})
	var statuses []int
	for range 4 {
		statuses = append(statuses, fetch(t, s, path).status)
	}
	if want := []int{503, 503, 200, 200}; !slices.Equal(statuses, want) {
		t.Errorf("burst statuses = %v, want %v", statuses, want)
	}
	if got := s.Requests("record"); got != 4 {
		t.Errorf("Requests(record) = %d, want 4 (faulty replies count)", got)
	}

	s.SetFaults(Faults{QuotaAfter: 3})
	statuses = nil
	var last reply
	for range 5 {
		last = fetch(t, s, path)
		statuses = append(statuses, last.status)
	}
	if want := []int{200, 200, 200, 429, 429}; !slices.Equal(statuses, want) {
		t.Errorf("quota statuses = %v, want %v", statuses, want)
	}
	if ct := last.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.HasPrefix(string(last.body), "Too Many Requests") || json.Valid(last.body) {
		t.Errorf("429 reply: %s %q", ct, last.body)
	}
	// Token and OAuth endpoints are not API requests: no quota.
	s.SetFaults(Faults{})
	if r := fetch(t, s, path); r.status != 200 {
		t.Errorf("after clearing faults: %d", r.status)
	}
}

func TestFaultRatioDeterministic(t *testing.T) {
	s := NewServerWithFixtures(t)
	path := "/" + string(IDCheckX) + "/person"
	run := func() []int {
		s.SetFaults(Faults{Fail503Ratio: 0.3, Seed: 7})
		var st []int
		for range 60 {
			st = append(st, fetch(t, s, path).status)
		}
		return st
	}
	a, b := run(), run()
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different sequences:\n%v\n%v", a, b)
	}
	n := 0
	for _, st := range a {
		if st == 503 {
			n++
		} else if st != 200 {
			t.Errorf("unexpected status %d", st)
		}
	}
	if n < 6 || n > 30 {
		t.Errorf("%d of 60 requests failed with ratio 0.3", n)
	}
}

func TestFaultMalformedResetLatency(t *testing.T) {
	s := NewServerWithFixtures(t)
	s.SetFaults(Faults{MalformedJSON: "/works/", ResetConn: "/person"})
	r := fetch(t, s, "/"+string(IDCheckX)+"/works/1200001")
	if r.status != 200 || json.Valid(r.body) || len(r.body) == 0 {
		t.Errorf("malformed: status %d valid=%v %q", r.status, json.Valid(r.body), r.body)
	}
	if r := fetch(t, s, "/"+string(IDCheckX)+"/works"); !json.Valid(r.body) {
		t.Error("works list should not match the /works/ substring fault")
	}
	if _, err := fetchErr(s, "/"+string(IDCheckX)+"/person"); err == nil {
		t.Error("reset connection: no error")
	}
	if got := s.Requests("person"); got < 1 { // net/http may retry a reset GET once
		t.Errorf("Requests(person) = %d, want at least 1", got)
	}

	s.SetFaults(Faults{Latency: 150 * time.Millisecond})
	start := time.Now()
	fetch(t, s, "/"+string(IDCheckX)+"/record")
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("latency: request took %v", d)
	}
	// A client that gives up during the delay was still counted.
	before := s.Requests("works")
	c := &http.Client{Timeout: 30 * time.Millisecond}
	if resp, err := c.Get(s.URL + "/" + string(IDCheckX) + "/works"); err == nil {
		resp.Body.Close()
		t.Error("no timeout despite the latency")
	}
	if got := s.Requests("works"); got != before+1 {
		t.Errorf("Requests(works) after a timed-out request = %d, want %d", got, before+1)
	}
}

func TestCountersConcurrent(t *testing.T) {
	s := NewServerWithFixtures(t)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			p := "/" + string(LabIDs[i%3]) + "/works"
			if i%2 == 1 {
				p = "/" + string(LabIDs[i%3]) + "/person"
			}
			if _, err := fetchErr(s, p); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if w, p := s.Requests("works"), s.Requests("person"); w != 20 || p != 20 {
		t.Errorf("works %d person %d, want 20 each", w, p)
	}
	if got := s.TotalRequests(); got != 40 {
		t.Errorf("TotalRequests = %d, want 40", got)
	}
	s.ResetCounters()
	if s.TotalRequests() != 0 || s.Requests("works") != 0 {
		t.Error("ResetCounters left counts")
	}
}

func TestPutGetTouch(t *testing.T) {
	s := NewServer(t)
	fx := Fixtures()[IDCheckX]
	s.Put(IDCheckX, fx)
	got, ok := s.Get(IDCheckX)
	if !ok || len(got.Works) != 2 {
		t.Fatalf("Get = %v %d works", ok, len(got.Works))
	}
	before := decode[orcid.Record](t, fetch(t, s, "/"+string(IDCheckX)+"/record"))
	s.Touch(IDCheckX)
	after := decode[orcid.Record](t, fetch(t, s, "/"+string(IDCheckX)+"/record"))
	if after.History.LastModifiedDate <= before.History.LastModifiedDate {
		t.Errorf("Touch: last-modified %d -> %d", before.History.LastModifiedDate, after.History.LastModifiedDate)
	}
	pc := after.ActivitiesSummary.Works.Group[0].WorkSummary[0].PutCode
	w := decode[orcid.Work](t, fetch(t, s, fmt.Sprintf("/%s/work/%d", IDCheckX, pc)))
	if w.LastModifiedDate != after.History.LastModifiedDate {
		t.Errorf("work last-modified %d, record %d", w.LastModifiedDate, after.History.LastModifiedDate)
	}
	// The caller's fixture is not modified by Put or Touch.
	if fx.Record.History.LastModifiedDate != before.History.LastModifiedDate || fx.Works[pc].Path != "" {
		t.Error("Put/Touch modified the caller's fixture")
	}
	if _, ok := s.Get(IDNoWorks); ok {
		t.Error("Get of an iD never Put succeeded")
	}
}

func TestTokenAndRequireToken(t *testing.T) {
	s := NewServer(t, WithClient("APP-TEST0001", "s3cret"), RequireToken())
	s.Put(IDCheckX, Fixtures()[IDCheckX])
	path := "/" + string(IDCheckX) + "/record"

	r := fetch(t, s, path)
	if r.status != 401 || decode[map[string]string](t, r)["error"] != "invalid_token" {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
	post := func(form string, ct string) (int, map[string]any) {
		resp, err := http.Post(s.TokenURL, ct, strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	form := "client_id=APP-TEST0001&client_secret=s3cret&grant_type=client_credentials&scope=/read-public"
	if st, m := post(strings.Replace(form, "s3cret", "wrong", 1), "application/x-www-form-urlencoded"); st != 401 || m["error"] != "invalid_client" {
		t.Errorf("bad secret: %d %v", st, m)
	}
	if st, _ := post(form, "application/json"); st != 415 {
		t.Errorf("JSON body: %d, want 415", st)
	}
	if st, m := post("client_id=APP-TEST0001&client_secret=s3cret", "application/x-www-form-urlencoded"); st != 400 || m["error"] != "unsupported_grant_type" {
		t.Errorf("no grant: %d %v", st, m)
	}
	st, m := post(form, "application/x-www-form-urlencoded")
	tok, _ := m["access_token"].(string)
	if st != 200 || tok == "" || m["token_type"] != "bearer" || m["scope"] != "/read-public" || m["expires_in"] != float64(631138518) {
		t.Fatalf("token reply: %d %v", st, m)
	}
	if v, present := m["orcid"]; !present || v != nil {
		t.Errorf("orcid field = %v (present %v), want null", v, present)
	}
	if r := fetch(t, s, path, "Authorization", "Bearer "+tok); r.status != 200 {
		t.Errorf("with token: %d %s", r.status, r.body)
	}
	if r := fetch(t, s, path, "Authorization", "Bearer not-a-token"); r.status != 401 || !strings.Contains(string(r.body), "not-a-token") {
		t.Errorf("bad token: %d %s", r.status, r.body)
	}
	if s.Requests("token") != 4 {
		t.Errorf("Requests(token) = %d, want 4", s.Requests("token"))
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s := NewServerWithFixtures(t)
	resp, err := http.Post(s.URL+"/"+string(IDCheckX)+"/works", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestVersionlessRedirect(t *testing.T) {
	s := NewServerWithFixtures(t)
	r := fetch(t, s, s.Root+"/"+string(IDCheckX)+"/record")
	if r.status != http.StatusFound || r.header.Get("Location") != "/v3.0/"+string(IDCheckX)+"/record" {
		t.Errorf("version-less path: %d %q", r.status, r.header.Get("Location"))
	}
}
