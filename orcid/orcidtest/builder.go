package orcidtest

import (
	"slices"
	"strings"

	"github.com/orcidsite/orcidsite/orcid"
)

// builder assembles one Fixture with consistent put-codes, sources,
// summaries and fixed last-modified dates. Fixtures and Generate use it.
type builder struct {
	id    orcid.ID
	rec   orcid.Record
	works map[int64]orcid.Work
	next  int64           // next work put-code
	other int64           // next put-code of other items
	clock orcid.Timestamp // advances by step on every item
	step  orcid.Timestamp
	src   *orcid.Source // self source, built once the name is known
}

const (
	day = orcid.Timestamp(24 * 3600 * 1000)
	// fixtureEpoch is 2024-03-01T09:00:00Z, the first date of the
	// hand-written fixtures.
	fixtureEpoch = orcid.Timestamp(1709283600000)
)

func newBuilder(id orcid.ID, firstPutCode int64, start orcid.Timestamp) *builder {
	return &builder{
		id:    id,
		works: map[int64]orcid.Work{},
		next:  firstPutCode,
		other: firstPutCode + 90_000,
		clock: start,
		step:  day + 3600*1000 + 17*60*1000, // 1 day 1 h 17 min: distinct, realistic-looking times
	}
}

func (b *builder) tick() orcid.Timestamp {
	b.clock += b.step
	return b.clock
}

// self is the researcher as the source of an item; items share it.
func (b *builder) self() *orcid.Source {
	if b.src != nil {
		return b.src
	}
	name := ""
	if n := b.rec.Person.Name; n != nil {
		name = strings.TrimSpace(string(n.GivenNames) + " " + string(n.FamilyName))
		if n.CreditName != "" {
			name = string(n.CreditName)
		}
	}
	b.src = &orcid.Source{SourceORCID: &orcid.Identifier{URI: b.id.URI(), Path: string(b.id), Host: "orcid.org"}, SourceName: orcid.Value(name)}
	return b.src
}

// client is an integration that adds works to records.
func client(id, name string) *orcid.Source {
	return &orcid.Source{SourceClientID: &orcid.Identifier{URI: "https://orcid.org/client/" + id, Path: id, Host: "orcid.org"}, SourceName: orcid.Value(name)}
}

// Integrations seen on real records (client iDs are made up).
var (
	srcCrossref  = client("0000-0002-3054-1567", "Crossref")
	srcScopus    = client("0000-0002-5982-8983", "Scopus - Elsevier")
	srcDataCite  = client("0000-0001-9884-1913", "DataCite")
	srcEuropePMC = client("0000-0002-9157-3431", "Europe PubMed Central")
)

func (b *builder) name(given, family, credit string) {
	b.src = nil
	b.rec.Person.Name = &orcid.Name{GivenNames: orcid.Value(given), FamilyName: orcid.Value(family), CreditName: orcid.Value(credit), Visibility: "public"}
}

func (b *builder) bio(s string) {
	b.rec.Person.Biography = &orcid.Biography{Content: s, Visibility: "public"}
}

func (b *builder) otherNames(names ...string) {
	for i, n := range names {
		b.rec.Person.OtherNames.OtherName = append(b.rec.Person.OtherNames.OtherName,
			orcid.OtherName{Content: n, DisplayIndex: orcid.Index(i + 1), PutCode: b.putCode()})
	}
}

func (b *builder) keywords(kws ...string) {
	for i, k := range kws {
		b.rec.Person.Keywords.Keyword = append(b.rec.Person.Keywords.Keyword,
			orcid.Keyword{Content: k, DisplayIndex: orcid.Index(i + 1), PutCode: b.putCode()})
	}
}

func (b *builder) link(name, url string) {
	l := &b.rec.Person.ResearcherURLs.ResearcherURL
	*l = append(*l, orcid.ResearcherURL{URLName: name, URL: orcid.Value(url), DisplayIndex: orcid.Index(len(*l) + 1), PutCode: b.putCode()})
}

func (b *builder) personID(typ, value, url string) {
	l := &b.rec.Person.ExternalIdentifiers.ExternalIdentifier
	*l = append(*l, orcid.PersonExternalID{Type: typ, Value: value, URL: orcid.Value(url), Relationship: "self",
		DisplayIndex: orcid.Index(len(*l) + 1), PutCode: b.putCode()})
}

func (b *builder) country(cc string) {
	l := &b.rec.Person.Addresses.Address
	*l = append(*l, orcid.Address{Country: orcid.Value(cc), DisplayIndex: orcid.Index(len(*l) + 1), PutCode: b.putCode()})
}

// putCode numbers person items, affiliations, fundings and reviews; works
// are numbered from the builder's first put-code on.
func (b *builder) putCode() int64 {
	b.other++
	return b.other
}

// group adds one work group; versions are listed preferred first and get
// descending display-indexes. A version without a source is
// self-asserted.
func (b *builder) group(versions ...orcid.Work) {
	idx := make([]int, len(versions))
	for i := range versions {
		idx[i] = len(versions) - i
	}
	b.groupIndexed(idx, versions...)
}

// groupIndexed is group with explicit display-indexes.
func (b *builder) groupIndexed(idx []int, versions ...orcid.Work) {
	g := orcid.WorkGroup{WorkSummary: make([]orcid.WorkSummary, 0, len(versions))}
	for i, w := range versions {
		w.PutCode = b.next
		b.next++
		w.CreatedDate = b.tick()
		w.LastModifiedDate = w.CreatedDate + 42*60*1000
		if w.Source == nil {
			w.Source = b.self()
		}
		if w.Visibility == "" {
			w.Visibility = "public"
		}
		b.works[w.PutCode] = w
		g.WorkSummary = append(g.WorkSummary, summaryOf(w, idx[i]))
		g.LastModifiedDate = max(g.LastModifiedDate, w.LastModifiedDate)
		for _, e := range w.ExternalIDs.ExternalID {
			if e.Relationship != "self" || slices.ContainsFunc(g.ExternalIDs.ExternalID, func(x orcid.ExternalID) bool {
				return x.Type == e.Type && x.NormalizedValue() == e.NormalizedValue()
			}) {
				continue
			}
			g.ExternalIDs.ExternalID = append(g.ExternalIDs.ExternalID, e)
		}
	}
	if g.ExternalIDs.ExternalID == nil {
		g.ExternalIDs.ExternalID = []orcid.ExternalID{}
	}
	slices.SortStableFunc(g.WorkSummary, func(a, b orcid.WorkSummary) int { return int(b.DisplayIndex) - int(a.DisplayIndex) })
	b.rec.ActivitiesSummary.Works.Group = append(b.rec.ActivitiesSummary.Works.Group, g)
}

// summaryOf is the /works view of a full work.
func summaryOf(w orcid.Work, displayIndex int) orcid.WorkSummary {
	return orcid.WorkSummary{
		PutCode: w.PutCode, CreatedDate: w.CreatedDate, LastModifiedDate: w.LastModifiedDate, Source: w.Source,
		Title: w.Title, ExternalIDs: w.ExternalIDs, URL: w.URL, Type: w.Type, PublicationDate: w.PublicationDate,
		JournalTitle: w.JournalTitle, Visibility: w.Visibility, DisplayIndex: orcid.Index(displayIndex),
	}
}

// affiliation adds an affiliation to a section such as "employments".
func (b *builder) affiliation(section string, a orcid.AffiliationSummary) {
	sec := affiliationSections[section]
	a.PutCode = b.putCode()
	a.CreatedDate = b.tick()
	a.LastModifiedDate = a.CreatedDate
	if a.Source == nil {
		a.Source = b.self()
	}
	a.Visibility = "public"
	a.DisplayIndex = 1
	s := sec.get(&b.rec.ActivitiesSummary)
	s.AffiliationGroup = append(s.AffiliationGroup, orcid.AffiliationGroup{
		LastModifiedDate: a.LastModifiedDate,
		ExternalIDs:      &orcid.ExternalIDs{ExternalID: []orcid.ExternalID{}},
		Summaries:        []orcid.AffiliationSummaryItem{{sec.singular + "-summary": a}},
	})
}

func (b *builder) funding(f orcid.FundingSummary) {
	f.PutCode = b.putCode()
	f.LastModifiedDate = b.tick()
	if f.Source == nil {
		f.Source = b.self()
	}
	f.Visibility = "public"
	f.DisplayIndex = 1
	fs := &b.rec.ActivitiesSummary.Fundings
	fs.Group = append(fs.Group, orcid.FundingGroup{LastModifiedDate: f.LastModifiedDate, ExternalIDs: f.ExternalIDs, FundingSummary: []orcid.FundingSummary{f}})
}

func (b *builder) peerReview(issn, reviewID string, completed orcid.FuzzyDate, convening orcid.Organization) {
	t := b.tick()
	pr := orcid.PeerReviewSummary{
		PutCode: b.putCode(), Source: b.self(), ReviewerRole: "reviewer", ReviewType: "review",
		CompletionDate: completed, ReviewGroupID: "issn:" + issn, ConveningOrganization: &convening,
		DisplayIndex: 1, Visibility: "public",
	}
	prs := &b.rec.ActivitiesSummary.PeerReviews
	prs.Group = append(prs.Group, orcid.PeerReviewGroup{
		LastModifiedDate: t,
		ExternalIDs:      &orcid.ExternalIDs{ExternalID: []orcid.ExternalID{{Type: "peer-review", Value: "issn:" + issn}}},
		PeerReviewGroup: []orcid.PeerReviewSubGroup{{
			LastModifiedDate:  t,
			ExternalIDs:       &orcid.ExternalIDs{ExternalID: []orcid.ExternalID{{Type: "source-work-id", Value: reviewID, Relationship: "self"}}},
			PeerReviewSummary: []orcid.PeerReviewSummary{pr},
		}},
	})
}

// fixture finishes the record: section and record dates are the latest
// date below them, as ORCID computes them.
func (b *builder) fixture() Fixture {
	r := &b.rec
	r.ORCIDIdentifier = orcid.Identifier{URI: b.id.URI(), Path: string(b.id), Host: "orcid.org"}
	r.Path = "/" + string(b.id)
	p := &r.Person
	p.LastModifiedDate = b.clock
	as := &r.ActivitiesSummary
	for _, g := range as.Works.Group {
		as.Works.LastModifiedDate = max(as.Works.LastModifiedDate, g.LastModifiedDate)
	}
	for _, sec := range affiliationSections {
		a := sec.get(as)
		for _, g := range a.AffiliationGroup {
			a.LastModifiedDate = max(a.LastModifiedDate, g.LastModifiedDate)
		}
		as.LastModifiedDate = max(as.LastModifiedDate, a.LastModifiedDate)
	}
	for _, g := range as.Fundings.Group {
		as.Fundings.LastModifiedDate = max(as.Fundings.LastModifiedDate, g.LastModifiedDate)
	}
	for _, g := range as.PeerReviews.Group {
		as.PeerReviews.LastModifiedDate = max(as.PeerReviews.LastModifiedDate, g.LastModifiedDate)
	}
	as.LastModifiedDate = max(as.LastModifiedDate, as.Works.LastModifiedDate, as.Fundings.LastModifiedDate, as.PeerReviews.LastModifiedDate)
	r.History = &orcid.History{
		CreationMethod:   "MEMBER_REFERRED",
		SubmissionDate:   fixtureEpoch - 400*day,
		CompletionDate:   fixtureEpoch - 400*day + 3600*1000,
		LastModifiedDate: max(p.LastModifiedDate, as.LastModifiedDate),
		Claimed:          true,
		VerifiedEmail:    true,
	}
	return Fixture{Record: b.rec, Works: b.works}
}

// Value helpers for hand-written works.

func title(s string) *orcid.Title { return &orcid.Title{Title: orcid.Value(s)} }

func date(y, m, d int) orcid.FuzzyDate { return orcid.FuzzyDate{Year: y, Month: m, Day: d} }

// normalizeDOI is ORCID's normalization: no resolver prefix, lower case.
func normalizeDOI(v string) string {
	s := strings.TrimSpace(v)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// doi is a self DOI written as the source wrote it, with ORCID's
// normalized value.
func doi(v string) orcid.ExternalID {
	n := normalizeDOI(v)
	return orcid.ExternalID{Type: "doi", Value: v, Normalized: &orcid.NormalizedID{Value: n, Transient: true},
		URL: orcid.Value("https://doi.org/" + n), Relationship: "self"}
}

// xid is any other identifier.
func xid(typ, v, url, rel string) orcid.ExternalID {
	return orcid.ExternalID{Type: typ, Value: v, Normalized: &orcid.NormalizedID{Value: v, Transient: true}, URL: orcid.Value(url), Relationship: rel}
}

func ids(e ...orcid.ExternalID) orcid.ExternalIDs { return orcid.ExternalIDs{ExternalID: e} }

// person makes a contributor; id may be empty. seq and role may be empty
// (null in JSON).
func person(name string, id orcid.ID, seq, role string) orcid.Contributor {
	c := orcid.Contributor{CreditName: orcid.Value(name)}
	if id != "" {
		c.ContributorORCID = &orcid.Identifier{URI: id.URI(), Path: string(id), Host: "orcid.org"}
	}
	if seq != "" || role != "" {
		c.Attributes = &orcid.ContributorAttributes{Sequence: seq, Role: role}
	}
	return c
}

func contributors(cs ...orcid.Contributor) *orcid.Contributors {
	return &orcid.Contributors{Contributor: cs}
}

func bibtex(s string) *orcid.Citation { return &orcid.Citation{Type: "bibtex", Value: s} }

func org(name, city, region, country, source, id string) orcid.Organization {
	o := orcid.Organization{Name: name, Address: &orcid.OrganizationAddress{City: city, Region: region, Country: country}}
	if source != "" {
		o.DisambiguatedOrganization = &orcid.DisambiguatedOrganization{Identifier: id, Source: source}
	}
	return o
}
