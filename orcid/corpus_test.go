package orcid_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

// The corpus holds real ORCID replies captured by other projects (see its
// SOURCES.md). It lives outside the repository; the test skips without it.
var corpusDir = filepath.Join("..", "..", "shared", "orcid-corpus")

// corpusFiles returns the corpus files whose names match pattern.
func corpusFiles(t *testing.T, pattern string) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	files, err := filepath.Glob(filepath.Join(corpusDir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus files match %s", pattern)
	}
	return files
}

// load decodes a corpus file twice: into v (our types) and into a generic
// tree, read by the helpers below independently of our decoders.
func load(t *testing.T, file string, v any) (raw []byte, tree any) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("%s: decoding into %T: %v", filepath.Base(file), v, err)
		}
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&tree); err != nil {
		t.Fatalf("%s: %v", filepath.Base(file), err)
	}
	return raw, tree
}

// at walks maps by key; nil when a step is missing or null.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// str reads a string (or number) at keys; "" for null or missing.
func str(v any, keys ...string) string {
	switch x := at(v, keys...).(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// num reads an integer (number or numeric string) at keys; 0 otherwise.
func num(v any, keys ...string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(str(v, keys...)), 10, 64)
	return n
}

// list reads an array at keys; nil for null or missing.
func list(v any, keys ...string) []any {
	l, _ := at(v, keys...).([]any)
	return l
}

// date reads a fuzzy date the simple way: each part's "value" as a
// number, 0 when null.
func date(v any, keys ...string) orcid.FuzzyDate {
	d := at(v, keys...)
	return orcid.FuzzyDate{Year: int(num(d, "year", "value")), Month: int(num(d, "month", "value")), Day: int(num(d, "day", "value"))}
}

// dateShapes counts the fuzzy-date shapes seen, for the log.
type dateShapes struct{ null, year, yearMonth, full, other int }

func (s *dateShapes) add(v any) {
	switch d := v.(type) {
	case nil:
		s.null++
	case map[string]any:
		y, m, dd := at(d, "year") != nil, at(d, "month") != nil, at(d, "day") != nil
		switch {
		case y && m && dd:
			s.full++
		case y && m:
			s.yearMonth++
		case y && !dd:
			s.year++
		default:
			s.other++
		}
	}
}

var idInName = regexp.MustCompile(`\d{4}-\d{4}-\d{4}-\d{3}[\dX]`)

func TestCorpusRecords(t *testing.T) {
	var shapes dateShapes
	for _, f := range corpusFiles(t, "record_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var rec orcid.Record
			_, m := load(t, f, &rec)
			id := idInName.FindString(filepath.Base(f))
			if rec.ORCIDIdentifier.Path != id || str(m, "orcid-identifier", "path") != id {
				t.Errorf("orcid-identifier.path = %q, file names %s", rec.ORCIDIdentifier.Path, id)
			}
			if got, want := int64(rec.History.LastModifiedDate), num(m, "history", "last-modified-date", "value"); got != want {
				t.Errorf("history last-modified = %d, want %d", got, want)
			}
			checkPerson(t, &rec.Person, at(m, "person"))
			as := at(m, "activities-summary")
			if got, want := int64(rec.ActivitiesSummary.LastModifiedDate), num(as, "last-modified-date", "value"); got != want {
				t.Errorf("activities last-modified = %d, want %d", got, want)
			}
			checkWorks(t, &rec.ActivitiesSummary.Works, at(as, "works"), &shapes)
			sections := map[string]orcid.Affiliations{
				"distinctions": rec.ActivitiesSummary.Distinctions, "educations": rec.ActivitiesSummary.Educations,
				"employments": rec.ActivitiesSummary.Employments, "invited-positions": rec.ActivitiesSummary.InvitedPositions,
				"memberships": rec.ActivitiesSummary.Memberships, "qualifications": rec.ActivitiesSummary.Qualifications,
				"services": rec.ActivitiesSummary.Services,
			}
			for name, a := range sections {
				checkAffiliations(t, name, &a, at(as, name))
			}
			checkFundings(t, &rec.ActivitiesSummary.Fundings, at(as, "fundings"))
			checkPeerReviews(t, &rec.ActivitiesSummary.PeerReviews, at(as, "peer-reviews"))
		})
	}
	t.Logf("record work publication-date shapes: %+v", shapes)
}

func TestCorpusPersons(t *testing.T) {
	for _, f := range corpusFiles(t, "person_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var p orcid.Person
			_, m := load(t, f, &p)
			checkPerson(t, &p, m)
			if id := idInName.FindString(filepath.Base(f)); !strings.Contains(p.Path, id) {
				t.Errorf("path %q does not name %s", p.Path, id)
			}
		})
	}
}

func checkPerson(t *testing.T, p *orcid.Person, m any) {
	t.Helper()
	if at(m, "name") == nil {
		if p.Name != nil {
			t.Errorf("name is null, decoded %+v", p.Name)
		}
	} else {
		if p.Name == nil {
			t.Fatal("name decoded as nil")
		}
		for _, c := range []struct {
			key string
			got orcid.Value
		}{{"given-names", p.Name.GivenNames}, {"family-name", p.Name.FamilyName}, {"credit-name", p.Name.CreditName}} {
			if want := str(m, "name", c.key, "value"); string(c.got) != want {
				t.Errorf("%s = %q, want %q", c.key, c.got, want)
			}
		}
	}
	if want := str(m, "biography", "content"); (p.Biography == nil && want != "") || (p.Biography != nil && p.Biography.Content != want) {
		t.Errorf("biography = %+v, want %q", p.Biography, want)
	}
	check := func(what string, n int, l []any, field func(i int) string, key ...string) {
		t.Helper()
		if n != len(l) {
			t.Errorf("%d %s, want %d", n, what, len(l))
			return
		}
		for i, x := range l {
			if got, want := field(i), str(x, key...); got != want {
				t.Errorf("%s[%d] = %q, want %q", what, i, got, want)
			}
		}
	}
	check("other names", len(p.OtherNames.OtherName), list(m, "other-names", "other-name"),
		func(i int) string { return p.OtherNames.OtherName[i].Content }, "content")
	check("keywords", len(p.Keywords.Keyword), list(m, "keywords", "keyword"),
		func(i int) string { return p.Keywords.Keyword[i].Content }, "content")
	check("keyword display-indexes", len(p.Keywords.Keyword), list(m, "keywords", "keyword"),
		func(i int) string { return strconv.Itoa(int(p.Keywords.Keyword[i].DisplayIndex)) }, "display-index")
	check("url names", len(p.ResearcherURLs.ResearcherURL), list(m, "researcher-urls", "researcher-url"),
		func(i int) string { return p.ResearcherURLs.ResearcherURL[i].URLName }, "url-name")
	check("urls", len(p.ResearcherURLs.ResearcherURL), list(m, "researcher-urls", "researcher-url"),
		func(i int) string { return string(p.ResearcherURLs.ResearcherURL[i].URL) }, "url", "value")
	check("emails", len(p.Emails.Email), list(m, "emails", "email"),
		func(i int) string { return p.Emails.Email[i].Email }, "email")
	check("countries", len(p.Addresses.Address), list(m, "addresses", "address"),
		func(i int) string { return string(p.Addresses.Address[i].Country) }, "country", "value")
	check("external identifier types", len(p.ExternalIdentifiers.ExternalIdentifier), list(m, "external-identifiers", "external-identifier"),
		func(i int) string { return p.ExternalIdentifiers.ExternalIdentifier[i].Type }, "external-id-type")
	check("external identifier values", len(p.ExternalIdentifiers.ExternalIdentifier), list(m, "external-identifiers", "external-identifier"),
		func(i int) string { return p.ExternalIdentifiers.ExternalIdentifier[i].Value }, "external-id-value")
	check("external identifier urls", len(p.ExternalIdentifiers.ExternalIdentifier), list(m, "external-identifiers", "external-identifier"),
		func(i int) string { return string(p.ExternalIdentifiers.ExternalIdentifier[i].URL) }, "external-id-url", "value")
}

func TestCorpusWorks(t *testing.T) {
	var shapes dateShapes
	groups, multi := 0, 0
	for _, f := range corpusFiles(t, "works_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var w orcid.Works
			_, m := load(t, f, &w)
			checkWorks(t, &w, m, &shapes)
			groups += len(w.Group)
			for _, g := range w.Group {
				if len(g.WorkSummary) > 1 {
					multi++
				}
			}
		})
	}
	t.Logf("works files: %d groups, %d with several versions; publication-date shapes: %+v", groups, multi, shapes)
}

func checkWorks(t *testing.T, w *orcid.Works, m any, shapes *dateShapes) {
	t.Helper()
	groups := list(m, "group")
	if len(w.Group) != len(groups) {
		t.Fatalf("%d work groups, want %d", len(w.Group), len(groups))
	}
	if got, want := int64(w.LastModifiedDate), num(m, "last-modified-date", "value"); got != want {
		t.Errorf("works last-modified = %d, want %d", got, want)
	}
	for i, g := range groups {
		wg := w.Group[i]
		if got, want := len(wg.ExternalIDs.ExternalID), len(list(g, "external-ids", "external-id")); got != want {
			t.Errorf("group %d: %d external ids, want %d", i, got, want)
		}
		for j, e := range list(g, "external-ids", "external-id") {
			x := wg.ExternalIDs.ExternalID[j]
			want := str(e, "external-id-normalized", "value")
			if want == "" {
				want = str(e, "external-id-value")
			}
			if x.Type != str(e, "external-id-type") || x.NormalizedValue() != want || x.Relationship != str(e, "external-id-relationship") {
				t.Errorf("group %d id %d = %+v, want %s %s", i, j, x, str(e, "external-id-type"), want)
			}
		}
		sums := list(g, "work-summary")
		if len(wg.WorkSummary) != len(sums) {
			t.Errorf("group %d: %d summaries, want %d", i, len(wg.WorkSummary), len(sums))
			continue
		}
		best, bestIdx := int64(-1), int64(-1)
		for j, s := range sums {
			ws := wg.WorkSummary[j]
			shapes.add(at(s, "publication-date"))
			if ws.PutCode != num(s, "put-code") {
				t.Errorf("group %d summary %d: put-code %d, want %d", i, j, ws.PutCode, num(s, "put-code"))
			}
			title := ""
			if ws.Title != nil {
				title = string(ws.Title.Title)
			}
			if want := str(s, "title", "title", "value"); title != want {
				t.Errorf("put-code %d: title %q, want %q", ws.PutCode, title, want)
			}
			if want := date(s, "publication-date"); ws.PublicationDate != want {
				t.Errorf("put-code %d: date %+v, want %+v", ws.PutCode, ws.PublicationDate, want)
			}
			if ws.Type != str(s, "type") || string(ws.JournalTitle) != str(s, "journal-title", "value") || string(ws.URL) != str(s, "url", "value") {
				t.Errorf("put-code %d: type %q journal %q url %q", ws.PutCode, ws.Type, ws.JournalTitle, ws.URL)
			}
			if int64(ws.DisplayIndex) != num(s, "display-index") {
				t.Errorf("put-code %d: display-index %d, want %s", ws.PutCode, ws.DisplayIndex, str(s, "display-index"))
			}
			if di := num(s, "display-index"); di > bestIdx {
				best, bestIdx = num(s, "put-code"), di
			}
		}
		if p, ok := wg.Preferred(); !ok || p.PutCode != best {
			t.Errorf("group %d: preferred put-code %d, want %d (highest display-index)", i, p.PutCode, best)
		}
		if num(sums[0], "put-code") != best {
			t.Logf("group %d: the first summary is not the one with the highest display-index", i)
		}
	}
}

func checkAffiliations(t *testing.T, section string, a *orcid.Affiliations, m any) {
	t.Helper()
	groups := list(m, "affiliation-group")
	if len(a.AffiliationGroup) != len(groups) {
		t.Fatalf("%s: %d groups, want %d", section, len(a.AffiliationGroup), len(groups))
	}
	key := strings.TrimSuffix(section, "s") + "-summary"
	for i, g := range groups {
		items := list(g, "summaries")
		if len(a.AffiliationGroup[i].Summaries) != len(items) {
			t.Errorf("%s group %d: %d summaries, want %d", section, i, len(a.AffiliationGroup[i].Summaries), len(items))
			continue
		}
		for j, it := range items {
			s := at(it, key)
			if s == nil {
				t.Errorf("%s group %d: summary without %q key: %v", section, i, key, it)
				continue
			}
			got, ok := a.AffiliationGroup[i].Summaries[j].Summary()
			if !ok {
				t.Errorf("%s group %d: Summary() found nothing", section, i)
				continue
			}
			if got.PutCode != num(s, "put-code") || got.Organization.Name != str(s, "organization", "name") ||
				got.RoleTitle != str(s, "role-title") || got.DepartmentName != str(s, "department-name") {
				t.Errorf("%s %d: got %d %q %q %q", section, num(s, "put-code"), got.PutCode, got.Organization.Name, got.RoleTitle, got.DepartmentName)
			}
			if got.StartDate != date(s, "start-date") || got.EndDate != date(s, "end-date") {
				t.Errorf("%s %d: dates %v–%v, want %v–%v", section, got.PutCode, got.StartDate, got.EndDate, date(s, "start-date"), date(s, "end-date"))
			}
			if o := at(s, "organization", "disambiguated-organization"); o != nil {
				d := got.Organization.DisambiguatedOrganization
				if d == nil || d.Source != str(o, "disambiguation-source") || d.Identifier != str(o, "disambiguated-organization-identifier") {
					t.Errorf("%s %d: disambiguated organization %+v", section, got.PutCode, d)
				}
			}
			if c := str(s, "organization", "address", "country"); got.Organization.Address == nil || got.Organization.Address.Country != c {
				t.Errorf("%s %d: organization address %+v, want country %q", section, got.PutCode, got.Organization.Address, c)
			}
		}
	}
}

func checkFundings(t *testing.T, f *orcid.Fundings, m any) {
	t.Helper()
	groups := list(m, "group")
	if len(f.Group) != len(groups) {
		t.Fatalf("%d funding groups, want %d", len(f.Group), len(groups))
	}
	for i, g := range groups {
		sums := list(g, "funding-summary")
		if len(f.Group[i].FundingSummary) != len(sums) {
			t.Errorf("funding group %d: %d summaries, want %d", i, len(f.Group[i].FundingSummary), len(sums))
			continue
		}
		for j, s := range sums {
			fs := f.Group[i].FundingSummary[j]
			if fs.PutCode != num(s, "put-code") || fs.Type != str(s, "type") || fs.Organization.Name != str(s, "organization", "name") ||
				fs.Title == nil || string(fs.Title.Title) != str(s, "title", "title", "value") || fs.StartDate != date(s, "start-date") {
				t.Errorf("funding %d: %+v", num(s, "put-code"), fs)
			}
		}
	}
}

func checkPeerReviews(t *testing.T, p *orcid.PeerReviews, m any) {
	t.Helper()
	groups := list(m, "group")
	if len(p.Group) != len(groups) {
		t.Fatalf("%d peer-review groups, want %d", len(p.Group), len(groups))
	}
	for i, g := range groups {
		subs := list(g, "peer-review-group")
		if len(p.Group[i].PeerReviewGroup) != len(subs) {
			t.Errorf("peer-review group %d: %d sub-groups, want %d", i, len(p.Group[i].PeerReviewGroup), len(subs))
			continue
		}
		for j, sg := range subs {
			sums := list(sg, "peer-review-summary")
			got := p.Group[i].PeerReviewGroup[j].PeerReviewSummary
			if len(got) != len(sums) {
				t.Errorf("peer-review group %d/%d: %d summaries, want %d", i, j, len(got), len(sums))
				continue
			}
			for k, s := range sums {
				if got[k].PutCode != num(s, "put-code") || got[k].ReviewerRole != str(s, "reviewer-role") ||
					got[k].ReviewGroupID != str(s, "review-group-id") || got[k].CompletionDate != date(s, "completion-date") ||
					got[k].ConveningOrganization == nil || got[k].ConveningOrganization.Name != str(s, "convening-organization", "name") {
					t.Errorf("peer review %d: %+v", num(s, "put-code"), got[k])
				}
			}
		}
	}
}

func TestCorpusWork(t *testing.T) {
	for _, f := range corpusFiles(t, "work_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var w orcid.Work
			_, m := load(t, f, &w)
			checkWork(t, &w, m)
		})
	}
}

func checkWork(t *testing.T, w *orcid.Work, m any) {
	t.Helper()
	if w.PutCode != num(m, "put-code") || w.Type != str(m, "type") || w.LanguageCode != str(m, "language-code") ||
		w.ShortDescription != str(m, "short-description") || string(w.Country) != str(m, "country", "value") {
		t.Errorf("work %d: %q %q %q %q", w.PutCode, w.Type, w.LanguageCode, w.ShortDescription, w.Country)
	}
	if w.Title == nil || string(w.Title.Title) != str(m, "title", "title", "value") || string(w.JournalTitle) != str(m, "journal-title", "value") {
		t.Errorf("work %d: title %+v journal %q", w.PutCode, w.Title, w.JournalTitle)
	}
	if w.PublicationDate != date(m, "publication-date") {
		t.Errorf("work %d: date %+v, want %+v", w.PutCode, w.PublicationDate, date(m, "publication-date"))
	}
	ctype, cvalue := str(m, "citation", "citation-type"), str(m, "citation", "citation-value")
	if ctype == "" {
		ctype, cvalue = str(m, "citation", "citation_type"), str(m, "citation", "citation_value")
	}
	if (w.Citation == nil) != (at(m, "citation") == nil) || (w.Citation != nil && (w.Citation.Type != ctype || w.Citation.Value != cvalue)) {
		t.Errorf("work %d: citation %+v, want %q", w.PutCode, w.Citation, ctype)
	}
	contribs := list(m, "contributors", "contributor")
	var got []orcid.Contributor
	if w.Contributors != nil {
		got = w.Contributors.Contributor
	}
	if len(got) != len(contribs) {
		t.Fatalf("work %d: %d contributors, want %d", w.PutCode, len(got), len(contribs))
	}
	for i, c := range contribs {
		path := ""
		if got[i].ContributorORCID != nil {
			path = got[i].ContributorORCID.Path
		}
		seq, role := "", ""
		if got[i].Attributes != nil {
			seq, role = got[i].Attributes.Sequence, got[i].Attributes.Role
		}
		if string(got[i].CreditName) != str(c, "credit-name", "value") || path != str(c, "contributor-orcid", "path") ||
			seq != str(c, "contributor-attributes", "contributor-sequence") || role != str(c, "contributor-attributes", "contributor-role") {
			t.Errorf("work %d contributor %d = %+v", w.PutCode, i, got[i])
		}
	}
	if len(w.ExternalIDs.ExternalID) != len(list(m, "external-ids", "external-id")) {
		t.Errorf("work %d: %d external ids, want %d", w.PutCode, len(w.ExternalIDs.ExternalID), len(list(m, "external-ids", "external-id")))
	}
}

// serve answers every request with body, recording the request URLs.
func serve(t *testing.T, status int, body []byte, urls *[]*url.URL) *orcid.Client {
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if urls != nil {
			*urls = append(*urls, r.URL)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	})
	return c
}

func TestCorpusBulk(t *testing.T) {
	for _, f := range corpusFiles(t, "works_bulk_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var bulk orcid.BulkWorks
			raw, m := load(t, f, &bulk)
			entries := list(m, "bulk")
			if len(bulk.Bulk) != len(entries) {
				t.Fatalf("%d entries, want %d", len(bulk.Bulk), len(entries))
			}
			// Ask the client for the put-code in the file name (the
			// error file is the reply to a request for 1487805) and
			// check that the reply is filed under it.
			pc := int64(1487805)
			if m := regexp.MustCompile(`_(\d+)\.json$`).FindStringSubmatch(f); m != nil {
				pc, _ = strconv.ParseInt(m[1], 10, 64)
			}
			var urls []*url.URL
			c := serve(t, 200, raw, &urls)
			works, errs, err := c.WorksBulk(context.Background(), "0000-0003-4997-3076", []int64{pc})
			if err != nil {
				t.Fatal(err)
			}
			if len(urls) != 1 || !strings.HasSuffix(urls[0].Path, "/works/"+strconv.FormatInt(pc, 10)) {
				t.Errorf("requests %v", urls)
			}
			for i, e := range entries {
				switch {
				case at(e, "work") != nil:
					w, ok := works[num(e, "work", "put-code")]
					if !ok {
						t.Errorf("entry %d: work %d not returned", i, num(e, "work", "put-code"))
						continue
					}
					checkWork(t, &w, at(e, "work"))
				case at(e, "error") != nil:
					err := errs[pc]
					var oe *orcid.Error
					if !errors.As(err, &oe) || int64(oe.Code) != num(e, "error", "error-code") || oe.Status != int(num(e, "error", "response-code")) {
						t.Errorf("entry %d: errs[%d] = %v, want the error entry", i, pc, err)
					}
					if num(e, "error", "error-code") == orcid.CodeInvalidPutCode && !errors.Is(err, orcid.ErrNotFound) {
						t.Errorf("9034 entry: errors.Is(%v, ErrNotFound) = false", err)
					}
				}
			}
		})
	}
}

func TestCorpusSearch(t *testing.T) {
	for _, f := range corpusFiles(t, "search_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var res orcid.SearchResult
			raw, m := load(t, f, &res)
			hits := list(m, "result")
			if len(res.Result) != len(hits) || int64(res.NumFound) != num(m, "num-found") {
				t.Fatalf("%d hits of %d, want %d of %d", len(res.Result), res.NumFound, len(hits), num(m, "num-found"))
			}
			c := serve(t, 200, raw, nil)
			ids, n, err := c.Search(context.Background(), "x", orcid.SearchOptions{Max: len(hits)})
			if err != nil {
				t.Fatal(err)
			}
			if int64(n) != num(m, "num-found") || len(ids) != len(hits) {
				t.Fatalf("Search: %d iDs of %d, want %d of %d", len(ids), n, len(hits), num(m, "num-found"))
			}
			for i, h := range hits {
				if string(ids[i]) != str(h, "orcid-identifier", "path") || res.Result[i].ORCIDIdentifier.URI != str(h, "orcid-identifier", "uri") {
					t.Errorf("hit %d = %s, want %s", i, ids[i], str(h, "orcid-identifier", "path"))
				}
			}
		})
	}
}

func TestCorpusExpandedSearch(t *testing.T) {
	for _, f := range corpusFiles(t, "expanded_search_v3.0_*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, m := load(t, f, nil)
			raw, _ := os.ReadFile(f)
			c := serve(t, 200, raw, nil)
			hits, n, err := c.ExpandedSearch(context.Background(), "x", 10)
			if err != nil {
				t.Fatal(err)
			}
			want := list(m, "expanded-result")
			if len(hits) != len(want) || int64(n) != num(m, "num-found") {
				t.Fatalf("%d hits of %d, want %d of %d", len(hits), n, len(want), num(m, "num-found"))
			}
			strs := func(v any) []string {
				var out []string
				for _, x := range v.([]any) {
					out = append(out, x.(string))
				}
				return out
			}
			for i, h := range want {
				g := hits[i]
				if g.ORCIDID != str(h, "orcid-id") || g.GivenNames != str(h, "given-names") || g.FamilyNames != str(h, "family-names") ||
					g.CreditName != str(h, "credit-name") || strings.Join(g.OtherName, "|") != strings.Join(strs(at(h, "other-name")), "|") ||
					strings.Join(g.InstitutionName, "|") != strings.Join(strs(at(h, "institution-name")), "|") ||
					len(g.Email) != len(list(h, "email")) {
					t.Errorf("hit %d = %+v", i, g)
				}
			}
		})
	}
}

func TestCorpusAffiliations(t *testing.T) {
	for _, f := range append(corpusFiles(t, "employments_v3.0_*.json"), corpusFiles(t, "educations_v3.0_*.json")...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var a orcid.Affiliations
			_, m := load(t, f, &a)
			section, _, _ := strings.Cut(filepath.Base(f), "_")
			checkAffiliations(t, section, &a, m)
		})
	}
}

func TestCorpusErrors(t *testing.T) {
	files := append(corpusFiles(t, "error_*.json"), corpusFiles(t, "error_*.xml")...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			status, _ := strconv.Atoi(strings.Split(filepath.Base(f), "_")[1])
			req := httptest.NewRequest("GET", "https://pub.orcid.org/v3.0/0000-0002-1825-0097/person", nil)
			resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(raw)), Request: req}
			err = orcid.CheckResponse(resp)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "orcid 0000-0002-1825-0097/person: ") {
				t.Errorf("error %q does not name the path", err)
			}
			// The error code, read independently of the classifier.
			code := 0
			if m := regexp.MustCompile(`"error-code"\s*:\s*(\d+)|<error-code>(\d+)<`).FindSubmatch(raw); m != nil {
				code, _ = strconv.Atoi(string(m[1]) + string(m[2]))
			}
			var oauthCode string
			if m := regexp.MustCompile(`"error"\s*:\s*"([a-z_]+)"`).FindSubmatch(raw); m != nil {
				oauthCode = string(m[1])
			}
			want := map[int]error{9007: orcid.ErrDeprecated, 9016: orcid.ErrNotFound, 9017: orcid.ErrUnauthorized,
				9038: orcid.ErrNotPublic, 9044: orcid.ErrDeactivated}[code]
			var oe *orcid.Error
			var ae *orcid.OAuthError
			var de *orcid.DeprecatedError
			switch {
			case oauthCode != "":
				if !errors.As(err, &ae) || ae.Code != oauthCode || ae.Status != status || !errors.Is(err, orcid.ErrUnauthorized) {
					t.Errorf("error %T %v, want *OAuthError %s", err, err, oauthCode)
				}
				if strings.Contains(err.Error(), "Invalid access token:") {
					t.Errorf("error %q quotes the rejected token", err)
				}
			case code == orcid.CodeDeprecated:
				if !errors.As(err, &de) || de.New == "" || de.Old != "0000-0002-1825-0097" || !errors.Is(err, orcid.ErrDeprecated) {
					t.Errorf("error %T %v, want *DeprecatedError with the primary iD", err, err)
				}
			default:
				if !errors.As(err, &oe) || oe.Code != code || oe.Status != status || oe.Endpoint != "person" {
					t.Errorf("error %T %+v, want *Error %d/%d", err, err, status, code)
				}
				if want != nil && !errors.Is(err, want) {
					t.Errorf("errors.Is(%v, %v) = false", err, want)
				}
				for _, s := range []error{orcid.ErrNotFound, orcid.ErrDeactivated, orcid.ErrLocked, orcid.ErrRateLimited, orcid.ErrQuotaExceeded} {
					if s != want && errors.Is(err, s) {
						t.Errorf("error %v also matches %v", err, s)
					}
				}
			}
			t.Log(err)
		})
	}
}

// TestCorpusXMLReplies checks that a 200 reply in XML (what ORCID sends
// without a JSON Accept header) gives a clear error, not a zero value.
func TestCorpusXMLReplies(t *testing.T) {
	for _, f := range corpusFiles(t, "works_bulk_*.xml") {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := serve(t, 200, raw, nil)
		_, _, err = c.WorksBulk(context.Background(), "0000-0003-4997-3076", []int64{156043})
		if !errors.Is(err, orcid.ErrBadResponse) || !strings.Contains(err.Error(), "XML") {
			t.Errorf("%s: error = %v, want an XML-reply error", filepath.Base(f), err)
		}
	}
}

// TestCorpusOlderVersions decodes the v2.x records, which a snapshot made
// with an old tool could hold: decoding must not fail, names must survive.
func TestCorpusOlderVersions(t *testing.T) {
	for _, f := range append(corpusFiles(t, "record_v2.*.json"), corpusFiles(t, "works_v2.*.json")...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if strings.HasPrefix(filepath.Base(f), "works_") {
				var w orcid.Works
				_, m := load(t, f, &w)
				if len(w.Group) != len(list(m, "group")) {
					t.Errorf("%d groups, want %d", len(w.Group), len(list(m, "group")))
				}
				return
			}
			var rec orcid.Record
			_, m := load(t, f, &rec)
			if rec.Person.Name != nil && string(rec.Person.Name.FamilyName) != str(m, "person", "name", "family-name", "value") {
				t.Errorf("family name %q", rec.Person.Name.FamilyName)
			}
			if got, want := len(rec.ActivitiesSummary.Works.Group), len(list(m, "activities-summary", "works", "group")); got != want {
				t.Errorf("%d work groups, want %d", got, want)
			}
		})
	}
}
