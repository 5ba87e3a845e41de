package generator

// This file holds the template functions that the built-in themes use for
// their richer parts: the publications-per-year chart, the facets of the
// publication filter, the affiliations timeline and the data of the join
// page. They are registered by funcMap; each is documented there by example
// and here in full.

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/orcidsite/orcidsite/orcid"
)

// LayoutJoin is the layout of the "Sign in with ORCID" page, rendered at
// join/ when site.yaml has a signin: section.
const LayoutJoin = "join.html"

// YearCount is the number of publications of one year.
type YearCount struct {
	Year  int
	Count int
}

// PublicationYears counts publications per year, oldest first, with the
// years between the first and the last that have none included as zero.
// Undated publications are left out.
func PublicationYears(pubs []*Publication) []YearCount {
	lo, hi := 0, 0
	for _, p := range pubs {
		if y := p.Date.Year; y > 0 {
			if lo == 0 || y < lo {
				lo = y
			}
			hi = max(hi, y)
		}
	}
	if lo == 0 {
		return nil
	}
	out := make([]YearCount, hi-lo+1)
	for i := range out {
		out[i].Year = lo + i
	}
	for _, p := range pubs {
		if y := p.Date.Year; y > 0 {
			out[y-lo].Count++
		}
	}
	return out
}

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartHeight = 120
	chartMinW   = 480 // the plot is at least this wide: few years get wide bars
	chartMaxBar = 56
	chartGap    = 8
	chartTop    = 16 // room for the count above the tallest bar
	chartBottom = 20 // room for the year labels
)

// PublicationChart draws publications per year as an inline SVG bar chart
// with a text alternative (role="img" with a <title> and a <desc> listing
// every year's count). It holds only numbers and fixed words, so it is safe
// to return as template.HTML; colours come from the theme's CSS (classes
// chart, bar, label, count). It returns "" when no publication is dated.
// idPrefix makes the ids of the title and desc unique within the page.
func PublicationChart(idPrefix string, pubs []*Publication) template.HTML {
	years := PublicationYears(pubs)
	if len(years) == 0 {
		return ""
	}
	idPrefix = Slugify(idPrefix)
	if idPrefix == "" {
		idPrefix = "chart"
	}
	maxN, total := 0, 0
	for _, y := range years {
		maxN = max(maxN, y.Count)
		total += y.Count
	}
	// Label every year when there are few, else every n-th counting back
	// from the last.
	step := 1
	for len(years)/step > 12 {
		step++
	}
	barW := max(14, min(chartMaxBar, (chartMinW-chartGap)/len(years)-chartGap))
	width := len(years)*(barW+chartGap) + chartGap
	plot := chartHeight - chartTop - chartBottom
	var b strings.Builder
	first, last := years[0].Year, years[len(years)-1].Year
	span := fmt.Sprint(first)
	if last != first {
		span = fmt.Sprintf("%d–%d", first, last)
	}
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMax meet">`,
		width, chartHeight, width, chartHeight, idPrefix, idPrefix)
	fmt.Fprintf(&b, `<title id="%s-t">Publications per year, %s</title>`, idPrefix, span)
	var desc []string
	for _, y := range years {
		desc = append(desc, fmt.Sprintf("%d: %d", y.Year, y.Count))
	}
	fmt.Fprintf(&b, `<desc id="%s-d">%d %s in total. %s.</desc>`, idPrefix, total, pluralWord(total, "publication", "publications"), strings.Join(desc, "; "))
	fmt.Fprintf(&b, `<line class="axis" x1="0" y1="%d" x2="%d" y2="%d"/>`, chartHeight-chartBottom, width, chartHeight-chartBottom)
	for i, y := range years {
		x := chartGap + i*(barW+chartGap)
		h := 0
		if maxN > 0 {
			h = (y.Count*plot + maxN/2) / maxN
		}
		if y.Count > 0 && h < 2 {
			h = 2
		}
		top := chartHeight - chartBottom - h
		if y.Count > 0 {
			fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%d" height="%d" rx="2"/>`, x, top, barW, h)
			fmt.Fprintf(&b, `<text class="count" x="%d" y="%d" text-anchor="middle">%d</text>`, x+barW/2, top-4, y.Count)
		}
		if (len(years)-1-i)%step == 0 {
			fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="middle">%d</text>`, x+barW/2, chartHeight-5, y.Year)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Facet is one choice of the publication filter with its count.
type Facet struct {
	Value string // what data-* attributes and the URL hold
	Label string // what people read
	Count int
}

// Facets are the choices offered by the publication filter: years (newest
// first), work types (most frequent first) and members (by family name), each
// with the number of publications it selects.
type Facets struct {
	Years   []Facet
	Types   []Facet
	Members []Facet
}

// PublicationFacets collects the filter choices of a publication list.
func PublicationFacets(pubs []*Publication) Facets {
	var f Facets
	years, types, members := map[int]int{}, map[string]int{}, map[*Person]int{}
	labels := map[string]string{}
	var order []*Person
	for _, p := range pubs {
		if p.Date.Year > 0 {
			years[p.Date.Year]++
		}
		types[p.Type]++
		if labels[p.Type] == "" {
			labels[p.Type] = cmp.Or(p.TypeLabel, TypeLabel(p.Type))
		}
		for _, m := range p.Members {
			if members[m] == 0 {
				order = append(order, m)
			}
			members[m]++
		}
	}
	for y, n := range years {
		f.Years = append(f.Years, Facet{Value: fmt.Sprint(y), Label: fmt.Sprint(y), Count: n})
	}
	slices.SortFunc(f.Years, func(a, b Facet) int { return strings.Compare(b.Value, a.Value) })
	for t, n := range types {
		f.Types = append(f.Types, Facet{Value: t, Label: labels[t], Count: n})
	}
	slices.SortFunc(f.Types, func(a, b Facet) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Label, b.Label))
	})
	slices.SortStableFunc(order, func(a, b *Person) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	for _, m := range order {
		f.Members = append(f.Members, Facet{Value: m.Slug, Label: m.Name, Count: members[m]})
	}
	return f
}

// sortKey orders members by family name, then display name.
func (p *Person) sortKey() string {
	return strings.ToLower(cmp.Or(p.FamilyName, p.Name) + "\x00" + p.Name)
}

// MemberSlugs returns the slugs of a publication's members separated by
// spaces, for a data-members attribute.
func MemberSlugs(p *Publication) string {
	s := make([]string, len(p.Members))
	for i, m := range p.Members {
		s[i] = m.Slug
	}
	return strings.Join(s, " ")
}

// TimelineEntry is one affiliation on a person's timeline.
type TimelineEntry struct {
	// Kind names the ORCID section: "Employment", "Education",
	// "Invited position", "Distinction", "Membership", "Qualification",
	// "Service".
	Kind string
	Affiliation
}

// Timeline merges a person's affiliations of every section into one list:
// current ones first, then by end date and start date, newest first. The
// order among equal dates follows the sections as listed in Kind.
func Timeline(p *Person) []TimelineEntry {
	var out []TimelineEntry
	for _, s := range []struct {
		kind string
		as   []Affiliation
	}{
		{"Employment", p.Employments}, {"Education", p.Educations}, {"Invited position", p.InvitedPositions},
		{"Distinction", p.Distinctions}, {"Membership", p.Memberships}, {"Qualification", p.Qualifications},
		{"Service", p.Services},
	} {
		for _, a := range s.as {
			out = append(out, TimelineEntry{Kind: s.kind, Affiliation: a})
		}
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int { return compareAffiliations(a.Affiliation, b.Affiliation) })
	return out
}

// Signin is what the join page needs to start ORCID's implicit OpenID
// Connect flow in the browser.
type Signin struct {
	ClientID     string
	AuthorizeURL string
	// Repo is the site's GitHub repository ("owner/name"), empty when
	// site.yaml names none.
	Repo string
	// Sandbox reports whether the ORCID sandbox is used.
	Sandbox bool
	// ORCIDHost is the host that displays iDs: "orcid.org" or
	// "sandbox.orcid.org".
	ORCIDHost string
}

// SigninInfo returns the join page's settings, or nil when site.yaml has
// no signin: section. The authorize URL is signin.authorize_url when set,
// else ORCID's production or sandbox endpoint per orcid.sandbox.
func SigninInfo(site *Site) *Signin {
	if site == nil || site.Config == nil || site.Config.Signin == nil {
		return nil
	}
	c := site.Config
	s := &Signin{ClientID: c.Signin.ClientID, AuthorizeURL: c.Signin.AuthorizeURL, Repo: c.Repo, Sandbox: c.ORCID.Sandbox, ORCIDHost: "orcid.org"}
	if c.ORCID.Sandbox {
		s.ORCIDHost = "sandbox.orcid.org"
	}
	if s.AuthorizeURL == "" {
		s.AuthorizeURL = orcid.ProductionAuthorizeURL
		if c.ORCID.Sandbox {
			s.AuthorizeURL = orcid.SandboxAuthorizeURL
		}
	}
	return s
}

// Limit returns at most the first n publications.
func Limit(n int, pubs []*Publication) []*Publication {
	if n < 0 {
		n = 0
	}
	return pubs[:min(n, len(pubs))]
}

// themeFuncs returns the functions of this file under their template
// names:
//
//	pubChart "id" .Publications  → inline SVG chart (template.HTML)
//	pubYears .Publications       → []YearCount, oldest first
//	pubFacets .Publications      → Facets for the filter form
//	memberSlugs .                → "ada-lovelace alan-turing"
//	timeline .Person             → []TimelineEntry
//	signin .Site                 → *Signin, nil without signin:
//	limit 10 .Publications       → the first ten
func themeFuncs() template.FuncMap {
	return template.FuncMap{
		"pubChart":    PublicationChart,
		"pubYears":    PublicationYears,
		"pubFacets":   PublicationFacets,
		"memberSlugs": MemberSlugs,
		"timeline":    Timeline,
		"signin":      SigninInfo,
		"limit":       Limit,
	}
}
