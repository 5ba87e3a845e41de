package orcidtest

import (
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orcidsite/orcidsite/orcid"
)

// Fixture is one researcher held by the fake server.
type Fixture struct {
	// Record is the whole /record reply: person plus activities summary,
	// including the work groups with their summaries.
	Record orcid.Record
	// Works holds the full works by put-code, served by /work/{pc} and the
	// bulk /works/{pc,…} endpoint. Every summary's put-code should have an
	// entry here.
	Works map[int64]orcid.Work
}

// Faults describes the failures the server injects into API requests
// (those under /v3.0; the OAuth endpoints only get Latency). Counters of
// "the next N requests" start when the faults are set.
type Faults struct {
	// Fail503Ratio is the fraction of API requests answered 503, chosen
	// by a pseudo-random sequence seeded with Seed.
	Fail503Ratio float64
	// Fail503Burst makes the next N API requests answer 503.
	Fail503Burst int
	// Latency is added to every request, OAuth endpoints included.
	Latency time.Duration
	// QuotaAfter, when positive, answers 429 with ORCID's plain-text body
	// to every API request after the first QuotaAfter ones.
	QuotaAfter int
	// MalformedJSON truncates the JSON body of API requests whose path
	// contains this substring (status stays 200).
	MalformedJSON string
	// ResetConn hijacks and resets the connection of API requests whose
	// path contains this substring, without writing a reply.
	ResetConn string
	// Seed seeds the Fail503Ratio sequence.
	Seed int64
}

// Option configures a Server at creation.
type Option func(*Server)

// WithClient registers the only client the token endpoint accepts. Without
// it, any non-empty client id and secret are accepted.
func WithClient(id, secret string) Option {
	return func(s *Server) { s.clientID, s.clientSecret = id, secret }
}

// RequireToken makes API requests without a valid bearer token fail with
// 401 invalid_token. Without it, anonymous requests are served (but a bearer
// token the server did not issue is still rejected, like ORCID does).
func RequireToken() Option {
	return func(s *Server) { s.requireToken = true }
}

// WithFaults sets the initial faults (see SetFaults).
func WithFaults(f Faults) Option {
	return func(s *Server) { s.setFaultsLocked(f) }
}

// Server is a running fake ORCID server.
type Server struct {
	// URL is the API base including the version prefix, for example
	// "http://127.0.0.1:PORT/v3.0" (no trailing slash).
	URL string
	// Root is the server root, "http://127.0.0.1:PORT"; it is also the
	// issuer of id_tokens.
	Root string
	// TokenURL is the OAuth token endpoint, Root+"/oauth/token".
	TokenURL string
	// AuthorizeURL is the OAuth authorize endpoint, Root+"/oauth/authorize".
	AuthorizeURL string
	// JWKSURL serves the public key that signs id_tokens, Root+"/oauth/jwks".
	JWKSURL string

	ts *httptest.Server

	mu          sync.Mutex
	fixtures    map[orcid.ID]Fixture
	deprecated  map[orcid.ID]orcid.ID
	locked      map[orcid.ID]bool
	deactivated map[orcid.ID]bool
	counts      map[string]int
	total       int

	faults    Faults
	faultRand *rand.Rand
	faultSeen int // API requests since the faults were set
	burstLeft int

	clientID, clientSecret string
	requireToken           bool
	tokens                 map[string]string // access token -> scope
	codes                  map[string]authCode
}

func newServer(opts []Option) *Server {
	s := &Server{
		fixtures:    map[orcid.ID]Fixture{},
		deprecated:  map[orcid.ID]orcid.ID{},
		locked:      map[orcid.ID]bool{},
		deactivated: map[orcid.ID]bool{},
		counts:      map[string]int{},
		tokens:      map[string]string{},
		codes:       map[string]authCode{},
	}
	s.setFaultsLocked(Faults{})
	for _, o := range opts {
		o(s)
	}
	return s
}

func (s *Server) start() {
	s.ts = httptest.NewServer(s)
	s.Root = s.ts.URL
	s.URL = s.Root + "/v3.0"
	s.TokenURL = s.Root + "/oauth/token"
	s.AuthorizeURL = s.Root + "/oauth/authorize"
	s.JWKSURL = s.Root + "/oauth/jwks"
}

// NewServer starts an empty fake server on 127.0.0.1; tb.Cleanup closes it.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := Start(opts...)
	tb.Cleanup(s.Close)
	return s
}

// Start starts an empty fake server without a testing.TB (for commands run
// by test scripts); the caller must Close it.
func Start(opts ...Option) *Server {
	s := newServer(opts)
	s.start()
	return s
}

// NewServerWithFixtures starts a server holding every fixture of Fixtures,
// with IDDeprecated deprecated in favour of IDPrimary, IDLocked locked and
// IDDeactivated deactivated.
func NewServerWithFixtures(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(tb, opts...)
	s.PutFixtures()
	return s
}

// PutFixtures adds every fixture of Fixtures and sets up the deprecated,
// locked and deactivated records.
func (s *Server) PutFixtures() {
	for id, f := range Fixtures() {
		s.Put(id, f)
	}
	s.Deprecate(IDDeprecated, IDPrimary)
	s.Lock(IDLocked)
	s.Deactivate(IDDeactivated)
}

// Close shuts the server down.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Client returns an HTTP client suited to the server (no proxy).
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Put adds or replaces the record of id. The server keeps its own copy of
// the fixture's lists and fills in what ORCID derives: the
// orcid-identifier, every path, empty lists instead of null ones, and the
// work summaries of each group ordered by display-index, highest first.
func (s *Server) Put(id orcid.ID, f Fixture) {
	f = prepare(id, f)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fixtures[id] = f
}

// Get returns the fixture held for id as served. The result shares memory
// with the server: modify a copy and Put it back.
func (s *Server) Get(id orcid.ID) (Fixture, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.fixtures[id]
	return f, ok
}

// IDs returns the iDs of the records held, sorted.
func (s *Server) IDs() []orcid.ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]orcid.ID, 0, len(s.fixtures))
	for id := range s.fixtures {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Deprecate marks old as merged into primary: GET requests for old answer
// 301 with a Location on the same path under the primary iD and an error
// body with code 9007.
func (s *Server) Deprecate(old, primary orcid.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deprecated[old] = primary
}

// Lock makes requests for id answer 409 with error code 9018.
func (s *Server) Lock(id orcid.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.locked[id] = true
}

// Deactivate makes requests for id answer 409 with error code 9044.
func (s *Server) Deactivate(id orcid.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deactivated[id] = true
}

// Touch moves the last-modified dates of id's record forward by one minute:
// the history, person and activities dates, the works section, every work
// group, summary and full work. A client fetching incrementally sees a
// change. Touch does nothing for an iD the server does not hold.
func (s *Server) Touch(id orcid.ID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.fixtures[id]
	if !ok {
		return
	}
	f = prepare(id, f) // fresh copy: replies being written keep the old one
	t := recordLastModified(f) + orcid.Timestamp(time.Minute/time.Millisecond)
	rec := &f.Record
	rec.History.LastModifiedDate = t
	rec.Person.LastModifiedDate = t
	as := &rec.ActivitiesSummary
	as.LastModifiedDate = t
	as.Works.LastModifiedDate = t
	for i := range as.Works.Group {
		g := &as.Works.Group[i]
		g.LastModifiedDate = t
		for j := range g.WorkSummary {
			g.WorkSummary[j].LastModifiedDate = t
		}
	}
	for pc, w := range f.Works {
		w.LastModifiedDate = t
		f.Works[pc] = w
	}
	s.fixtures[id] = f
}

// recordLastModified is the latest date found in the record's history,
// person, activities and works.
func recordLastModified(f Fixture) orcid.Timestamp {
	var t orcid.Timestamp
	up := func(v orcid.Timestamp) {
		if v > t {
			t = v
		}
	}
	r := f.Record
	if r.History != nil {
		up(r.History.LastModifiedDate)
	}
	up(r.Person.LastModifiedDate)
	up(r.ActivitiesSummary.LastModifiedDate)
	up(r.ActivitiesSummary.Works.LastModifiedDate)
	for _, w := range f.Works {
		up(w.LastModifiedDate)
	}
	return t
}

// Requests returns how many requests an endpoint received, faulty replies
// included. Endpoint names: "record" (/{id} and /{id}/record), "person",
// "personal-details", "activities", "works", "work", "bulk", the
// affiliation sections ("employments", "educations", "distinctions",
// "invited-positions", "memberships", "qualifications", "services"),
// "fundings", "peer-reviews", "research-resources", person sub-sections
// ("keywords", "researcher-urls", …), single items ("employment", …),
// "search", "expanded-search", "token", "authorize", "jwks",
// "openid-configuration" and "other" for paths the server does not know.
func (s *Server) Requests(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[endpoint]
}

// TotalRequests returns the number of requests received on any endpoint.
func (s *Server) TotalRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// ResetCounters sets every request counter to zero.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.total = 0
}

// SetFaults replaces the current fault settings and restarts their
// counters (the 503 burst, the quota count and the random sequence).
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFaultsLocked(f)
}

func (s *Server) setFaultsLocked(f Faults) {
	s.faults = f
	s.faultRand = rand.New(rand.NewPCG(uint64(f.Seed), 0x9e3779b97f4a7c15))
	s.faultSeen = 0
	s.burstLeft = f.Fail503Burst
}

// fault is the failure chosen for one API request.
type fault int

const (
	faultNone fault = iota
	faultQuota
	fault503
	faultReset
	faultMalformed
)

// count records a request on endpoint and, for API requests, picks the
// fault to inject.
func (s *Server) count(endpoint string, api bool, path string) fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[endpoint]++
	s.total++
	if !api {
		return faultNone
	}
	f := s.faults
	s.faultSeen++
	switch {
	case f.QuotaAfter > 0 && s.faultSeen > f.QuotaAfter:
		return faultQuota
	case s.burstLeft > 0:
		s.burstLeft--
		return fault503
	case f.Fail503Ratio > 0 && s.faultRand.Float64() < f.Fail503Ratio:
		return fault503
	case f.ResetConn != "" && strings.Contains(path, f.ResetConn):
		return faultReset
	case f.MalformedJSON != "" && strings.Contains(path, f.MalformedJSON):
		return faultMalformed
	}
	return faultNone
}

// wait sleeps for the configured latency; false when the client went away
// meanwhile.
func (s *Server) wait(r *http.Request) bool {
	s.mu.Lock()
	d := s.faults.Latency
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// ServeHTTP routes a request of the underlying httptest server. Every
// request is counted first, then delayed by the configured latency, then
// answered.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if rest, ok := strings.CutPrefix(p, "/v3.0/"); ok {
		s.serveAPI(w, r, "/"+rest)
		return
	}
	var endpoint string
	var handle func(http.ResponseWriter, *http.Request)
	switch {
	case p == "/oauth/token":
		endpoint, handle = "token", s.handleToken
	case p == "/oauth/authorize":
		endpoint, handle = "authorize", s.handleAuthorize
	case p == "/oauth/jwks":
		endpoint, handle = "jwks", s.handleJWKS
	case p == "/.well-known/openid-configuration":
		endpoint, handle = "openid-configuration", s.handleOIDCConfig
	case idPattern.MatchString(strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)[0]):
		// ORCID redirects version-less paths to the default version.
		endpoint, handle = "other", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/v3.0"+r.URL.RequestURI(), http.StatusFound)
		}
	default:
		endpoint, handle = "other", http.NotFound
	}
	s.count(endpoint, false, p)
	if s.wait(r) {
		handle(w, r)
	}
}

// serveAPI answers a request under /v3.0; rest starts with a slash.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rest string) {
	rt := parseRoute(rest)
	f := s.count(rt.endpoint, true, r.URL.Path)
	if !s.wait(r) {
		return
	}
	switch f {
	case faultQuota:
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(quotaBody))
		return
	case fault503:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(unavailableBody))
		return
	case faultReset:
		resetConn(w)
		return
	case faultMalformed:
		rt.malformed = true
	}
	if !s.authorized(w, r) {
		return
	}
	format, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		writeReply(w, formatXML, rt, http.StatusNotAcceptable, errorBody(406, 9001,
			"406 Not Acceptable: The request media type is not supported: "+r.Header.Get("Accept"),
			"The request media type is not supported."))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeReply(w, format, rt, http.StatusMethodNotAllowed, errorBody(405, 9008,
			"405 Method Not Allowed: only GET is supported by this public API",
			"The method is not allowed."))
		return
	}
	status, body := s.dispatch(r, &rt)
	if status == http.StatusMovedPermanently {
		w.Header().Set("Location", rt.redirect)
	}
	writeReply(w, format, rt, status, body)
}

// resetConn closes the client's connection abruptly (TCP reset when
// possible) without a reply.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

const quotaBody = "Too Many Requests. You have exceeded the daily quota for anonymous usage of this API. \n" +
	"You can increase your daily quota by registering for and using Public API client credentials " +
	"(https://info.orcid.org/documentation/integration-guide/registering-a-public-api-client/)"

const unavailableBody = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n" +
	"<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"
