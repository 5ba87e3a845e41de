package orcidtest

import (
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

func searchIDs(t *testing.T, s *Server, query string, extra ...string) (ids []string, numFound int, r reply) {
	t.Helper()
	v := url.Values{"q": {query}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	r = fetch(t, s, "/search/?"+v.Encode())
	if r.status != 200 {
		return nil, 0, r
	}
	res := decode[orcid.SearchResult](t, r)
	for _, h := range res.Result {
		ids = append(ids, h.ORCIDIdentifier.Path)
	}
	return ids, res.NumFound, r
}

func TestSearchQueries(t *testing.T) {
	s := NewServerWithFixtures(t)
	lab := []string{string(IDLabPI), string(IDLabPostdoc), string(IDLabStudent)}
	tests := []struct {
		q    string
		want []string
	}{
		{"family-name:Lindqvist", []string{string(IDLabPI)}},
		{"family-name:lindqvist", []string{string(IDLabPI)}},
		{"given-names:Priya", []string{string(IDLabStudent)}},
		{`affiliation-org-name:"Northvale University"`, lab},
		{`ror-org-id:"https://ror.org/05nv4l321"`, lab},
		{"orcid:" + string(IDCheckX), []string{string(IDCheckX)}},
		{"Margarethe Lindqvist", []string{string(IDLabPI)}},
		{"Lindqvist OR Okafor", []string{string(IDLabPI), string(IDLabPostdoc)}},
		{"family-name:Raghunathan AND given-names:Priya", []string{string(IDLabStudent)}},
		{"family-name:Raghunathan AND given-names:Daniel", nil},
		{"digital-object-ids:10.1234/sbc.2021.0117", lab},
		{"keyword:peatlands", []string{string(IDLabPI), string(IDLabPostdoc)}},
		{"given-names:Marg*", []string{string(IDLabPI)}},
		{"family-name:Nobody", nil},
		{"", nil},
		// Deprecated, locked and deactivated records are not found.
		{"family-name:Record", nil},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			got, n, r := searchIDs(t, s, tc.q)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if !slices.Equal(got, tc.want) || n != len(tc.want) {
				t.Errorf("hits = %v (num-found %d), want %v", got, n, tc.want)
			}
			if tc.want == nil && string(r.body) != `{"result":null,"num-found":0}` {
				t.Errorf("empty search body = %s, want result null", r.body)
			}
		})
	}
	if s.Requests("search") != len(tests) {
		t.Errorf("Requests(search) = %d", s.Requests("search"))
	}
}

func TestSearchPaging(t *testing.T) {
	s := NewServer(t)
	data := Generate(GenOptions{People: 25, Works: 1, Seed: 9})
	for id, f := range data {
		s.Put(id, f)
	}
	all, n, _ := searchIDs(t, s, "*:*")
	if n != 25 || len(all) != 25 || !slices.IsSorted(all) {
		t.Fatalf("all: %d hits, num-found %d", len(all), n)
	}
	var paged []string
	for start := 0; start < 25; start += 10 {
		page, n, _ := searchIDs(t, s, "*", "start", strconv.Itoa(start), "rows", "10")
		if n != 25 {
			t.Errorf("num-found %d on page at %d", n, start)
		}
		paged = append(paged, page...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages do not add up to the full result")
	}
	if page, n, r := searchIDs(t, s, "*", "start", "30"); page != nil || n != 25 || string(r.body) != `{"result":null,"num-found":25}` {
		t.Errorf("past the end: %v %d %s", page, n, r.body)
	}

	for _, tc := range []struct {
		params []string
		header []string
		status int
		code   int
	}{
		{[]string{"rows", "1001"}, nil, 400, 9012},
		{[]string{"rows", "ten"}, nil, 400, 9012},
		{[]string{"start", "x"}, nil, 500, 9008},
		{[]string{"start", "10001"}, nil, 400, 9043},
	} {
		v := url.Values{"q": {"*"}}
		v.Set(tc.params[0], tc.params[1])
		r := fetch(t, s, "/search/?"+v.Encode())
		if e := decode[orcid.ErrorBody](t, r); r.status != tc.status || e.ErrorCode != tc.code {
			t.Errorf("%v: status %d code %d, want %d %d", tc.params, r.status, e.ErrorCode, tc.status, tc.code)
		}
	}
	// Token holders may page past 10000.
	tok := s.issue("/read-public")
	r := fetch(t, s, "/search/?q=*&start=10001", "Authorization", "Bearer "+tok)
	if r.status != 200 {
		t.Errorf("start 10001 with token: %d %s", r.status, r.body)
	}
}

func TestExpandedSearch(t *testing.T) {
	s := NewServerWithFixtures(t)
	r := fetch(t, s, "/expanded-search/?q="+url.QueryEscape("family-name:Okafor"))
	res := decode[orcid.ExpandedSearchResult](t, r)
	if res.NumFound != 1 || len(res.ExpandedResult) != 1 {
		t.Fatalf("expanded: %s", r.body)
	}
	h := res.ExpandedResult[0]
	if h.ORCIDID != string(IDLabPostdoc) || h.GivenNames != "Daniel Chukwuemeka" || h.FamilyNames != "Okafor" ||
		!slices.Contains(h.InstitutionName, "Northvale University") || !slices.Contains(h.InstitutionName, "Easthaven University") {
		t.Errorf("hit = %+v", h)
	}
	r = fetch(t, s, "/expanded-search/?q=family-name:Nobody")
	if string(r.body) != `{"expanded-result":null,"num-found":0}` {
		t.Errorf("empty expanded search = %s", r.body)
	}
	if s.Requests("expanded-search") != 2 {
		t.Errorf("Requests(expanded-search) = %d", s.Requests("expanded-search"))
	}
}
