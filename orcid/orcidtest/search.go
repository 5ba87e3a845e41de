package orcidtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/orcidsite/orcidsite/orcid"
)

// search answers /search and /expanded-search over the records held
// (deprecated, locked and deactivated ones excluded), in iD order.
//
// Supported queries, a small subset of ORCID's Solr syntax: "*" or "*:*"
// (everything), field:value and field:"quoted phrase" terms, free words
// (matched against names), joined by AND (also the default between terms)
// and OR (lower precedence). A trailing * on a word matches prefixes.
// Fields: given-names, family-name, credit-name, other-names,
// given-and-family-names, keyword, biography, affiliation-org-name,
// current-institution-affiliation-name, past-institution-affiliation-name,
// ror-org-id, grid-org-id, ringgold-org-id, fundref-org-id, orcid,
// digital-object-ids, doi-self, work-titles (or title),
// external-id-reference and text.
func (s *Server) search(r *http.Request, expanded bool) (int, any) {
	q := r.URL.Query()
	rows := 1000
	if v := q.Get("rows"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			return http.StatusBadRequest, errorBody(400, 9012,
				"400 Bad Request: Invalid rows parameter. Full validation error: rows must be an integer between 0 and 1000, got "+v,
				"Invalid rows parameter.")
		}
		rows = n
	}
	start := 0
	if v := q.Get("start"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return http.StatusInternalServerError, errorBody(500, 9008,
				"500 Internal Server Error: org.apache.solr.client.solrj.impl.HttpSolrClient$RemoteSolrException: Invalid Number: "+v,
				"Something went wrong in ORCID.")
		}
		start = max(n, 0)
	}
	if _, hasToken := bearer(r); start > 10000 && !hasToken {
		return http.StatusBadRequest, errorBody(400, 9043,
			"400 Bad Request: Invalid start parameter. Full validation error: anonymous users may not use start values greater than 10000",
			"Invalid start parameter.")
	}
	match := parseQuery(q.Get("q"))

	s.mu.Lock()
	var hits []Fixture
	var hitIDs []orcid.ID
	for id, f := range s.fixtures {
		if s.deprecated[id] != "" || s.locked[id] || s.deactivated[id] || !match(id, f) {
			continue
		}
		hitIDs = append(hitIDs, id)
	}
	slices.Sort(hitIDs)
	for _, id := range hitIDs {
		hits = append(hits, s.fixtures[id])
	}
	s.mu.Unlock()

	page := hitIDs[min(start, len(hitIDs)):min(start+rows, len(hitIDs))]
	if !expanded {
		var res orcid.SearchResult
		res.NumFound = len(hitIDs)
		for _, id := range page {
			res.Result = append(res.Result, orcid.SearchHit{ORCIDIdentifier: orcid.Identifier{URI: id.URI(), Path: string(id), Host: "orcid.org"}})
		}
		return http.StatusOK, res
	}
	var res orcid.ExpandedSearchResult
	res.NumFound = len(hitIDs)
	for i, id := range page {
		res.ExpandedResult = append(res.ExpandedResult, expandedHit(id, hits[min(start, len(hits))+i]))
	}
	return http.StatusOK, res
}

func expandedHit(id orcid.ID, f Fixture) orcid.ExpandedHit {
	h := orcid.ExpandedHit{ORCIDID: string(id), OtherName: []string{}, Email: []string{}, InstitutionName: []string{}}
	p := f.Record.Person
	if p.Name != nil {
		h.GivenNames, h.FamilyNames, h.CreditName = string(p.Name.GivenNames), string(p.Name.FamilyName), string(p.Name.CreditName)
	}
	for _, o := range p.OtherNames.OtherName {
		h.OtherName = append(h.OtherName, o.Content)
	}
	for _, e := range p.Emails.Email {
		h.Email = append(h.Email, e.Email)
	}
	for _, o := range orgs(f, "employments", "educations") {
		if !slices.Contains(h.InstitutionName, o.org.Name) {
			h.InstitutionName = append(h.InstitutionName, o.org.Name)
		}
	}
	slices.Sort(h.InstitutionName)
	return h
}

type orgEntry struct {
	org     orcid.Organization
	current bool
}

// orgs lists the organizations of the given affiliation sections (all when
// none is given).
func orgs(f Fixture, sections ...string) []orgEntry {
	as := f.Record.ActivitiesSummary
	var out []orgEntry
	for name, sec := range affiliationSections {
		if len(sections) > 0 && !slices.Contains(sections, name) {
			continue
		}
		for _, g := range sec.get(&as).AffiliationGroup {
			for _, it := range g.Summaries {
				if sum, ok := it.Summary(); ok {
					out = append(out, orgEntry{sum.Organization, sum.EndDate.IsZero()})
				}
			}
		}
	}
	return out
}

// fieldValues returns the searchable values of one field.
func fieldValues(id orcid.ID, f Fixture, field string) []string {
	p := f.Record.Person
	var v []string
	add := func(s ...string) {
		for _, x := range s {
			if x != "" {
				v = append(v, x)
			}
		}
	}
	var given, family, credit string
	if p.Name != nil {
		given, family, credit = string(p.Name.GivenNames), string(p.Name.FamilyName), string(p.Name.CreditName)
	}
	switch field {
	case "given-names":
		add(given)
	case "family-name":
		add(family)
	case "credit-name":
		add(credit)
	case "other-names":
		for _, o := range p.OtherNames.OtherName {
			add(o.Content)
		}
	case "given-and-family-names":
		add(strings.TrimSpace(given + " " + family))
	case "", "name":
		add(given, family, credit)
		for _, o := range p.OtherNames.OtherName {
			add(o.Content)
		}
	case "keyword":
		for _, k := range p.Keywords.Keyword {
			add(k.Content)
		}
	case "biography":
		if p.Biography != nil {
			add(p.Biography.Content)
		}
	case "orcid":
		add(string(id))
	case "affiliation-org-name", "current-institution-affiliation-name", "past-institution-affiliation-name":
		for _, o := range orgs(f) {
			if field == "affiliation-org-name" || (field == "current-institution-affiliation-name") == o.current {
				add(o.org.Name)
			}
		}
	case "ror-org-id", "grid-org-id", "ringgold-org-id", "fundref-org-id":
		src := strings.ToUpper(strings.TrimSuffix(field, "-org-id"))
		var all []orcid.Organization
		for _, o := range orgs(f) {
			all = append(all, o.org)
		}
		for _, g := range f.Record.ActivitiesSummary.Fundings.Group {
			for _, fs := range g.FundingSummary {
				all = append(all, fs.Organization)
			}
		}
		for _, o := range all {
			if d := o.DisambiguatedOrganization; d != nil && strings.EqualFold(d.Source, src) {
				add(d.Identifier)
			}
		}
	case "digital-object-ids", "doi-self":
		for _, g := range f.Record.ActivitiesSummary.Works.Group {
			for _, e := range g.ExternalIDs.ExternalID {
				if e.Type == "doi" && (field == "digital-object-ids" || e.Relationship == "self") {
					add(e.NormalizedValue())
				}
			}
		}
	case "work-titles", "title":
		for _, g := range f.Record.ActivitiesSummary.Works.Group {
			for _, ws := range g.WorkSummary {
				if ws.Title != nil {
					add(string(ws.Title.Title))
				}
			}
		}
	case "external-id-reference":
		for _, e := range p.ExternalIdentifiers.ExternalIdentifier {
			add(e.Value)
		}
	case "text":
		for _, fl := range []string{"name", "keyword", "biography", "orcid", "affiliation-org-name", "work-titles", "digital-object-ids", "external-id-reference"} {
			v = append(v, fieldValues(id, f, fl)...)
		}
	}
	return v
}

// parseQuery compiles a query into a predicate over records. An empty
// query matches nothing, like ORCID.
func parseQuery(q string) func(orcid.ID, Fixture) bool {
	q = strings.TrimSpace(q)
	if q == "" {
		return func(orcid.ID, Fixture) bool { return false }
	}
	var alts [][]string // OR of ANDs
	cur := []string{}
	for _, t := range tokenize(q) {
		switch t {
		case "OR":
			alts = append(alts, cur)
			cur = []string{}
		case "AND", "&&":
		default:
			cur = append(cur, t)
		}
	}
	alts = append(alts, cur)
	return func(id orcid.ID, f Fixture) bool {
		for _, terms := range alts {
			if len(terms) == 0 {
				continue
			}
			ok := true
			for _, t := range terms {
				if !termMatches(id, f, t) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
}

// tokenize splits a query on spaces outside double quotes, dropping
// parentheses.
func tokenize(q string) []string {
	var toks []string
	var b strings.Builder
	inQuote := false
	for _, r := range q {
		switch {
		case r == '"':
			inQuote = !inQuote
			b.WriteRune(r)
		case !inQuote && (r == '(' || r == ')'):
		case !inQuote && (r == ' ' || r == '\t' || r == '+'):
			if b.Len() > 0 {
				toks = append(toks, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		toks = append(toks, b.String())
	}
	return toks
}

// termMatches tests one field:value term (or a free word) against a record.
func termMatches(id orcid.ID, f Fixture, term string) bool {
	if term == "*" || term == "*:*" {
		return true
	}
	field, value := "", term
	if i := strings.Index(term, ":"); i > 0 && !strings.HasPrefix(term, `"`) {
		field, value = term[:i], term[i+1:]
	}
	phrase := strings.HasPrefix(value, `"`)
	value = strings.ToLower(strings.Trim(value, `"`))
	values := fieldValues(id, f, field)
	if value == "*" {
		return len(values) > 0
	}
	prefix, wild := strings.CutSuffix(value, "*")
	for _, v := range values {
		v = strings.ToLower(v)
		if v == value || (phrase && strings.Contains(v, value)) {
			return true
		}
		for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || r == '.' || r == ';' }) {
			if w == value || (wild && strings.HasPrefix(w, prefix)) {
				return true
			}
		}
	}
	return false
}
