package orcidtest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/orcidsite/orcidsite/orcid"
)

// idPattern is ORCID's iD shape; like ORCID, reads do not check the
// checksum.
var idPattern = regexp.MustCompile(`^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$`)

// affiliationSections maps a plural section name to its field and the key
// used inside "summaries" elements.
var affiliationSections = map[string]struct {
	singular string
	get      func(*orcid.ActivitiesSummary) *orcid.Affiliations
}{
	"distinctions":      {"distinction", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.Distinctions }},
	"educations":        {"education", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.Educations }},
	"employments":       {"employment", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.Employments }},
	"invited-positions": {"invited-position", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.InvitedPositions }},
	"memberships":       {"membership", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.Memberships }},
	"qualifications":    {"qualification", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.Qualifications }},
	"services":          {"service", func(a *orcid.ActivitiesSummary) *orcid.Affiliations { return &a.Services }},
}

// singularSections maps "employment" to "employments" and so on.
var singularSections = func() map[string]string {
	m := map[string]string{}
	for plural, sec := range affiliationSections {
		m[sec.singular] = plural
	}
	return m
}()

// personSections are the person sub-sections served on their own.
var personSections = map[string]bool{
	"keywords": true, "researcher-urls": true, "other-names": true, "external-identifiers": true,
	"biography": true, "email": true, "address": true, "personal-details": true, "person": true,
}

// route is a parsed API path.
type route struct {
	endpoint  string // counter name
	id        string // iD path segment, unchecked
	item      string // put-code(s) after work/, works/, employment/…
	malformed bool   // truncate the JSON reply
	redirect  string // Location of a 301
}

func parseRoute(rest string) route {
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	switch segs[0] {
	case "search", "expanded-search":
		if len(segs) == 1 {
			return route{endpoint: segs[0]}
		}
		return route{endpoint: "other"}
	}
	rt := route{id: segs[0]}
	switch {
	case len(segs) == 1:
		rt.endpoint = "record"
	case len(segs) == 2:
		sec := segs[1]
		_, aff := affiliationSections[sec]
		switch {
		case sec == "record", sec == "activities", sec == "works", sec == "fundings",
			sec == "peer-reviews", sec == "research-resources", aff, personSections[sec]:
			rt.endpoint = sec
		default:
			rt.endpoint = "other"
		}
	case len(segs) == 3:
		sec := segs[1]
		rt.item = segs[2]
		_, aff := singularSections[sec]
		switch {
		case sec == "works":
			rt.endpoint = "bulk"
		case sec == "work", aff:
			rt.endpoint = sec
		default:
			rt.endpoint = "other"
		}
	default:
		rt.endpoint = "other"
	}
	return rt
}

const moreInfo = "https://members.orcid.org/api/resources/troubleshooting"

func errorBody(status, code int, developer, user string) orcid.ErrorBody {
	return orcid.ErrorBody{ResponseCode: status, DeveloperMessage: developer, UserMessage: user, ErrorCode: code, MoreInfo: moreInfo}
}

func notFound(what string) (int, any) {
	return http.StatusNotFound, errorBody(404, 9016,
		"404 Not Found: The resource was not found. Full validation error: "+what,
		"The resource was not found.")
}

// dispatch answers an API route with a status and a body to serialize.
func (s *Server) dispatch(r *http.Request, rt *route) (int, any) {
	switch rt.endpoint {
	case "search":
		return s.search(r, false)
	case "expanded-search":
		return s.search(r, true)
	}
	if !idPattern.MatchString(rt.id) {
		return notFound("ORCID iD " + rt.id + " not found")
	}
	id := orcid.ID(rt.id)
	s.mu.Lock()
	primary, deprecated := s.deprecated[id]
	locked, deactivated := s.locked[id], s.deactivated[id]
	f, ok := s.fixtures[id]
	s.mu.Unlock()
	switch {
	case deprecated:
		loc := s.Root + strings.Replace(r.URL.Path, rt.id, string(primary), 1)
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		rt.redirect = loc
		return http.StatusMovedPermanently, errorBody(301, 9007,
			fmt.Sprintf("301 Moved Permanently: This account is deprecated. Please refer to account: %s. ORCID %s", primary.URI(), id.URI()),
			fmt.Sprintf("This account is deprecated. Please refer to account: %s.", primary.URI()))
	case locked:
		return http.StatusConflict, errorBody(409, 9018,
			"409 Conflict: The ORCID record is locked and cannot be edited. ORCID "+id.URI(),
			"The ORCID record is locked.")
	case deactivated:
		return http.StatusConflict, errorBody(409, 9044,
			"409 Conflict: The ORCID record is deactivated and cannot be edited. Full validation error: "+string(id)+" is deactivated",
			"The ORCID record is deactivated.")
	case !ok:
		return notFound("ORCID iD " + rt.id + " not found")
	}
	rec := f.Record
	as := rec.ActivitiesSummary
	base := "/" + string(id)
	switch rt.endpoint {
	case "record":
		return http.StatusOK, rec
	case "person":
		return http.StatusOK, rec.Person
	case "activities":
		return http.StatusOK, as
	case "works":
		return http.StatusOK, as.Works
	case "fundings":
		return http.StatusOK, as.Fundings
	case "peer-reviews":
		return http.StatusOK, as.PeerReviews
	case "research-resources":
		return http.StatusOK, map[string]any{"last-modified-date": nil, "group": []any{}, "path": base + "/research-resources"}
	case "work":
		pc, err := strconv.ParseInt(rt.item, 10, 64)
		w, found := f.Works[pc]
		if err != nil || !found {
			return notFound("No entity found with id: " + rt.item)
		}
		return http.StatusOK, w
	case "bulk":
		return bulk(f, rt.item)
	}
	if sec, ok := affiliationSections[rt.endpoint]; ok {
		return http.StatusOK, *sec.get(&as)
	}
	if plural, ok := singularSections[rt.endpoint]; ok {
		pc, _ := strconv.ParseInt(rt.item, 10, 64)
		for _, g := range affiliationSections[plural].get(&as).AffiliationGroup {
			for _, it := range g.Summaries {
				if sum, ok := it.Summary(); ok && sum.PutCode == pc {
					return http.StatusOK, sum
				}
			}
		}
		return notFound("No entity found with id: " + rt.item)
	}
	if personSections[rt.endpoint] {
		return http.StatusOK, personSection(base, rt.endpoint, rec.Person)
	}
	return notFound("resource " + r.URL.Path + " not found")
}

// personSection builds the reply of a person sub-section.
func personSection(base, name string, p orcid.Person) any {
	sec := map[string]any{"last-modified-date": p.LastModifiedDate, "path": base + "/" + name}
	switch name {
	case "keywords":
		sec["keyword"] = p.Keywords.Keyword
	case "researcher-urls":
		sec["researcher-url"] = p.ResearcherURLs.ResearcherURL
	case "other-names":
		sec["other-name"] = p.OtherNames.OtherName
	case "external-identifiers":
		sec["external-identifier"] = p.ExternalIdentifiers.ExternalIdentifier
	case "email":
		sec["email"] = p.Emails.Email
	case "address":
		sec["address"] = p.Addresses.Address
	case "biography":
		if p.Biography == nil {
			return map[string]any{"content": nil, "visibility": "public", "path": base + "/biography"}
		}
		return map[string]any{"content": p.Biography.Content, "visibility": p.Biography.Visibility, "path": base + "/biography"}
	case "personal-details":
		delete(sec, "last-modified-date")
		sec["name"] = p.Name
		sec["other-names"] = p.OtherNames
		sec["biography"] = p.Biography
	}
	return sec
}

// bulk answers /{id}/works/{pc1},{pc2},…: found works first, in request
// order, then an error entry for each code that is not a work.
func bulk(f Fixture, list string) (int, any) {
	codes := strings.Split(list, ",")
	if len(codes) > 100 {
		return http.StatusBadRequest, errorBody(400, 9042,
			fmt.Sprintf("400 Bad Request: Too many put-codes: the bulk request must not contain more than 100 put-codes (got %d)", len(codes)),
			"The maximum number of put-codes per bulk request is 100.")
	}
	var found, failed []orcid.BulkEntry
	for _, c := range codes {
		pc, err := strconv.ParseInt(strings.TrimSpace(c), 10, 64)
		w, ok := f.Works[pc]
		if err != nil || !ok {
			e := errorBody(400, 9034,
				fmt.Sprintf("400 Bad Request: The put code provided is not valid. Full validation error: '%s' is not a valid put code", c),
				"The put code provided is not valid.")
			failed = append(failed, orcid.BulkEntry{Error: &e})
			continue
		}
		found = append(found, orcid.BulkEntry{Work: &w})
	}
	return http.StatusOK, orcid.BulkWorks{Bulk: append(found, failed...)}
}

// Reply formats.
const (
	formatXML = iota
	formatJSON
	formatPrettyJSON
)

// negotiate picks the reply format from an Accept header: JSON only when a
// JSON type is listed (ORCID prefers XML for a missing header or */*).
// ok is false when the header lists only types ORCID does not serve.
func negotiate(accept string) (format int, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return formatXML, true
	}
	ok = false
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, _ := strings.Cut(part, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		switch {
		case mt == "application/json":
			return formatJSON, true
		case strings.HasSuffix(mt, "+json"):
			return formatPrettyJSON, true
		case mt == "*/*", mt == "application/*", mt == "application/xml", mt == "text/xml", strings.HasSuffix(mt, "+xml"):
			ok = true
		}
	}
	return formatXML, ok
}

// xmlRoots names the XML root element of each endpoint's reply.
var xmlRoots = map[string]string{
	"record": "record:record", "person": "person:person", "activities": "activities:activities-summary",
	"works": "activities:works", "work": "work:work", "bulk": "bulk:bulk", "fundings": "activities:fundings",
	"peer-reviews": "activities:peer-reviews", "search": "search:search", "expanded-search": "expanded-search:expanded-search",
}

// writeReply serializes body in the negotiated format with ORCID's
// headers.
func writeReply(w http.ResponseWriter, format int, rt route, status int, body any) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
	h.Set("Pragma", "no-cache")
	h.Set("Expires", "0")
	h.Set("Access-Control-Allow-Origin", "*")
	var b []byte
	var err error
	if format == formatPrettyJSON {
		b, err = json.MarshalIndent(body, "", "  ")
	} else {
		b, err = json.Marshal(body)
	}
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody(500, 9008, "500 Internal Server Error: "+err.Error(), "Something went wrong."))
	}
	switch format {
	case formatXML:
		root := xmlRoots[rt.endpoint]
		if status >= 300 {
			root = "error:error"
		} else if root == "" {
			root = "activities:" + rt.endpoint
		}
		b = jsonToXML(b, root)
		h.Set("Content-Type", "application/vnd.orcid+xml; qs=5;charset=UTF-8")
	case formatJSON:
		h.Set("Content-Type", "application/json;charset=UTF-8")
	default:
		h.Set("Content-Type", "application/vnd.orcid+json; qs=4;charset=UTF-8")
	}
	if rt.malformed && format != formatXML {
		b = b[:len(b)/2]
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// jsonToXML renders a JSON document as XML under root (prefix:name): each
// key becomes an element (in key order), arrays repeat their key, wrapped
// {"value": x} objects become text, nulls are left out. It is not ORCID's
// schema, only its look, so that a client which forgets the Accept header
// receives XML.
func jsonToXML(b []byte, root string) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	prefix, _, _ := strings.Cut(root, ":")
	fmt.Fprintf(&buf, `<%s xmlns:%s="http://www.orcid.org/ns/%s" xmlns:common="http://www.orcid.org/ns/common">`, root, prefix, prefix)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) == nil {
		xmlValue(&buf, "", v)
	}
	fmt.Fprintf(&buf, "</%s>\n", root)
	return buf.Bytes()
}

func xmlValue(buf *bytes.Buffer, name string, v any) {
	if m, ok := v.(map[string]any); ok && len(m) == 1 && m["value"] != nil {
		v = m["value"]
	}
	switch t := v.(type) {
	case nil:
	case []any:
		for _, e := range t {
			xmlValue(buf, name, e)
		}
	case map[string]any:
		if name != "" {
			buf.WriteString("<" + name + ">")
		}
		for _, k := range slices.Sorted(maps.Keys(t)) {
			xmlValue(buf, k, t[k])
		}
		if name != "" {
			buf.WriteString("</" + name + ">")
		}
	default:
		buf.WriteString("<" + name + ">")
		_ = xml.EscapeText(buf, []byte(fmt.Sprint(t)))
		buf.WriteString("</" + name + ">")
	}
}

// authorized checks the bearer token and writes a 401 when it is missing
// (with RequireToken) or unknown.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	tok, has := bearer(r)
	if !has {
		if s.requireToken {
			writeOAuthError(w, http.StatusUnauthorized, "invalid_token", "Full authentication is required to access this resource")
			return false
		}
		return true
	}
	s.mu.Lock()
	_, known := s.tokens[tok]
	s.mu.Unlock()
	if !known {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_token", "Invalid access token: "+tok)
		return false
	}
	return true
}

// bearer returns the bearer token of a request.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return "", false
	}
	return strings.TrimSpace(h[7:]), true
}

func writeOAuthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	_, _ = w.Write(b)
}

// prepare returns a copy of f with ORCID's derived fields filled in:
// identifier and paths, empty lists instead of nil, summaries of each work
// group ordered by display-index (highest first). Lists the server changes
// are copied so the caller's fixture is never modified.
func prepare(id orcid.ID, f Fixture) Fixture {
	base := "/" + string(id)
	rec := f.Record
	rec.ORCIDIdentifier = orcid.Identifier{URI: id.URI(), Path: string(id), Host: "orcid.org"}
	rec.Path = base
	if rec.History != nil {
		h := *rec.History
		rec.History = &h
	} else {
		rec.History = &orcid.History{CreationMethod: "MEMBER_REFERRED", Claimed: true}
	}

	p := &rec.Person
	p.Path = base + "/person"
	p.OtherNames.OtherName = orEmpty(p.OtherNames.OtherName)
	p.ResearcherURLs.ResearcherURL = orEmpty(p.ResearcherURLs.ResearcherURL)
	p.Emails.Email = orEmpty(p.Emails.Email)
	p.Addresses.Address = orEmpty(p.Addresses.Address)
	p.Keywords.Keyword = orEmpty(p.Keywords.Keyword)
	p.ExternalIdentifiers.ExternalIdentifier = orEmpty(p.ExternalIdentifiers.ExternalIdentifier)

	as := &rec.ActivitiesSummary
	as.Works.Path = base + "/works"
	groups := make([]orcid.WorkGroup, len(as.Works.Group))
	for i, g := range as.Works.Group {
		g.ExternalIDs.ExternalID = orEmpty(g.ExternalIDs.ExternalID)
		sums := slices.Clone(g.WorkSummary)
		for j := range sums {
			sums[j].Path = fmt.Sprintf("%s/work/%d", base, sums[j].PutCode)
			sums[j].ExternalIDs.ExternalID = orEmpty(sums[j].ExternalIDs.ExternalID)
		}
		slices.SortStableFunc(sums, func(a, b orcid.WorkSummary) int { return int(b.DisplayIndex) - int(a.DisplayIndex) })
		g.WorkSummary = orEmpty(sums)
		groups[i] = g
	}
	as.Works.Group = groups

	for name, sec := range affiliationSections {
		a := sec.get(as)
		a.Path = base + "/" + name
		ag := make([]orcid.AffiliationGroup, len(a.AffiliationGroup))
		for i, g := range a.AffiliationGroup {
			items := make([]orcid.AffiliationSummaryItem, len(g.Summaries))
			for j, it := range g.Summaries {
				items[j] = orcid.AffiliationSummaryItem{}
				for k, sum := range it {
					sum.Path = fmt.Sprintf("%s/%s/%d", base, sec.singular, sum.PutCode)
					items[j][k] = sum
				}
			}
			if g.ExternalIDs == nil {
				g.ExternalIDs = &orcid.ExternalIDs{ExternalID: []orcid.ExternalID{}}
			}
			g.Summaries = items
			ag[i] = g
		}
		a.AffiliationGroup = ag
	}
	as.Fundings.Path = base + "/fundings"
	fg := make([]orcid.FundingGroup, len(as.Fundings.Group))
	for i, g := range as.Fundings.Group {
		sums := slices.Clone(g.FundingSummary)
		for j := range sums {
			sums[j].Path = fmt.Sprintf("%s/funding/%d", base, sums[j].PutCode)
		}
		g.FundingSummary = sums
		fg[i] = g
	}
	as.Fundings.Group = fg
	as.PeerReviews.Path = base + "/peer-reviews"
	as.PeerReviews.Group = orEmpty(slices.Clone(as.PeerReviews.Group))

	works := make(map[int64]orcid.Work, len(f.Works))
	for pc, w := range f.Works {
		w.Path = fmt.Sprintf("%s/work/%d", base, pc)
		w.ExternalIDs.ExternalID = orEmpty(w.ExternalIDs.ExternalID)
		works[pc] = w
	}
	return Fixture{Record: rec, Works: works}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
