package orcid_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/orcidsite/orcidsite/orcid"
)

// prefix is the path below which the inline test servers serve the API, so
// that every test checks that the client keeps a base URL's path.
const prefix = "/some/prefix/v3.0"

const carberry = orcid.ID("0000-0002-1825-0097")

// newServer starts an httptest server whose handler sees the path below
// prefix; requests outside it fail the test. It returns a client with no
// rate limit and fast retries.
func newServer(t *testing.T, h http.HandlerFunc, opts ...orcid.Option) (*orcid.Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix+"/") {
			t.Errorf("request path %q lacks the base URL prefix %q", r.URL.Path, prefix)
			http.Error(w, "wrong prefix", http.StatusTeapot)
			return
		}
		r.URL.Path = strings.TrimPrefix(r.URL.Path, prefix)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	opts = append([]orcid.Option{
		orcid.WithBaseURL(srv.URL + prefix + "/"),
		orcid.WithRateLimit(rate.Inf, 1),
		orcid.WithRetries(3, time.Millisecond),
	}, opts...)
	return orcid.NewClient(srv.Client(), opts...), srv
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func TestRequestShape(t *testing.T) {
	var got http.Header
	var path string
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got, path = r.Header.Clone(), r.URL.Path
		writeJSON(w, 200, `{"orcid-identifier":{"uri":"https://orcid.org/0000-0002-1825-0097","path":"0000-0002-1825-0097","host":"orcid.org"},
			"person":{"name":{"given-names":{"value":"Josiah"},"family-name":{"value":"Carberry"},"credit-name":null}},
			"history":{"last-modified-date":{"value":1580821752178}}}`)
	}, orcid.WithUserAgent(orcid.UserAgent("1.2.3")))
	rec, err := c.Record(context.Background(), carberry)
	if err != nil {
		t.Fatal(err)
	}
	if path != "/0000-0002-1825-0097/record" {
		t.Errorf("path = %q, want /0000-0002-1825-0097/record", path)
	}
	if a := got.Get("Accept"); a != "application/json" {
		t.Errorf("Accept = %q, want application/json", a)
	}
	if ua := got.Get("User-Agent"); ua != "orcidsite/1.2.3 (+https://github.com/orcidsite/orcidsite)" {
		t.Errorf("User-Agent = %q", ua)
	}
	if got.Get("Authorization") != "" {
		t.Errorf("anonymous client sent Authorization")
	}
	if rec.Person.Name == nil || rec.Person.Name.GivenNames != "Josiah" || rec.Person.Name.FamilyName != "Carberry" || rec.Person.Name.CreditName != "" {
		t.Errorf("name = %+v", rec.Person.Name)
	}
	if rec.History == nil || rec.History.LastModifiedDate.Time() != time.Date(2020, 2, 4, 13, 9, 12, 178e6, time.UTC) {
		t.Errorf("history = %+v", rec.History)
	}
}

func TestEndpointPaths(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		switch {
		case strings.HasPrefix(r.URL.Path, "/search"):
			writeJSON(w, 200, `{"result":null,"num-found":0}`)
		case strings.HasPrefix(r.URL.Path, "/expanded-search"):
			writeJSON(w, 200, `{"expanded-result":null,"num-found":0}`)
		default:
			writeJSON(w, 200, `{}`)
		}
	})
	ctx := context.Background()
	calls := []struct {
		call func() error
		want string
	}{
		{func() error { _, err := c.Record(ctx, carberry); return err }, "/0000-0002-1825-0097/record?"},
		{func() error { _, err := c.Person(ctx, carberry); return err }, "/0000-0002-1825-0097/person?"},
		{func() error { _, err := c.Activities(ctx, carberry); return err }, "/0000-0002-1825-0097/activities?"},
		{func() error { _, err := c.Works(ctx, carberry); return err }, "/0000-0002-1825-0097/works?"},
		{func() error { _, err := c.Work(ctx, carberry, 123); return err }, "/0000-0002-1825-0097/work/123?"},
		{func() error { _, err := c.Employments(ctx, carberry); return err }, "/0000-0002-1825-0097/employments?"},
		{func() error { _, err := c.Educations(ctx, carberry); return err }, "/0000-0002-1825-0097/educations?"},
		{func() error { _, err := c.Distinctions(ctx, carberry); return err }, "/0000-0002-1825-0097/distinctions?"},
		{func() error { _, err := c.InvitedPositions(ctx, carberry); return err }, "/0000-0002-1825-0097/invited-positions?"},
		{func() error { _, err := c.Memberships(ctx, carberry); return err }, "/0000-0002-1825-0097/memberships?"},
		{func() error { _, err := c.Qualifications(ctx, carberry); return err }, "/0000-0002-1825-0097/qualifications?"},
		{func() error { _, err := c.Services(ctx, carberry); return err }, "/0000-0002-1825-0097/services?"},
		{func() error { _, err := c.Fundings(ctx, carberry); return err }, "/0000-0002-1825-0097/fundings?"},
		{func() error { _, err := c.PeerReviews(ctx, carberry); return err }, "/0000-0002-1825-0097/peer-reviews?"},
		{func() error {
			_, _, err := c.Search(ctx, "family-name:Carberry", orcid.SearchOptions{Rows: 5})
			return err
		}, "/search/?q=family-name%3ACarberry&rows=5&start=0"},
		{func() error { _, _, err := c.ExpandedSearch(ctx, "Carberry", 7); return err }, "/expanded-search/?q=Carberry&rows=7&start=0"},
	}
	for _, tc := range calls {
		paths = nil
		if err := tc.call(); err != nil {
			t.Errorf("%s: %v", tc.want, err)
			continue
		}
		if len(paths) != 1 || paths[0] != tc.want {
			t.Errorf("requests = %q, want [%q]", paths, tc.want)
		}
	}
	st := c.Stats()
	for _, ep := range []string{"record", "person", "works", "work", "employments", "invited-positions", "peer-reviews", "search", "expanded-search"} {
		if st.Endpoints[ep].Requests != 1 {
			t.Errorf("Stats().Endpoints[%q].Requests = %d, want 1", ep, st.Endpoints[ep].Requests)
		}
	}
	if st.Requests != len(calls) || st.Retries != 0 || st.Errors != 0 || st.Bytes == 0 {
		t.Errorf("Stats() = %+v, want %d requests, no retries or errors, some bytes", st, len(calls))
	}
}

func TestInvalidIDNotSent(t *testing.T) {
	var n atomic.Int32
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) { n.Add(1); writeJSON(w, 200, `{}`) })
	for _, id := range []orcid.ID{"", "../../etc", "0000-0002-1825-0098", "0000-0002-1694-233x", "https://orcid.org/0000-0002-1825-0097"} {
		if _, err := c.Person(context.Background(), id); err == nil || !strings.Contains(err.Error(), "invalid iD") {
			t.Errorf("Person(%q) error = %v, want invalid iD", id, err)
		}
	}
	if n.Load() != 0 {
		t.Errorf("%d requests sent for invalid iDs", n.Load())
	}
}

func TestErrorClassification(t *testing.T) {
	const old, primary = "0000-0002-1694-233X", "0000-0002-9079-593X"
	tests := []struct {
		name    string
		status  int
		header  map[string]string
		body    string
		is      []error // errors.Is must hold
		isNot   []error
		status2 int      // *Error.Status, when an *Error
		code    int      // *Error.Code
		newID   orcid.ID // *DeprecatedError.New
		oauth   string   // *OAuthError.Code
		inMsg   []string
		notMsg  []string
	}{
		{name: "not found", status: 404,
			body:    `{"response-code":404,"developer-message":"404 Not Found: The resource was not found. Full validation error: ORCID iD 0000-0002-1694-233X not found","user-message":"The resource was not found.","error-code":9016}`,
			is:      []error{orcid.ErrNotFound},
			isNot:   []error{orcid.ErrLocked, orcid.ErrRateLimited},
			status2: 404, code: 9016, inMsg: []string{old + "/person", "not found", "9016"}},
		{name: "deprecated 301", status: 301,
			header: map[string]string{"Location": "https://pub.orcid.org/v3.0/" + primary + "/person"},
			body:   `{"response-code":301,"developer-message":"301 Moved Permanently: This account is deprecated. Please refer to account: https://orcid.org/` + primary + `. ORCID https://orcid.org/` + old + `","error-code":9007}`,
			is:     []error{orcid.ErrDeprecated}, newID: primary, inMsg: []string{old, primary, "deprecated"}},
		{name: "deprecated 301 without body", status: 301,
			header: map[string]string{"Location": "/v3.0/" + primary + "/person"},
			is:     []error{orcid.ErrDeprecated}, newID: primary},
		{name: "deprecated 409 on write", status: 409,
			body: `{"response-code":409,"developer-message":"409 Conflict: This account is deprecated. Please refer to account: https://orcid.org/` + primary + `. ORCID https://orcid.org/` + old + `","error-code":9007}`,
			is:   []error{orcid.ErrDeprecated}, newID: primary},
		{name: "other redirect", status: 302, header: map[string]string{"Location": "https://example.org/elsewhere"},
			isNot: []error{orcid.ErrDeprecated}, status2: 302, inMsg: []string{"unexpected redirect", "example.org"}},
		{name: "locked", status: 409,
			body: `{"response-code":409,"developer-message":"409 Conflict: The ORCID record is locked and cannot be edited. ORCID https://orcid.org/` + old + `","user-message":"The ORCID record is locked.","error-code":9018}`,
			is:   []error{orcid.ErrLocked}, isNot: []error{orcid.ErrNotFound, orcid.ErrDeactivated}, status2: 409, code: 9018, inMsg: []string{"locked"}},
		{name: "deactivated", status: 409,
			body: `{"response-code":409,"developer-message":"409 Conflict: The ORCID record is deactivated. Full validation error: ` + old + ` is deactivated","error-code":9044}`,
			is:   []error{orcid.ErrDeactivated}, status2: 409, code: 9044},
		{name: "unclaimed", status: 409, body: `{"response-code":409,"error-code":9036,"developer-message":"unclaimed"}`,
			is: []error{orcid.ErrUnclaimed}, code: 9036, status2: 409},
		{name: "not public", status: 403, body: `{"response-code":403,"error-code":9039,"developer-message":"not public"}`,
			is: []error{orcid.ErrNotPublic}, code: 9039, status2: 403},
		{name: "quota 429 plain text", status: 429, body: "Too Many Requests - You have exceeded the daily allowance of API calls.\nYou can increase your daily quota by registering for and using Public API client credentials",
			is: []error{orcid.ErrQuotaExceeded}, isNot: []error{orcid.ErrRateLimited}, status2: 429, inMsg: []string{"quota", "429", "Too Many Requests"}, notMsg: []string{"\n"}},
		{name: "invalid token", status: 401, body: `{"error":"invalid_token","error_description":"Invalid access token: 0dbd4e2a-secret-token"}`,
			is: []error{orcid.ErrUnauthorized}, oauth: "invalid_token", inMsg: []string{"invalid_token", old}, notMsg: []string{"0dbd4e2a"}},
		{name: "server error 500", status: 500,
			body:  `{"response-code":500,"developer-message":"org.apache.solr.client.solrj.impl.HttpSolrClient.RemoteSolrException","user-message":"Something went wrong in ORCID.","error-code":9008}`,
			isNot: []error{orcid.ErrNotFound, orcid.ErrRateLimited}, status2: 500, code: 9008, inMsg: []string{"500", "9008", "RemoteSolrException"}},
		{name: "xml error", status: 406,
			body:    `<?xml version="1.0"?><error xmlns="http://www.orcid.org/ns/error"><response-code>406</response-code><developer-message>406 Not Acceptable: bad media type</developer-message><error-code>9001</error-code></error>`,
			status2: 406, code: 9001, inMsg: []string{"406", "9001", "bad media type"}},
		{name: "xml deprecated on write", status: 409,
			body: `<?xml version="1.0"?><error xmlns="http://www.orcid.org/ns/error"><response-code>409</response-code><developer-message>This account is deprecated. Please refer to account: https://qa.orcid.org/0000-0002-9079-593X.</developer-message><error-code>9007</error-code></error>`,
			is:   []error{orcid.ErrDeprecated}, newID: primary},
		{name: "html error", status: 400, body: `<html><body><h1>400 Bad Request</h1></body></html>`,
			status2: 400, inMsg: []string{"400", "non-JSON reply", "Bad Request"}},
		{name: "control characters in message", status: 400,
			body:    `{"response-code":400,"developer-message":"bad\u001b[31m\r\nthing\u202e","error-code":9012}`,
			status2: 400, code: 9012, inMsg: []string{"bad [31m thing"}, notMsg: []string{"\x1b", "\r", "\u202e"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				if tc.status == 429 {
					w.Header().Set("Content-Type", "text/plain")
					w.WriteHeader(tc.status)
					fmt.Fprint(w, tc.body)
					return
				}
				writeJSON(w, tc.status, tc.body)
			})
			_, err := c.Person(context.Background(), old)
			if err == nil {
				t.Fatal("no error")
			}
			for _, target := range tc.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			for _, target := range tc.isNot {
				if errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = true", err, target)
				}
			}
			var oe *orcid.Error
			if tc.status2 != 0 {
				if !errors.As(err, &oe) {
					t.Fatalf("error %T %v is not an *orcid.Error", err, err)
				}
				if oe.Status != tc.status2 || oe.Code != tc.code || oe.Path != old+"/person" || oe.Endpoint != "person" {
					t.Errorf("*Error = %+v, want status %d code %d path %s/person endpoint person", oe, tc.status2, tc.code, old)
				}
			}
			var de *orcid.DeprecatedError
			if tc.newID != "" {
				if !errors.As(err, &de) {
					t.Fatalf("error %T %v is not a *DeprecatedError", err, err)
				}
				if de.Old != old || de.New != tc.newID {
					t.Errorf("DeprecatedError{Old: %s, New: %s}, want %s → %s", de.Old, de.New, old, tc.newID)
				}
			}
			var ae *orcid.OAuthError
			if tc.oauth != "" {
				if !errors.As(err, &ae) || ae.Code != tc.oauth || ae.Status != tc.status {
					t.Errorf("error %T %v, want *OAuthError %s", err, err, tc.oauth)
				}
			}
			for _, s := range tc.inMsg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
			for _, s := range tc.notMsg {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q contains %q", err, s)
				}
			}
			if st := c.Stats(); st.Requests != 1 || st.Errors != 1 {
				t.Errorf("Stats() = %+v, want 1 request and 1 error (no retries)", st)
			}
		})
	}
}

func TestRetry503(t *testing.T) {
	for _, fails := range []int{0, 1, 3, 4, 10} {
		t.Run(strconv.Itoa(fails), func(t *testing.T) {
			var n atomic.Int32
			c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if int(n.Add(1)) <= fails {
					w.WriteHeader(503)
					return
				}
				writeJSON(w, 200, `{"name":{"given-names":{"value":"Ana"}}}`)
			}, orcid.WithRetries(3, time.Millisecond))
			p, err := c.Person(context.Background(), carberry)
			st := c.Stats()
			if fails <= 3 {
				if err != nil {
					t.Fatalf("after %d 503s: %v", fails, err)
				}
				if p.Name.GivenNames != "Ana" {
					t.Errorf("name = %q", p.Name.GivenNames)
				}
				if st.Requests != fails+1 || st.Retries != fails || st.Throttled != fails || st.Errors != 0 {
					t.Errorf("Stats() = %+v, want %d requests, %d retries", st, fails+1, fails)
				}
				return
			}
			if !errors.Is(err, orcid.ErrRateLimited) {
				t.Fatalf("error = %v, want ErrRateLimited", err)
			}
			if n.Load() != 4 || st.Requests != 4 || st.Retries != 3 || st.Errors != 1 {
				t.Errorf("server saw %d requests, Stats() = %+v; want 4 requests (1 + 3 retries)", n.Load(), st)
			}
		})
	}
}

func TestQuotaNotRetried(t *testing.T) {
	var n atomic.Int32
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	}, orcid.WithRetries(5, time.Millisecond))
	_, err := c.Record(context.Background(), carberry)
	if !errors.Is(err, orcid.ErrQuotaExceeded) {
		t.Fatalf("error = %v, want ErrQuotaExceeded", err)
	}
	if n.Load() != 1 {
		t.Errorf("429 was sent %d times, want once", n.Load())
	}
}

func TestTransientNetworkErrorRetried(t *testing.T) {
	var n atomic.Int32
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1: // reset the connection without a reply
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		case 2: // a reply cut short: Content-Length larger than the body
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(200)
			fmt.Fprint(w, `{"name":`)
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		default:
			writeJSON(w, 200, `{"name":{"family-name":{"value":"Ng"}}}`)
		}
	})
	p, err := c.Person(context.Background(), carberry)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name.FamilyName != "Ng" {
		t.Errorf("family name = %q", p.Name.FamilyName)
	}
	if st := c.Stats(); st.Requests != 3 || st.Retries != 2 {
		t.Errorf("Stats() = %+v, want 3 requests with 2 retries", st)
	}
}

func TestMalformedReplies(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		want              []string
	}{
		{"xml", "application/vnd.orcid+xml; qs=5;charset=UTF-8", `<?xml version="1.0" encoding="UTF-8"?><person:person/>`, []string{"XML, not JSON", "vnd.orcid+xml"}},
		{"html", "text/html", "<!DOCTYPE html><html><body>Gateway</body></html>", []string{"HTML, not JSON"}},
		{"invalid json", "application/json", `{"name": {"given-names": `, []string{"decoding JSON"}},
		{"wrong type", "application/json", `{"name": "Ana"}`, []string{"decoding JSON"}},
		{"empty", "application/json", ``, []string{"empty reply"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ctype)
				fmt.Fprint(w, tc.body)
			})
			_, err := c.Person(context.Background(), carberry)
			if !errors.Is(err, orcid.ErrBadResponse) {
				t.Fatalf("error = %v, want ErrBadResponse", err)
			}
			for _, s := range append(tc.want, string(carberry)+"/person") {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestMaxResponseSize(t *testing.T) {
	big := `{"biography":{"content":"` + strings.Repeat("a", 5000) + `"}}`
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, big) },
		orcid.WithMaxResponseSize(4096))
	_, err := c.Person(context.Background(), carberry)
	if !errors.Is(err, orcid.ErrBadResponse) || !strings.Contains(err.Error(), "larger than 4096 bytes") {
		t.Fatalf("error = %v, want a size-limit error", err)
	}
	c2, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, big) },
		orcid.WithMaxResponseSize(int64(len(big))))
	if p, err := c2.Person(context.Background(), carberry); err != nil || len(p.Biography.Content) != 5000 {
		t.Fatalf("reply of exactly the limit: %v", err)
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) },
		orcid.WithRetries(5, 10*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Record(ctx, carberry)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("returned after %v; the backoff did not honour ctx", d)
	}
}

func TestRateLimiterShared(t *testing.T) {
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) },
		orcid.WithRateLimit(100, 2))
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 3 {
				if _, err := c.Person(context.Background(), carberry); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	// 12 requests, burst 2 at 100/s: at least 10 waits of 10ms.
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("12 requests at 100/s burst 2 took %v, want ≥ 100ms", d)
	}
	if st := c.Stats(); st.Requests != 12 || st.Waited <= 0 {
		t.Errorf("Stats() = %+v, want 12 requests and some waiting", st)
	}
}

func TestNoRedirectFollowed(t *testing.T) {
	var paths []string
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		w.Header().Set("Location", prefix+"/0000-0002-9079-593X/record")
		writeJSON(w, 301, `{"response-code":301,"error-code":9007,"developer-message":"deprecated"}`)
	})
	_, err := c.Record(context.Background(), carberry)
	var de *orcid.DeprecatedError
	if !errors.As(err, &de) || de.New != "0000-0002-9079-593X" || de.Old != carberry {
		t.Fatalf("error = %v, want *DeprecatedError to 0000-0002-9079-593X", err)
	}
	if len(paths) != 1 {
		t.Errorf("requests = %q, want only the first", paths)
	}
}

func TestInvalidBaseURL(t *testing.T) {
	for _, u := range []string{"pub.orcid.org/v3.0", "ftp://x/v3.0", "://"} {
		c := orcid.NewClient(nil, orcid.WithBaseURL(u))
		if _, err := c.Record(context.Background(), carberry); err == nil || !strings.Contains(err.Error(), "invalid API URL") {
			t.Errorf("base %q: error = %v", u, err)
		}
	}
	if got := orcid.NewClient(nil, orcid.WithSandbox()).BaseURL(); got != orcid.SandboxAPIURL {
		t.Errorf("WithSandbox base = %q", got)
	}
	if got := orcid.NewClient(nil).BaseURL(); got != "https://pub.orcid.org/v3.0" {
		t.Errorf("default base = %q", got)
	}
}

// bulkHandler answers bulk requests like ORCID: found works first, then
// error entries, both in reverse request order; codes ≥ 900 are unknown.
// noQuote lists codes whose error message does not quote the code.
func bulkHandler(t *testing.T, calls *[][]int64, noQuote map[int64]bool) http.HandlerFunc {
	var mu sync.Mutex
	return func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, "/"+string(carberry)+"/works/")
		if !ok {
			t.Errorf("unexpected path %q", r.URL.Path)
			http.NotFound(w, r)
			return
		}
		var codes []int64
		for _, s := range strings.Split(rest, ",") {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.Errorf("bad put-code %q in %q", s, r.URL.Path)
			}
			codes = append(codes, n)
		}
		mu.Lock()
		*calls = append(*calls, codes)
		mu.Unlock()
		if len(codes) > 100 {
			writeJSON(w, 400, `{"response-code":400,"error-code":9042,"developer-message":"too many put codes"}`)
			return
		}
		var works, errs []map[string]any
		for _, pc := range slices.Backward(codes) {
			if pc >= 900 {
				msg := fmt.Sprintf("400 Bad Request: The put code provided is not valid. Full validation error: '%d' is not a valid put code", pc)
				if noQuote[pc] {
					msg = "400 Bad Request: The put code provided is not valid."
				}
				errs = append(errs, map[string]any{"error": map[string]any{"response-code": 400, "error-code": 9034, "developer-message": msg}})
				continue
			}
			works = append(works, map[string]any{"work": map[string]any{"put-code": pc, "title": map[string]any{"title": map[string]any{"value": fmt.Sprintf("Work %d", pc)}}}})
		}
		// Errors after the works, here in reverse request order, so that
		// only their messages tell which code they belong to.
		b, _ := json.Marshal(map[string]any{"bulk": append(works, errs...)})
		writeJSON(w, 200, string(b))
	}
}

func TestWorksBulk(t *testing.T) {
	var calls [][]int64
	c, _ := newServer(t, bulkHandler(t, &calls, map[int64]bool{903: true, 904: true}))
	var codes []int64
	for i := range int64(250) {
		codes = append(codes, i+1)
	}
	codes = append(codes, 901, 5, 902, 903, 904) // 5 is a duplicate
	works, errs, err := c.WorksBulk(context.Background(), carberry, codes)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 {
		t.Fatalf("%d bulk requests, want 3", len(calls))
	}
	total := 0
	for _, call := range calls {
		if len(call) > orcid.MaxBulkWorks {
			t.Errorf("bulk request with %d codes", len(call))
		}
		total += len(call)
	}
	if total != 254 {
		t.Errorf("%d codes requested in all, want 254 (duplicates removed)", total)
	}
	if len(works) != 250 {
		t.Errorf("%d works, want 250", len(works))
	}
	for pc, w := range works {
		if w.PutCode != pc || w.Title == nil || string(w.Title.Title) != fmt.Sprintf("Work %d", pc) {
			t.Errorf("works[%d] = put-code %d title %v", pc, w.PutCode, w.Title)
		}
	}
	if len(errs) != 4 {
		t.Errorf("errs = %v, want 4 entries", errs)
	}
	for _, pc := range []int64{901, 902, 903, 904} {
		err := errs[pc]
		if !errors.Is(err, orcid.ErrNotFound) {
			t.Errorf("errs[%d] = %v, want ErrNotFound", pc, err)
			continue
		}
		if want := fmt.Sprintf("%s/work/%d", carberry, pc); !strings.Contains(err.Error(), want) {
			t.Errorf("errs[%d] = %q, want it to name %s", pc, err, want)
		}
		if pc <= 902 && !strings.Contains(err.Error(), fmt.Sprintf("'%d'", pc)) {
			t.Errorf("errs[%d] = %q carries another code's message", pc, err)
		}
	}
}

func TestWorksBulkMissingEntry(t *testing.T) {
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"bulk":[{"work":{"put-code":2}}]}`)
	})
	works, errs, err := c.WorksBulk(context.Background(), carberry, []int64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(works) != 1 || works[2].PutCode != 2 {
		t.Errorf("works = %v", works)
	}
	if errs[1] == nil || !strings.Contains(errs[1].Error(), "no entry") || errors.Is(errs[1], orcid.ErrNotFound) {
		t.Errorf("errs[1] = %v, want a 'no entry' error", errs[1])
	}
}

func TestWorksBulkCallError(t *testing.T) {
	var n atomic.Int32
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) > 1 {
			http.Error(w, "Too Many Requests", 429)
			return
		}
		writeJSON(w, 200, `{"bulk":[{"work":{"put-code":1}}]}`)
	})
	codes := make([]int64, 150)
	for i := range codes {
		codes[i] = int64(i + 1)
	}
	works, _, err := c.WorksBulk(context.Background(), carberry, codes)
	if !errors.Is(err, orcid.ErrQuotaExceeded) {
		t.Fatalf("error = %v, want ErrQuotaExceeded", err)
	}
	if len(works) != 1 {
		t.Errorf("works fetched before the failure = %d, want 1", len(works))
	}
}

// fakeIDs returns n valid iDs.
func fakeIDs(n int) []orcid.ID {
	ids := make([]orcid.ID, n)
	for i := range ids {
		base := fmt.Sprintf("000900000%06d", i)
		ids[i] = orcid.ID(base[0:4] + "-" + base[4:8] + "-" + base[8:12] + "-" + base[12:15] + string(orcid.CheckDigit(base)))
	}
	return ids
}

// searchHandler serves num hits for any query; anonymous starts beyond
// 10000 fail like ORCID (400, 9043).
func searchHandler(t *testing.T, num int, pages *[]string) http.HandlerFunc {
	all := fakeIDs(num)
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		*pages = append(*pages, q.Get("start")+"+"+q.Get("rows"))
		start, err1 := strconv.Atoi(q.Get("start"))
		rows, err2 := strconv.Atoi(q.Get("rows"))
		if err1 != nil || err2 != nil || rows > 1000 {
			writeJSON(w, 400, `{"response-code":400,"error-code":9012,"developer-message":"bad rows"}`)
			return
		}
		if start > 10000 {
			writeJSON(w, 400, `{"response-code":400,"error-code":9043,"developer-message":"The start parameter must be ≤ 10000 for anonymous access"}`)
			return
		}
		var res []map[string]any
		for _, id := range all[min(start, num):min(start+rows, num)] {
			res = append(res, map[string]any{"orcid-identifier": map[string]any{"uri": id.URI(), "path": id, "host": "orcid.org"}})
		}
		b, _ := json.Marshal(map[string]any{"result": res, "num-found": num}) // nil res → null, like ORCID
		writeJSON(w, 200, string(b))
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name      string
		num       int
		opts      orcid.SearchOptions
		wantIDs   int
		wantPages []string
		capped    bool
	}{
		{"none", 0, orcid.SearchOptions{}, 0, []string{"0+1000"}, false},
		{"one page", 3, orcid.SearchOptions{}, 3, []string{"0+1000"}, false},
		{"pages", 2500, orcid.SearchOptions{}, 2500, []string{"0+1000", "1000+1000", "2000+1000"}, false},
		{"small rows", 7, orcid.SearchOptions{Rows: 3}, 7, []string{"0+3", "3+3", "6+3"}, false},
		{"rows above max", 5, orcid.SearchOptions{Rows: 5000}, 5, []string{"0+1000"}, false},
		{"max", 2500, orcid.SearchOptions{Max: 1500}, 1500, []string{"0+1000", "1000+500"}, false},
		{"start", 10, orcid.SearchOptions{Start: 8, Rows: 5}, 2, []string{"8+5"}, false},
		{"capped", 12500, orcid.SearchOptions{}, 11000, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pages []string
			c, _ := newServer(t, searchHandler(t, tc.num, &pages))
			ids, n, err := c.Search(context.Background(), "keyword:ecology", tc.opts)
			if tc.capped {
				var ce *orcid.SearchCappedError
				if !errors.Is(err, orcid.ErrSearchCapped) || !errors.As(err, &ce) {
					t.Fatalf("error = %v, want ErrSearchCapped", err)
				}
				if ce.Got != tc.wantIDs || ce.NumFound != tc.num || !strings.Contains(err.Error(), "got 11000 of 12500") {
					t.Errorf("SearchCappedError = %+v (%v)", ce, err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(ids) != tc.wantIDs || n != tc.num {
				t.Errorf("got %d iDs, num-found %d; want %d, %d", len(ids), n, tc.wantIDs, tc.num)
			}
			all := fakeIDs(tc.num)
			start := tc.opts.Start
			if len(ids) > 0 && !slices.Equal(ids, all[start:start+len(ids)]) {
				t.Errorf("iDs are not the hits in order")
			}
			if tc.wantPages != nil {
				if diff := cmp.Diff(tc.wantPages, pages); diff != "" {
					t.Errorf("pages (start+rows) (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestExpandedSearch(t *testing.T) {
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"expanded-result":[{"orcid-id":"0000-0002-1825-0097","given-names":"Josiah","family-names":"Carberry","credit-name":null,"other-name":["J. Carberry"],"email":[],"institution-name":["Brown University"]}],"num-found":1}`)
	})
	hits, n, err := c.ExpandedSearch(context.Background(), "Carberry", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []orcid.ExpandedHit{{ORCIDID: "0000-0002-1825-0097", GivenNames: "Josiah", FamilyNames: "Carberry",
		OtherName: []string{"J. Carberry"}, Email: []string{}, InstitutionName: []string{"Brown University"}}}
	if diff := cmp.Diff(want, hits); diff != "" || n != 1 {
		t.Errorf("num-found %d; hits (-want +got):\n%s", n, diff)
	}
}

func TestWorksBulkEmpty(t *testing.T) {
	var n atomic.Int32
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) { n.Add(1); writeJSON(w, 200, `{"bulk":[]}`) })
	works, errs, err := c.WorksBulk(context.Background(), carberry, nil)
	if err != nil || len(works) != 0 || len(errs) != 0 || n.Load() != 0 {
		t.Errorf("WorksBulk(nil) = %v, %v, %v after %d requests; want nothing and no request", works, errs, err, n.Load())
	}
	if _, _, err := c.WorksBulk(context.Background(), "0000-0002-1825-0098", []int64{1}); err == nil || n.Load() != 0 {
		t.Errorf("WorksBulk with a bad iD: %v", err)
	}
}

// TestUnknownHostNotRetried checks that a host that does not resolve fails
// at once instead of being retried like a passing network fault.
func TestUnknownHostNotRetried(t *testing.T) {
	var dials atomic.Int32
	hc := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			// As the resolver reports it: a dial error around the lookup's.
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "pub.orcid.example", IsNotFound: true}}
		},
	}}
	c := orcid.NewClient(hc, orcid.WithBaseURL("http://pub.orcid.example/v3.0"), orcid.WithRetries(3, time.Millisecond))
	_, err := c.Record(context.Background(), "0000-0002-1825-0097")
	if err == nil || !strings.Contains(err.Error(), "no such host") {
		t.Fatalf("err = %v, want the lookup failure", err)
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("dialled %d times, want 1 (no retries)", n)
	}
	if s := c.Stats(); s.Retries != 0 {
		t.Errorf("Stats().Retries = %d, want 0", s.Retries)
	}
}
