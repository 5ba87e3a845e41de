package generator

// Merging turns the members' publication lists into one list in which a
// real-world work is one entry keeping every member's attribution.
//
// Works are joined with a union-find over all members' works, in three
// passes of decreasing certainty:
//
//  1. the same DOI (normalized: case, doi.org and doi: prefixes, ORCID's
//     normalized value), versions of one DOI (figshare's .v1/.v2, OSF's
//     _v1) counted as the same;
//  2. the same other identifier of relationship self: PMID, PMCID, arXiv
//     (also from arXiv's 10.48550 DOIs), Scopus EID, Web of Science UID,
//     handle, and ISBN for books;
//  3. the same normalized title (case, punctuation, accents, white space)
//     and year, when the two sides have no conflicting DOIs, the same kind
//     of work and are not a preprint and a published paper.
//
// Then preprints are folded (publications.preprints: fold): a preprint
// whose title matches a published work, or that is linked to it by a
// version-of identifier, becomes a "preprint" link of that work; another
// work linked by version-of becomes an "Other version" link. Every join
// is recorded with its reason for "orcidsite build --explain".

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// mergeInput is the material of a merge: the people in site order with
// their works, and works added from BibTeX files.
type mergeInput struct {
	People    []*Person
	PerPerson map[*Person][]*Publication
	Added     []*Publication
	Preprints string // PreprintsFold, PreprintsSeparate or PreprintsHide
}

// doiBase returns a DOI without its version suffix, ".v2" (figshare,
// F1000Research) or "_v2" (OSF), and the version (0 when there is none).
func doiBase(doi string) (string, int) {
	i := len(doi)
	for i > 0 && doi[i-1] >= '0' && doi[i-1] <= '9' {
		i--
	}
	digits := len(doi) - i
	if digits == 0 || digits > 4 || i < 3 || doi[i-1] != 'v' && doi[i-1] != 'V' || doi[i-2] != '.' && doi[i-2] != '_' {
		return doi, 0
	}
	v, _ := strconv.Atoi(doi[i:])
	return doi[:i-2], v
}

// selfDOIs returns the work's DOIs of relationship self, normalized.
func selfDOIs(p *Publication) []string {
	return appendSelfDOIs(nil, p)
}

// appendSelfDOIs appends selfDOIs(p) to out.
func appendSelfDOIs(out []string, p *Publication) []string {
	for _, id := range p.IDs {
		if id.Type == "doi" && id.isSelf() && id.Value != "" && !slices.Contains(out, id.Value) {
			out = append(out, id.Value)
		}
	}
	if p.DOI != "" && !slices.Contains(out, p.DOI) {
		out = append(out, p.DOI)
	}
	return out
}

var nonDigit = regexp.MustCompile(`\D`)

// otherIDKeys returns the match keys of a work's other self identifiers.
func otherIDKeys(p *Publication) []string {
	var out []string
	add := func(k string) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	book := p.Type == "book" || p.Type == "edited-book"
	for _, id := range p.IDs {
		if !id.isSelf() {
			continue
		}
		v := strings.ToLower(strings.TrimSpace(id.Value))
		switch id.Type {
		case "pmid":
			if d := nonDigit.ReplaceAllString(v, ""); d != "" {
				add("pmid:" + strings.TrimLeft(d, "0"))
			}
		case "pmc":
			if d := nonDigit.ReplaceAllString(v, ""); d != "" {
				add("pmc:" + strings.TrimLeft(d, "0"))
			}
		case "arxiv":
			if a := normalizeArXiv(v); a != "" {
				add("arxiv:" + a)
			}
		case "doi":
			if a, ok := strings.CutPrefix(v, "10.48550/arxiv."); ok {
				add("arxiv:" + normalizeArXiv(a))
			}
		case "eid", "wosuid", "handle":
			add(id.Type + ":" + v)
		case "isbn":
			if book {
				if i := normalizeISBN(v); i != "" {
					add("isbn:" + i)
				}
			}
		}
	}
	return out
}

var arxivVersion = regexp.MustCompile(`v\d+$`)

// normalizeArXiv strips prefixes and the version from an arXiv identifier.
func normalizeArXiv(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	for _, p := range []string{"https://arxiv.org/abs/", "http://arxiv.org/abs/", "arxiv.org/abs/", "arxiv:"} {
		v = strings.TrimPrefix(v, p)
	}
	return arxivVersion.ReplaceAllString(v, "")
}

// normalizeISBN returns an ISBN as 13 digits, "" when it is not one.
func normalizeISBN(v string) string {
	var d []byte
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= '0' && c <= '9' || c == 'x' || c == 'X' {
			d = append(d, c)
		}
	}
	switch len(d) {
	case 13:
		return string(d)
	case 10:
		s := "978" + string(d[:9])
		sum := 0
		for i := 0; i < 12; i++ {
			w := 1
			if i%2 == 1 {
				w = 3
			}
			sum += int(s[i]-'0') * w
		}
		return s + strconv.Itoa((10-sum%10)%10)
	}
	return ""
}

// unionFind joins works into groups; each root keeps the base DOIs of its
// group, which title matches must not contradict.
type unionFind struct {
	nodes []unionNode
}

// unionNode is one work of a unionFind. The fields sit together, and
// newUnionFind writes each node: a fresh page of memory that is read before
// it is written costs the kernel two faults (the second one with a
// TLB flush on every core), and this array is new for every merge.
type unionNode struct {
	parent int
	// A root's set of base DOIs: first ("" when empty), then any others.
	first string
	more  []string
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{nodes: make([]unionNode, n)}
	for i := range u.nodes {
		u.nodes[i].parent = i
	}
	return u
}

// addDOI adds a base DOI (never "") to the group of i.
func (u *unionFind) addDOI(i int, d string) {
	u.addRootDOI(&u.nodes[u.find(i)], d)
}

func (u *unionFind) addRootDOI(r *unionNode, d string) {
	switch {
	case r.first == "":
		r.first = d
	case r.first != d && !slices.Contains(r.more, d):
		r.more = append(r.more, d)
	}
}

// hasDOI reports whether the set of root r holds d.
func (u *unionFind) hasDOI(r *unionNode, d string) bool {
	return r.first == d || slices.Contains(r.more, d)
}

func (u *unionFind) find(i int) int {
	for u.nodes[i].parent != i {
		u.nodes[i].parent = u.nodes[u.nodes[i].parent].parent
		i = u.nodes[i].parent
	}
	return i
}

// union joins the groups of a and b, keeping the smaller index as root so
// the result does not depend on the order of calls. It reports whether the
// groups were separate.
func (u *unionFind) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	root, joined := &u.nodes[ra], &u.nodes[rb]
	joined.parent = ra
	if d := joined.first; d != "" {
		u.addRootDOI(root, d)
	}
	for _, d := range joined.more {
		u.addRootDOI(root, d)
	}
	joined.first, joined.more = "", nil
	return true
}

// doiConflict reports whether the groups of a and b have DOIs and none in
// common: they are different objects, whatever their titles say.
func (u *unionFind) doiConflict(a, b int) bool {
	ra, rb := &u.nodes[u.find(a)], &u.nodes[u.find(b)]
	if ra.first == "" || rb.first == "" {
		return false
	}
	if u.hasDOI(rb, ra.first) {
		return false
	}
	for _, d := range ra.more {
		if u.hasDOI(rb, d) {
			return false
		}
	}
	return true
}

// describe names a work for merge explanations.
func describe(p *Publication) string {
	var who string
	switch {
	case len(p.Sources) > 0:
		who = string(p.Sources[0].ORCID) + " put-code " + strconv.FormatInt(p.Sources[0].PutCode, 10)
	case p.AddedFrom != "":
		who = p.AddedFrom
	}
	t := p.FullTitle()
	if r := []rune(t); len(r) > 60 {
		t = string(r[:57]) + "…"
	}
	return fmt.Sprintf("%s %q", who, t)
}

// mergePublications joins the works of all members (and added works) into
// one list, newest first, each entry keeping every member's attribution and
// the ORCID works behind it. It returns the list and one line per join
// saying why it happened. Members' own lists are not filled here.
func mergePublications(in mergeInput) ([]*Publication, []string) {
	n := len(in.Added)
	for _, person := range in.People {
		n += len(in.PerPerson[person])
	}
	all := make([]*Publication, 0, n)
	personIndex := make(map[*Person]int, len(in.People))
	for i, person := range in.People {
		personIndex[person] = i
		all = append(all, in.PerPerson[person]...)
	}
	all = append(all, in.Added...)
	u := newUnionFind(len(all))
	// The joins, written out once the passes are done (the works do not
	// change before).
	type joined struct {
		a, b   int
		reason string
	}
	var joins []joined
	join := func(a, b int, reason string) {
		if u.union(a, b) {
			joins = append(joins, joined{a, b, reason})
		}
	}

	// Pass 1: DOIs, versions included.
	type firstDOI struct {
		i   int
		doi string // the DOI first seen
	}
	byDOI := make(map[string]firstDOI, len(all)) // by base
	var doiBuf [4]string
	for i, p := range all {
		for _, d := range appendSelfDOIs(doiBuf[:0], p) {
			base, _ := doiBase(d)
			u.addDOI(i, base)
			if f, ok := byDOI[base]; ok {
				if f.doi == d {
					join(f.i, i, "same DOI "+d)
				} else {
					join(f.i, i, "versions of one DOI: "+f.doi+" and "+d)
				}
				continue
			}
			byDOI[base] = firstDOI{i, d}
		}
	}
	// Pass 2: other identifiers of relationship self.
	byID := map[string]int{}
	for i, p := range all {
		for _, k := range otherIDKeys(p) {
			if j, ok := byID[k]; ok {
				join(j, i, "same "+strings.Replace(k, ":", " ", 1))
				continue
			}
			byID[k] = i
		}
	}
	// Pass 3: normalized title and year.
	type titleYear struct {
		title string
		year  int
	}
	// The works of one title and year, in order: a chain through next
	// from the first to the last (no slice per title).
	type chain struct{ first, last int32 }
	byTitle := make(map[titleYear]chain, len(all))
	next := make([]int32, len(all))
	for i, p := range all {
		t := p.titleKey()
		if t == "" {
			continue
		}
		key := titleYear{t, p.Date.Year}
		matched := false
		c, ok := byTitle[key]
		for j := int(c.first); ok && j >= 0; j = int(next[j]) {
			q := all[j]
			if u.find(i) == u.find(j) {
				matched = true
				break
			}
			if u.doiConflict(i, j) || q.IsPreprint != p.IsPreprint || !compatibleSections(p.Section, q.Section) {
				continue
			}
			year := "undated"
			if p.Date.Year > 0 {
				year = strconv.Itoa(p.Date.Year)
			}
			join(j, i, "same title and year ("+year+")")
			matched = true
			break
		}
		if !matched {
			next[i] = -1
			if ok {
				next[c.last] = int32(i)
				byTitle[key] = chain{c.first, int32(i)}
			} else {
				byTitle[key] = chain{int32(i), int32(i)}
			}
		}
	}

	explain := make([]string, len(joins))
	forEachChunk(len(joins), 256, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			j := joins[k]
			explain[k] = fmt.Sprintf("merged %s with %s: %s", describe(all[j.b]), describe(all[j.a]), j.reason)
		}
	})

	// Groups, in order of their first work. A root is the first work of
	// its group (union keeps the smaller index), so the groups come in the
	// order of their roots.
	size := make([]int32, len(all))
	var roots []int
	for i := range all {
		if size[u.find(i)]++; u.find(i) == i {
			roots = append(roots, i)
		}
	}
	several := map[int][]*Publication{} // the works of groups of several, by root
	for i, p := range all {
		if r := u.find(i); size[r] > 1 {
			if several[r] == nil {
				several[r] = make([]*Publication, 0, size[r])
			}
			several[r] = append(several[r], p)
		}
	}
	// Each group is combined on its own: in parallel.
	out := make([]*Publication, len(roots))
	forEachChunk(len(roots), 512, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			if i := roots[k]; size[i] == 1 {
				out[k] = combine(all[i:i+1], personIndex)
			} else {
				out[k] = combine(several[i], personIndex)
			}
		}
	})

	// Preprints.
	out, explain = foldPreprints(out, explain, personIndex, in.Preprints != PreprintsSeparate)
	sortPublications(out)
	return out, explain
}

// compatibleSections reports whether works of two sections may be the same
// work: the same section, or one of them "other".
func compatibleSections(a, b string) bool {
	return a == b || a == SectionOther || b == SectionOther
}

// completeness scores how much a work knows, to pick the version shown.
func completeness(p *Publication) int {
	s := 0
	if !p.IsPreprint {
		s += 1000
	}
	if p.DOI != "" {
		s += 100
	}
	if p.AuthorsFrom == "orcid" {
		s += 50
	}
	if p.Date.Year > 0 {
		s += 20 + 5*btoi(p.Date.Month > 0) + btoi(p.Date.Day > 0)
	}
	if p.Venue != "" {
		s += 10
	}
	if p.Citation != nil {
		s += 2
	}
	return s
}

// combine makes one entry of a group of works: the most complete one,
// completed from the others, with every member and source.
func combine(g []*Publication, personIndex map[*Person]int) *Publication {
	if p := g[0]; len(g) == 1 && (p.Members == nil || len(p.Members) == 1) && (p.Sources == nil || len(p.Sources) > 0) {
		// A work of its own is its entry: completing it from itself
		// changes nothing but its versions, key and link.
		finishCombined(p)
		return p
	}
	best := 0
	for i, p := range g {
		if completeness(p) > completeness(g[best]) {
			best = i
		}
	}
	c := *g[best]
	if c.Title == "" {
		c.tkey = nil // the title may be completed below
	}
	c.Members = nil
	c.Sources = nil
	c.IDs = slices.Clone(c.IDs)
	c.Preprints = slices.Clone(c.Preprints)
	c.Authors = slices.Clone(c.Authors)
	for _, p := range g {
		for _, m := range p.Members {
			if !slices.Contains(c.Members, m) {
				c.Members = append(c.Members, m)
			}
		}
		c.Sources = append(c.Sources, p.Sources...)
		if c.Date.IsZero() {
			c.Date = p.Date
		} else if p.Date.Year == c.Date.Year && c.Date.Month == 0 && p.Date.Month > 0 {
			c.Date = p.Date // the same year, more precise
		}
		c.Venue = cmp.Or(c.Venue, p.Venue)
		c.Title = cmp.Or(c.Title, p.Title)
		c.Description = cmp.Or(c.Description, p.Description)
		c.Language = cmp.Or(c.Language, p.Language)
		if c.Citation == nil {
			c.Citation = p.Citation
		}
		if len(c.Authors) == 0 && len(p.Authors) > 0 {
			c.Authors, c.AuthorsFrom = p.Authors, p.AuthorsFrom
		}
		if c.AddedFrom == "" && c.Sources == nil {
			c.AddedFrom = p.AddedFrom
		}
		for _, id := range p.IDs {
			if !slices.ContainsFunc(c.IDs, func(o WorkID) bool { return o.Type == id.Type && o.Value == id.Value }) {
				c.IDs = append(c.IDs, id)
			}
		}
		for _, l := range p.Preprints {
			if !slices.ContainsFunc(c.Preprints, func(o PreprintLink) bool { return o.Link == l.Link }) {
				c.Preprints = append(c.Preprints, l)
			}
		}
	}
	slices.SortStableFunc(c.Members, func(a, b *Person) int { return cmp.Compare(personIndex[a], personIndex[b]) })
	finishCombined(&c)
	return &c
}

// finishCombined sets a combined entry's DOI (the highest version of it),
// other versions, key and link.
func finishCombined(c *Publication) {
	// Versions: the other DOIs of the same object; the entry shows the
	// highest version.
	if c.DOI != "" {
		base, v := doiBase(c.DOI)
		for _, id := range c.IDs {
			if id.Type == "doi" && id.isSelf() {
				if b, dv := doiBase(id.Value); b == base && dv > v {
					c.DOI, v = id.Value, dv
				}
			}
		}
		for _, id := range c.IDs {
			if d := id.Value; id.Type == "doi" && id.isSelf() {
				if b, _ := doiBase(d); b == base && d != c.DOI && !slices.Contains(c.Versions, d) {
					c.Versions = append(c.Versions, d)
				}
			}
		}
		slices.Sort(c.Versions)
	}
	if c.Sources != nil {
		c.AddedFrom = ""
	}
	c.setKey()
	c.URL = bestLink(c)
}

// preprintLink makes the link shown for a folded preprint.
func preprintLink(p *Publication) Link {
	for _, id := range p.IDs {
		if id.isSelf() && (id.Type == "doi" || id.Type == "arxiv") && id.URL != "" {
			return Link{Name: preprintServer(id), Value: id.Value, URL: id.URL}
		}
	}
	return Link{Name: "Preprint", URL: p.URL}
}

// foldPreprints folds each preprint entry into the published work it is a
// version of: linked by a version-of identifier, else with the same
// normalized title, published no earlier than a year before the preprint.
// A work that is not a preprint but names another as its version-of (an
// accepted manuscript in a repository, say) is folded too, as "Other
// version". With preprints false, only the latter happens.
func foldPreprints(pubs []*Publication, explain []string, personIndex map[*Person]int, preprints bool) ([]*Publication, []string) {
	// What the works folded below look for: the identifiers they name
	// as version-of, and the titles of the preprints.
	wantID := map[idKey]bool{}
	wantTitle := map[string]bool{}
	for _, p := range pubs {
		if p.IsPreprint && !preprints {
			continue
		}
		for _, id := range p.IDs {
			if id.Relationship == "version-of" {
				wantID[makeIDKey(id)] = true
			}
		}
		if t := p.titleKey(); p.IsPreprint && t != "" {
			wantTitle[t] = true
		}
	}
	// Index the published works by those self identifiers and titles.
	byID := map[idKey]int{}
	byTitle := map[string][]int{}
	for i, p := range pubs {
		if p.IsPreprint {
			continue
		}
		for _, id := range p.IDs {
			if len(wantID) > 0 && id.isSelf() {
				if k := makeIDKey(id); wantID[k] {
					if _, ok := byID[k]; !ok {
						byID[k] = i
					}
				}
			}
		}
		if t := p.titleKey(); t != "" && wantTitle[t] {
			byTitle[t] = append(byTitle[t], i)
		}
	}
	// Published works may name their preprint with version-of.
	preprintOf := map[idKey]int{}
	for i, p := range pubs {
		if p.IsPreprint {
			continue
		}
		for _, id := range p.IDs {
			if id.Relationship == "version-of" {
				preprintOf[makeIDKey(id)] = i
			}
		}
	}
	folded := make([]bool, len(pubs))
	for i, p := range pubs {
		if p.IsPreprint && !preprints {
			continue
		}
		target, reason := -1, ""
		for _, id := range p.IDs {
			if id.Relationship != "version-of" && !(id.isSelf() && p.IsPreprint) {
				continue
			}
			k := makeIDKey(id)
			if id.Relationship == "version-of" {
				// Also a work that is not a preprint (an accepted
				// manuscript in a repository) folds into the work it
				// names as its version.
				if j, ok := byID[k]; ok && j != i && !folded[j] {
					target, reason = j, "version-of "+id.Type+" "+id.Value
					break
				}
			}
			if id.isSelf() && p.IsPreprint {
				if j, ok := preprintOf[k]; ok && j != i && !folded[j] {
					target, reason = j, "the published work names it as version-of"
					break
				}
			}
		}
		if target < 0 && p.IsPreprint {
			if t := p.titleKey(); t != "" {
				for _, j := range byTitle[t] {
					q := pubs[j]
					if p.Date.Year == 0 || q.Date.Year == 0 || q.Date.Year >= p.Date.Year-1 {
						target, reason = j, "same title"
						break
					}
				}
			}
		}
		if target < 0 {
			continue
		}
		q := pubs[target]
		folded[i] = true
		if q.Date.IsZero() && !p.Date.IsZero() {
			// Better the preprint's date than none.
			q.Date = p.Date
			reason += " (undated: the preprint's date is used)"
		}
		what := "preprint"
		link := preprintLink(p)
		if !p.IsPreprint {
			what, link.Name = "version", "Other version"
		}
		explain = append(explain, fmt.Sprintf("folded %s %s into %s: %s", what, describe(p), describe(q), reason))
		if i := slices.IndexFunc(q.Preprints, func(o PreprintLink) bool { return o.Link == link }); i >= 0 {
			q.Preprints[i].Sources = append(q.Preprints[i].Sources, p.Sources...)
		} else {
			q.Preprints = append(q.Preprints, PreprintLink{Link: link, Sources: p.Sources})
		}
		for _, m := range p.Members {
			if !q.HasMember(m) {
				q.Members = append(q.Members, m)
			}
		}
		slices.SortStableFunc(q.Members, func(a, b *Person) int { return cmp.Compare(personIndex[a], personIndex[b]) })
		if len(q.Authors) == 0 && len(p.Authors) > 0 {
			q.Authors, q.AuthorsFrom = p.Authors, p.AuthorsFrom
		}
	}
	out := pubs[:0:0]
	for i, p := range pubs {
		if !folded[i] {
			out = append(out, p)
		}
	}
	return out, explain
}

// idKey identifies an identifier for folding: two keys are equal exactly
// when the identifiers' type + ":" + lower-case value are.
type idKey struct{ typ, value string }

func makeIDKey(id WorkID) idKey {
	v := strings.ToLower(id.Value)
	if i := strings.IndexByte(id.Type, ':'); i >= 0 {
		// Split where the joined form would be split.
		return idKey{id.Type[:i], id.Type[i+1:] + ":" + v}
	}
	return idKey{id.Type, v}
}
