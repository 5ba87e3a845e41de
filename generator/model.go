package generator

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/orcidsite/orcidsite/orcid"
)

// Site is the whole model handed to templates: configuration, people,
// the merged publication list and the content pages. It is plain data.
type Site struct {
	Config      *Config
	Title       string
	Description string
	BaseURL     string // absolute, ends with "/"
	Language    string
	Menu        []MenuItem
	Params      map[string]any

	People       []*Person      // in site.yaml order
	Groups       []*PeopleGroup // people grouped by their group, in order of first appearance
	Publications []*Publication // merged and de-duplicated, newest first
	Pages        []*Page        // content pages (not the home page), by weight then title
	Home         *Page          // content/index.md, may be nil

	// Warnings collects what a build should report: curation entries that
	// matched nothing, people without data, and so on.
	Warnings []string
	// Explain says why publications were merged or folded, one line each
	// (orcidsite build --explain).
	Explain []string
}

// PeopleGroup is one group of people (e.g. "faculty", "students", "alumni").
type PeopleGroup struct {
	Name   string
	People []*Person
}

// Person is one researcher, combined from site.yaml and the ORCID snapshot.
type Person struct {
	ID         orcid.ID
	Slug       string
	Name       string // display name
	GivenNames string
	FamilyName string
	CreditName string
	OtherNames []string
	Role       string
	Group      string
	Photo      string
	From, To   orcid.FuzzyDate

	Biography   string
	Keywords    []string
	Countries   []string
	Links       []Link // researcher URLs
	Identifiers []Link // external identifiers (Scopus, ResearcherID, …)
	Emails      []string

	Employments      []Affiliation // current first, then by end date, newest first
	Educations       []Affiliation
	Distinctions     []Affiliation
	InvitedPositions []Affiliation
	Memberships      []Affiliation
	Qualifications   []Affiliation
	Services         []Affiliation
	Fundings         []Funding
	PeerReviews      PeerReviewSummary

	// Publications are this person's entries of the merged list, newest first.
	Publications []*Publication
	// Content is content/people/<slug>.md, when present.
	Content *Page
	// HasData is false when no ORCID snapshot was available for the person.
	HasData bool
	// Config is the person's site.yaml entry.
	Config PersonConfig
}

// ORCIDURL returns the person's iD as https://orcid.org/… .
func (p *Person) ORCIDURL() string { return p.ID.URI() }

// Initials returns up to two initials of the display name, for avatars.
func (p *Person) Initials() string {
	var out []rune
	for _, f := range strings.Fields(p.Name) {
		r := []rune(f)
		if len(r) > 0 && unicode.IsLetter(r[0]) {
			out = append(out, unicode.ToUpper(r[0]))
		}
	}
	if len(out) > 2 {
		out = []rune{out[0], out[len(out)-1]}
	}
	return string(out)
}

// Current reports whether the person is a current member (no end date).
func (p *Person) Current() bool { return p.To.IsZero() }

// Link is a named URL.
type Link struct {
	Name  string
	Value string // the identifier's value, for external identifiers
	URL   string // empty when the URL was not safe to link
}

// Affiliation is an employment, education or another affiliation section.
type Affiliation struct {
	Organization string
	City         string
	Region       string
	Country      string
	Department   string
	Role         string
	Start, End   orcid.FuzzyDate
	URL          string
	// RegistryID is the organisation's ROR/GRID/Ringgold/FundRef identifier.
	RegistryID     string
	RegistrySource string
}

// Current reports whether the affiliation has no end date.
func (a Affiliation) Current() bool { return a.End.IsZero() }

// Funding is a grant or award.
type Funding struct {
	Title      string
	Type       string
	Funder     string
	Start, End orcid.FuzzyDate
	URL        string
	GrantIDs   []string
}

// PeerReviewSummary counts a person's peer reviews.
type PeerReviewSummary struct {
	Reviews int
	Venues  int
	// Organizations lists the convening organisations, most reviews first.
	Organizations []string
}

// displayName picks the name to show: the site.yaml override, ORCID's
// published (credit) name, given + family names, else the iD. A credit
// name in citation form ("Okafor, D. C.") gives way to the full name.
func displayName(override string, n *orcid.Name, id orcid.ID) string {
	if s := strings.TrimSpace(override); s != "" {
		return s
	}
	if n != nil {
		full := strings.TrimSpace(strings.TrimSpace(string(n.GivenNames)) + " " + strings.TrimSpace(string(n.FamilyName)))
		if s := strings.TrimSpace(string(n.CreditName)); s != "" && (!strings.Contains(s, ",") || full == "") {
			return s
		}
		if full != "" {
			return full
		}
	}
	return string(id)
}

// Slugify turns a name into an ASCII, lower-case, hyphenated URL slug:
// "José Ñúñez-O'Brien" becomes "jose-nunez-obrien". It returns "" when no
// ASCII letter or digit is left (for example a name in Arabic script).
func Slugify(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(foldWords(s)) {
		ascii := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if ascii == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(ascii)
	}
	return b.String()
}

// safeURL returns u when it is an absolute http(s) or mailto URL, else "".
// ORCID data is untrusted: a javascript: link must never reach a page.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	if plainHTTPURL(u) {
		return u // what parsing and printing it gives
	}
	return parsedSafeURL(u)
}

// parsedSafeURL is safeURL of a trimmed, non-empty u, through url.Parse.
func parsedSafeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" {
			return ""
		}
		return p.String()
	case "mailto":
		return p.String()
	case "":
		// "www.example.org/x": people often omit the scheme.
		if strings.Contains(strings.SplitN(u, "/", 2)[0], ".") && !strings.ContainsAny(u, " \t<>\"") {
			return safeURL("https://" + u)
		}
	}
	return ""
}

// plainHTTPURL reports whether u is an http(s) URL that url.Parse and
// String give back unchanged: a lower-case scheme, a host of lower-case
// letters, digits, dots and hyphens, and a path of characters that need no
// escaping, without query or fragment.
func plainHTTPURL(u string) bool {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(u, "http://"); !ok {
			return false
		}
	}
	host, path, _ := strings.Cut(rest, "/")
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '~' || c == '/') {
			return false
		}
	}
	return true
}

// newPerson combines a site.yaml entry with its snapshot (which may be nil).
func newPerson(pc PersonConfig, snap *Snapshot) *Person {
	p := &Person{ID: pc.ORCID, Role: pc.Role, Group: pc.Group, Photo: pc.Photo, Config: pc}
	p.From, _ = parseFuzzyDate(pc.From)
	p.To, _ = parseFuzzyDate(pc.To)
	var name *orcid.Name
	if snap != nil {
		p.HasData = true
		per := snap.Record.Person
		name = per.Name
		if name != nil {
			p.GivenNames = strings.TrimSpace(string(name.GivenNames))
			p.FamilyName = strings.TrimSpace(string(name.FamilyName))
			p.CreditName = strings.TrimSpace(string(name.CreditName))
		}
		for _, o := range sortByIndex(per.OtherNames.OtherName, func(o orcid.OtherName) orcid.Index { return o.DisplayIndex }) {
			if s := strings.TrimSpace(o.Content); s != "" {
				p.OtherNames = append(p.OtherNames, s)
			}
		}
		if per.Biography != nil {
			p.Biography = strings.TrimSpace(per.Biography.Content)
		}
		for _, k := range sortByIndex(per.Keywords.Keyword, func(k orcid.Keyword) orcid.Index { return k.DisplayIndex }) {
			// Users often put a comma-separated list in one keyword.
			for _, part := range strings.Split(k.Content, ",") {
				if s := strings.TrimSpace(part); s != "" && !slices.Contains(p.Keywords, s) {
					p.Keywords = append(p.Keywords, s)
				}
			}
		}
		for _, a := range sortByIndex(per.Addresses.Address, func(a orcid.Address) orcid.Index { return a.DisplayIndex }) {
			if c := strings.TrimSpace(string(a.Country)); c != "" {
				p.Countries = append(p.Countries, c)
			}
		}
		for _, u := range sortByIndex(per.ResearcherURLs.ResearcherURL, func(u orcid.ResearcherURL) orcid.Index { return u.DisplayIndex }) {
			link := safeURL(string(u.URL))
			if link == "" {
				continue
			}
			n := strings.TrimSpace(u.URLName)
			if n == "" {
				n = strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://")
			}
			p.Links = append(p.Links, Link{Name: n, URL: link})
		}
		for _, e := range sortByIndex(per.ExternalIdentifiers.ExternalIdentifier, func(e orcid.PersonExternalID) orcid.Index { return e.DisplayIndex }) {
			p.Identifiers = append(p.Identifiers, Link{Name: strings.TrimSpace(e.Type), Value: strings.TrimSpace(e.Value), URL: safeURL(string(e.URL))})
		}
		for _, e := range per.Emails.Email {
			if e.Email != "" {
				p.Emails = append(p.Emails, e.Email)
			}
		}
		act := snap.Record.ActivitiesSummary
		p.Employments = affiliations(act.Employments)
		p.Educations = affiliations(act.Educations)
		p.Distinctions = affiliations(act.Distinctions)
		p.InvitedPositions = affiliations(act.InvitedPositions)
		p.Memberships = affiliations(act.Memberships)
		p.Qualifications = affiliations(act.Qualifications)
		p.Services = affiliations(act.Services)
		p.Fundings = fundings(act.Fundings)
		p.PeerReviews = peerReviews(act.PeerReviews)
	}
	p.Name = displayName(pc.Name, name, pc.ORCID)
	return p
}

// sortByIndex returns the items ordered by display-index, highest first
// (ORCID's display order), keeping the original order among equals.
func sortByIndex[T any](items []T, index func(T) orcid.Index) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(index(b), index(a)) })
	return out
}

// affiliations flattens an affiliation section, preferred version of each
// group, current ones first, then by end date and start date, newest first.
func affiliations(s orcid.Affiliations) []Affiliation {
	var out []Affiliation
	for _, g := range s.AffiliationGroup {
		var best orcid.AffiliationSummary
		found := false
		for _, it := range g.Summaries {
			if a, ok := it.Summary(); ok && (!found || a.DisplayIndex > best.DisplayIndex) {
				best, found = a, true
			}
		}
		if !found {
			continue
		}
		a := Affiliation{
			Organization: strings.TrimSpace(best.Organization.Name),
			Department:   strings.TrimSpace(best.DepartmentName),
			Role:         strings.TrimSpace(best.RoleTitle),
			Start:        best.StartDate,
			End:          best.EndDate,
			URL:          safeURL(string(best.URL)),
		}
		if ad := best.Organization.Address; ad != nil {
			a.City, a.Region, a.Country = ad.City, ad.Region, ad.Country
		}
		if d := best.Organization.DisambiguatedOrganization; d != nil {
			a.RegistryID, a.RegistrySource = d.Identifier, d.Source
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, compareAffiliations)
	return out
}

// compareAffiliations orders current affiliations first, then by end date
// and start date, newest first.
func compareAffiliations(a, b Affiliation) int {
	if a.Current() != b.Current() {
		if a.Current() {
			return -1
		}
		return 1
	}
	if c := b.End.Compare(a.End); c != 0 {
		return c
	}
	return b.Start.Compare(a.Start)
}

func fundings(f orcid.Fundings) []Funding {
	var out []Funding
	for _, g := range f.Group {
		if len(g.FundingSummary) == 0 {
			continue
		}
		s := sortByIndex(g.FundingSummary, func(s orcid.FundingSummary) orcid.Index { return s.DisplayIndex })[0]
		fu := Funding{Type: s.Type, Funder: strings.TrimSpace(s.Organization.Name), Start: s.StartDate, End: s.EndDate, URL: safeURL(string(s.URL))}
		if s.Title != nil {
			fu.Title = strings.TrimSpace(string(s.Title.Title))
		}
		if s.ExternalIDs != nil {
			for _, e := range s.ExternalIDs.ExternalID {
				if e.Type == "grant_number" || e.Type == "grant-number" {
					fu.GrantIDs = append(fu.GrantIDs, e.Value)
				}
			}
		}
		out = append(out, fu)
	}
	slices.SortStableFunc(out, func(a, b Funding) int { return b.Start.Compare(a.Start) })
	return out
}

func peerReviews(p orcid.PeerReviews) PeerReviewSummary {
	var s PeerReviewSummary
	count := map[string]int{}
	for _, g := range p.Group {
		s.Venues++
		for _, sub := range g.PeerReviewGroup {
			if len(sub.PeerReviewSummary) == 0 {
				continue
			}
			s.Reviews++
			if o := sub.PeerReviewSummary[0].ConveningOrganization; o != nil && o.Name != "" {
				count[o.Name]++
			}
		}
	}
	for name := range count {
		s.Organizations = append(s.Organizations, name)
	}
	slices.SortFunc(s.Organizations, func(a, b string) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return s
}

// parseFuzzyDate reads YYYY, YYYY-MM or YYYY-MM-DD; "" is the zero date.
func parseFuzzyDate(s string) (orcid.FuzzyDate, error) {
	var d orcid.FuzzyDate
	s = strings.TrimSpace(s)
	if s == "" {
		return d, nil
	}
	parts := strings.Split(s, "-")
	dst := []*int{&d.Year, &d.Month, &d.Day}
	if len(parts) > 3 {
		return orcid.FuzzyDate{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	for i, p := range parts {
		n := 0
		if _, err := fmt.Sscanf(p, "%d", &n); err != nil || n <= 0 {
			return orcid.FuzzyDate{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		*dst[i] = n
	}
	if d.Month > 12 || d.Day > 31 {
		return orcid.FuzzyDate{}, fmt.Errorf("date %q: month or day out of range", s)
	}
	return d, nil
}

// assignSlugs gives every person a unique slug: the site.yaml slug, else
// one made from the site.yaml name, the given and family names or the
// display name, else the iD; clashes get -2, -3, ….
func assignSlugs(people []*Person) {
	used := map[string]bool{}
	for _, p := range people {
		if p.Config.Slug != "" {
			used[p.Config.Slug] = true
		}
	}
	for _, p := range people {
		if p.Config.Slug != "" {
			p.Slug = p.Config.Slug
			continue
		}
		// The full name makes a better address than a citation-style
		// credit name such as "M. Lindqvist".
		base := Slugify(p.Name)
		if full := Slugify(p.GivenNames + " " + p.FamilyName); p.Config.Name == "" && full != "" {
			base = full
		}
		if base == "" {
			base = string(p.ID)
		}
		s := base
		for n := 2; used[s]; n++ {
			s = fmt.Sprintf("%s-%d", base, n)
		}
		used[s] = true
		p.Slug = s
	}
}

// groupPeople groups people by Group in order of first appearance; people
// without a group go to "members", and people whose "to" date has passed
// go to "alumni" unless a group was given.
func groupPeople(people []*Person) []*PeopleGroup {
	var groups []*PeopleGroup
	byName := map[string]*PeopleGroup{}
	for _, p := range people {
		name := p.Group
		if name == "" {
			name = "members"
			if !p.Current() {
				name = "alumni"
			}
		}
		g := byName[name]
		if g == nil {
			g = &PeopleGroup{Name: name}
			byName[name] = g
			groups = append(groups, g)
		}
		g.People = append(g.People, p)
	}
	return groups
}
