package generator

// This file holds the publication model: one Publication per real-world
// work, built from the preferred version of each ORCID work group, with
// identifier links, type labels and sections. merge.go joins the members'
// lists, authors.go resolves authors, curation.go applies publications.yaml
// and exports.go writes the citation formats.

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orcidsite/orcidsite/orcid"
)

// Publication is one entry of the merged publication list: one real-world
// work, possibly claimed by several members.
type Publication struct {
	// Key is stable across builds: "doi:<normalized DOI>" when there is a
	// DOI, else the smallest iD and put-code behind it ("orcid:…")
	// or, for a work added from a BibTeX file, its citation key ("bib:…").
	Key string
	// Anchor is a short, HTML-id-safe form of Key.
	Anchor          string
	Title           string
	Subtitle        string
	TranslatedTitle string
	Type            string // ORCID work type, e.g. "journal-article"
	TypeLabel       string // readable type, e.g. "Journal article"
	// Section groups types for listing: one of the Section* constants;
	// SectionLabel is its heading, e.g. "Journal articles".
	Section      string
	SectionLabel string
	Date         orcid.FuzzyDate // publication date only; zero when undated
	Venue        string          // journal, proceedings or publisher
	Description  string          // plain text
	Language     string
	// Authors is the full author list in order; an author who is a member
	// has Person set.
	Authors []Author
	// ShortAuthors is Authors shortened for lists (first authors, members,
	// last author): an entry with Omitted > 0 stands for that many authors
	// left out ("…"). It equals Authors when the list is short.
	ShortAuthors []Author
	// AuthorsFrom says where Authors came from: "orcid" (the work's
	// contributors), "bibtex" (the work's BibTeX citation), "members" (no
	// author data: the members who claimed the work), "override" or "add".
	AuthorsFrom string
	IDs         []WorkID // identifiers of relationship "self" first
	DOI         string   // normalized, lower case, without prefix
	URL         string   // best link: DOI, else URL, else another identifier
	Citation    *orcid.Citation
	Members     []*Person    // members it belongs to, in site order
	Sources     []WorkSource // the ORCID works merged into this entry
	// Preprints are the preprint versions (and other versions) folded into
	// this entry, each a link named after its server ("bioRxiv", "arXiv",
	// "Other version") with the ORCID works behind it.
	Preprints []PreprintLink
	// Versions lists the other DOIs of the same object merged into this
	// entry (e.g. figshare's .v1 and .v2).
	Versions []string
	// IsPreprint is true when the entry itself is a preprint.
	IsPreprint bool
	// Pinned marks a featured work (publications.pin); PinOrder is its
	// 1-based place among the featured works.
	Pinned   bool
	PinOrder int
	// AddedFrom is "file:key" for a work added from a BibTeX file.
	AddedFrom string

	tkey *string // titleKey's cache; nil when not computed
}

// Author is one author of a publication, linked to a member when matched.
type Author struct {
	Name     string
	ORCID    orcid.ID // empty when ORCID has no iD for the contributor
	Person   *Person  // the member, when the author is one
	Sequence string   // "first", "additional" or ""
	Role     string
	// Omitted, in ShortAuthors only, marks a gap of that many authors.
	Omitted int
}

// WorkID is one identifier of a work with its resolver link.
type WorkID struct {
	Type         string
	Value        string
	URL          string
	Relationship string
}

// PreprintLink is a version of a publication folded into it and shown as
// a link: Name is the server ("bioRxiv", "arXiv", "Other version"), Value
// its DOI or identifier, URL the link.
type PreprintLink struct {
	Link
	// Sources are the ORCID works of the folded version.
	Sources []WorkSource
}

// WorkSource names one ORCID work behind a publication.
type WorkSource struct {
	ORCID   orcid.ID
	PutCode int64
}

// The publication sections, in display order.
const (
	SectionArticles     = "articles"
	SectionConference   = "conference"
	SectionBooks        = "books"
	SectionPreprints    = "preprints"
	SectionDataSoftware = "data-software"
	SectionOther        = "other"
)

// sectionOrder lists the sections with their headings, in display order.
var sectionOrder = []struct{ Name, Label string }{
	{SectionArticles, "Journal articles"},
	{SectionConference, "Conference papers"},
	{SectionBooks, "Books and chapters"},
	{SectionPreprints, "Preprints"},
	{SectionDataSoftware, "Data and software"},
	{SectionOther, "Other"},
}

// workTypes maps every ORCID work type to its label and section.
var workTypes = map[string]struct{ Label, Section string }{
	"journal-article":                {"Journal article", SectionArticles},
	"magazine-article":               {"Magazine article", SectionArticles},
	"newspaper-article":              {"Newspaper article", SectionArticles},
	"newsletter-article":             {"Newsletter article", SectionArticles},
	"journal-issue":                  {"Journal issue", SectionArticles},
	"review":                         {"Review", SectionArticles},
	"book-review":                    {"Book review", SectionArticles},
	"conference-paper":               {"Conference paper", SectionConference},
	"conference-abstract":            {"Conference abstract", SectionConference},
	"conference-poster":              {"Conference poster", SectionConference},
	"conference-presentation":        {"Conference presentation", SectionConference},
	"conference-proceedings":         {"Conference proceedings", SectionConference},
	"conference-output":              {"Conference output", SectionConference},
	"book":                           {"Book", SectionBooks},
	"edited-book":                    {"Edited book", SectionBooks},
	"book-chapter":                   {"Book chapter", SectionBooks},
	"encyclopedia-entry":             {"Encyclopedia entry", SectionBooks},
	"dictionary-entry":               {"Dictionary entry", SectionBooks},
	"preprint":                       {"Preprint", SectionPreprints},
	"working-paper":                  {"Working paper", SectionPreprints},
	"data-set":                       {"Data set", SectionDataSoftware},
	"software":                       {"Software", SectionDataSoftware},
	"research-tool":                  {"Research tool", SectionDataSoftware},
	"data-management-plan":           {"Data management plan", SectionDataSoftware},
	"annotation":                     {"Annotation", SectionOther},
	"artistic-performance":           {"Artistic performance", SectionOther},
	"blog-post":                      {"Blog post", SectionOther},
	"cartographic-material":          {"Cartographic material", SectionOther},
	"clinical-study":                 {"Clinical study", SectionOther},
	"design":                         {"Design", SectionOther},
	"disclosure":                     {"Disclosure", SectionOther},
	"dissertation-thesis":            {"Thesis", SectionOther},
	"image":                          {"Image", SectionOther},
	"invention":                      {"Invention", SectionOther},
	"learning-object":                {"Learning object", SectionOther},
	"lecture-speech":                 {"Lecture", SectionOther},
	"license":                        {"License", SectionOther},
	"manual":                         {"Manual", SectionOther},
	"moving-image":                   {"Video", SectionOther},
	"musical-composition":            {"Musical composition", SectionOther},
	"online-resource":                {"Online resource", SectionOther},
	"other":                          {"Other", SectionOther},
	"patent":                         {"Patent", SectionOther},
	"physical-object":                {"Physical object", SectionOther},
	"public-speech":                  {"Public speech", SectionOther},
	"registered-copyright":           {"Registered copyright", SectionOther},
	"report":                         {"Report", SectionOther},
	"research-technique":             {"Research technique", SectionOther},
	"sound":                          {"Sound", SectionOther},
	"spin-off-company":               {"Spin-off company", SectionOther},
	"standards-and-policy":           {"Standards and policy", SectionOther},
	"supervised-student-publication": {"Supervised student publication", SectionOther},
	"technical-standard":             {"Technical standard", SectionOther},
	"test":                           {"Test", SectionOther},
	"trademark":                      {"Trademark", SectionOther},
	"transcription":                  {"Transcription", SectionOther},
	"translation":                    {"Translation", SectionOther},
	"website":                        {"Website", SectionOther},
}

// WorkTypeLabel returns the readable label of an ORCID work type; an
// unknown type is shown with its hyphens as spaces, capitalised.
func WorkTypeLabel(t string) string {
	if wt, ok := workTypes[t]; ok {
		return wt.Label
	}
	t = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(t, "-", " "), "_", " "))
	if t == "" {
		return "Other"
	}
	r := []rune(strings.ToLower(t))
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// WorkTypeSection returns the section of an ORCID work type; unknown types
// are SectionOther.
func WorkTypeSection(t string) string {
	if wt, ok := workTypes[t]; ok {
		return wt.Section
	}
	return SectionOther
}

// sectionLabel returns a section's heading.
func sectionLabel(s string) string {
	for _, o := range sectionOrder {
		if o.Name == s {
			return o.Label
		}
	}
	return "Other"
}

// setType sets Type with its label and section.
func (p *Publication) setType(t string) {
	t = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(t, "_", "-")))
	if t == "" {
		t = "other"
	}
	p.Type, p.TypeLabel, p.Section = t, WorkTypeLabel(t), WorkTypeSection(t)
	if p.IsPreprint && p.Section != SectionPreprints {
		p.Section = SectionPreprints
	}
	p.SectionLabel = sectionLabel(p.Section)
}

// PublicationSection is one section of a publication list.
type PublicationSection struct {
	Name         string // a Section* constant
	Label        string // its heading
	Publications []*Publication
}

// PublicationSections splits a list into its non-empty sections, in
// display order, keeping the list's order inside each.
func PublicationSections(pubs []*Publication) []PublicationSection {
	var out []PublicationSection
	for _, s := range sectionOrder {
		sec := PublicationSection{Name: s.Name, Label: s.Label}
		for _, p := range pubs {
			if p.Section == s.Name || s.Name == SectionOther && !knownSection(p.Section) {
				sec.Publications = append(sec.Publications, p)
			}
		}
		if len(sec.Publications) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

func knownSection(s string) bool {
	return slices.ContainsFunc(sectionOrder, func(o struct{ Name, Label string }) bool { return o.Name == s })
}

// FeaturedPublications returns the pinned publications in pin order.
func FeaturedPublications(pubs []*Publication) []*Publication {
	var out []*Publication
	for _, p := range pubs {
		if p.Pinned {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b *Publication) int { return cmp.Compare(a.PinOrder, b.PinOrder) })
	return out
}

// Year returns the publication year, 0 when undated.
func (p *Publication) Year() int { return p.Date.Year }

// FullTitle returns the title with its subtitle.
func (p *Publication) FullTitle() string {
	if p.Subtitle == "" {
		return p.Title
	}
	return p.Title + ": " + p.Subtitle
}

// HasMember reports whether the person is one of the publication's members.
func (p *Publication) HasMember(person *Person) bool { return slices.Contains(p.Members, person) }

// AuthorsShortened reports whether ShortAuthors leaves authors out.
func (p *Publication) AuthorsShortened() bool { return len(p.ShortAuthors) != len(p.Authors) }

// personWorks turns a snapshot's work groups into publications of one
// person: the preferred version of each group (ORCID lists it first; it
// has the highest display-index), completed from its full work.
func personWorks(person *Person, snap *Snapshot) []*Publication {
	out := make([]*Publication, 0, len(snap.Record.ActivitiesSummary.Works.Group))
	works := snap.Works
	for gi := range snap.Record.ActivitiesSummary.Works.Group {
		// As g.Preferred() and snap.WorkByPutCode, without copying the
		// summaries and works.
		g := &snap.Record.ActivitiesSummary.Works.Group[gi]
		if len(g.WorkSummary) == 0 {
			continue
		}
		sum := &g.WorkSummary[0]
		for i := range g.WorkSummary {
			if g.WorkSummary[i].DisplayIndex > sum.DisplayIndex {
				sum = &g.WorkSummary[i]
			}
		}
		var full *orcid.Work
		if i := sort.Search(len(works), func(i int) bool { return works[i].PutCode >= sum.PutCode }); i < len(works) && works[i].PutCode == sum.PutCode {
			full = &works[i]
		} else {
			full = &orcid.Work{PutCode: sum.PutCode, Title: sum.Title, JournalTitle: sum.JournalTitle, Type: sum.Type,
				PublicationDate: sum.PublicationDate, ExternalIDs: sum.ExternalIDs, URL: sum.URL}
		}
		if full.PublicationDate.IsZero() {
			// The summary and the full work are the same version; take
			// whichever carries the publication date (on a copy: the
			// snapshot stays as it is).
			w := *full
			w.PublicationDate = sum.PublicationDate
			full = &w
		}
		pub := newPublication(person.ID, full)
		if len(pub.IDs) == 0 && len(g.ExternalIDs.ExternalID) > 0 {
			pub.IDs = workIDs(g.ExternalIDs.ExternalID)
			pub.DOI = firstDOI(pub.IDs)
		}
		pub.IsPreprint = isPreprint(pub)
		if isASCII(pub.Type) {
			// pub.setType(pub.Type), knowing that Type is normalized and
			// Section is its type's.
			if pub.IsPreprint && pub.Section != SectionPreprints {
				pub.Section, pub.SectionLabel = SectionPreprints, sectionLabel(SectionPreprints)
			}
		} else {
			pub.setType(pub.Type)
		}
		pub.setKey()
		pub.URL = bestLink(pub)
		pub.Members = []*Person{person}
		pub.titleKey() // here, in parallel, rather than in the merge
		out = append(out, pub)
	}
	return out
}

// publicationFromWork copies the fields of a full work.
func publicationFromWork(id orcid.ID, w orcid.Work) *Publication {
	return newPublication(id, &w)
}

// newPublication is publicationFromWork of a work it only reads.
func newPublication(id orcid.ID, w *orcid.Work) *Publication {
	p := &Publication{
		Date:        validDate(w.PublicationDate),
		Venue:       cleanSpace(string(w.JournalTitle)),
		Description: strings.TrimSpace(w.ShortDescription),
		Language:    w.LanguageCode,
		Citation:    w.Citation,
		Sources:     []WorkSource{{ORCID: id, PutCode: w.PutCode}},
		URL:         safeURL(string(w.URL)),
	}
	if w.Title != nil {
		p.Title = cleanSpace(string(w.Title.Title))
		p.Subtitle = cleanSpace(string(w.Title.Subtitle))
		if w.Title.TranslatedTitle != nil {
			p.TranslatedTitle = cleanSpace(w.Title.TranslatedTitle.Value)
		}
	}
	p.setType(w.Type)
	p.IDs = workIDs(w.ExternalIDs.ExternalID)
	p.DOI = firstDOI(p.IDs)
	if w.Contributors != nil {
		p.Authors = make([]Author, 0, len(w.Contributors.Contributor))
		for _, c := range w.Contributors.Contributor {
			a := Author{Name: cleanSpace(string(c.CreditName))}
			if c.ContributorORCID != nil {
				if cid, err := parseContributorID(cmp.Or(c.ContributorORCID.Path, c.ContributorORCID.URI)); err == nil {
					a.ORCID = cid
				}
			}
			if c.Attributes != nil {
				a.Sequence, a.Role = c.Attributes.Sequence, c.Attributes.Role
			}
			if a.Name == "" && a.ORCID == "" || placeholderName(a.Name) {
				continue
			}
			a.Role = roleName(a.Role)
			// With CRediT roles, ORCID repeats a contributor once per role:
			// one author, every role.
			if i := slices.IndexFunc(p.Authors, func(b Author) bool { return sameContributor(a, b) }); i >= 0 {
				if b := &p.Authors[i]; a.Role != "" && !slices.Contains(strings.Split(b.Role, ", "), a.Role) {
					b.Role = strings.TrimPrefix(b.Role+", "+a.Role, ", ")
				}
				if a.Sequence == "first" {
					p.Authors[i].Sequence = "first"
				}
				continue
			}
			p.Authors = append(p.Authors, a)
		}
		// Sequence "first" comes first; otherwise ORCID's order stands.
		slices.SortStableFunc(p.Authors, func(a, b Author) int {
			return cmp.Compare(btoi(a.Sequence != "first"), btoi(b.Sequence != "first"))
		})
		if len(p.Authors) > 0 {
			p.AuthorsFrom = "orcid"
		} else {
			p.Authors = nil
		}
	}
	return p
}

// parseContributorID is orcid.ParseID, quicker for an iD already in its
// bare form ("0000-0002-1825-0097"), as ORCID writes contributor paths.
func parseContributorID(s string) (orcid.ID, error) {
	if len(s) == 19 && s[4] == '-' && s[9] == '-' && s[14] == '-' {
		ok := true
		for i := 0; i < 18 && ok; i++ {
			ok = i == 4 || i == 9 || i == 14 || s[i] >= '0' && s[i] <= '9'
		}
		// CheckDigit skips the hyphens.
		if ok && (s[18] >= '0' && s[18] <= '9' || s[18] == 'X') && orcid.CheckDigit(s[:18]) == s[18] {
			return orcid.ID(s), nil
		}
	}
	return orcid.ParseID(s)
}

// sameContributor reports whether two contributor entries are one person
// listed twice: the same iD, or the same name with different roles (a
// name repeated with the same role may be two people).
func sameContributor(a, b Author) bool {
	if a.ORCID != "" || b.ORCID != "" {
		return a.ORCID == b.ORCID
	}
	// The cheap role tests first: most pairs differ there.
	return a.Role != b.Role && a.Role != "" && b.Role != "" && normalizeName(a.Name) == normalizeName(b.Name)
}

// roleName shortens a contributor role: a CRediT URI becomes its last
// part ("http://credit.niso.org/contributor-roles/data-curation/" →
// "data-curation"); a legacy word stays.
func roleName(r string) string {
	r = strings.TrimSpace(r)
	if strings.Contains(r, "://") {
		parts := strings.Split(strings.Trim(r, "/"), "/")
		return strings.ToLower(parts[len(parts)-1])
	}
	return strings.ToLower(r)
}

// validDate keeps a partial date as it is, dropping a month or day out of
// range (ORCID does not validate dates) rather than the whole date.
func validDate(d orcid.FuzzyDate) orcid.FuzzyDate {
	if d.Year <= 0 {
		return orcid.FuzzyDate{}
	}
	if d.Month < 1 || d.Month > 12 {
		return orcid.FuzzyDate{Year: d.Year}
	}
	if d.Day < 1 || d.Day > 31 {
		d.Day = 0
	}
	return d
}

// cleanSpace collapses white space and control characters to single spaces.
func cleanSpace(s string) string {
	// Text without white space or control characters but single inner
	// spaces is already clean.
	clean := len(s) == 0 || s[0] != ' ' && s[len(s)-1] != ' '
	space := false // the previous character was a space
	for i := 0; clean && i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			clean = c >= 0x20 && c < 0x7f && !(c == ' ' && space)
			space = c == ' '
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		clean = !unicode.IsSpace(r) && !unicode.IsControl(r)
		space = false
		i += n
	}
	if clean {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// workIDs converts external identifiers, "self" ones first.
func workIDs(ext []orcid.ExternalID) []WorkID {
	if len(ext) == 0 {
		return nil
	}
	ids := make([]WorkID, 0, len(ext))
	for _, e := range ext {
		v := strings.TrimSpace(e.NormalizedValue())
		if v == "" {
			continue
		}
		t := strings.ToLower(strings.TrimSpace(e.Type))
		if t == "doi" && !normalizedDOI(v) {
			v = NormalizeDOI(v)
		}
		id := WorkID{Type: t, Value: v, Relationship: strings.ToLower(strings.TrimSpace(e.Relationship))}
		id.URL = identifierURL(t, v)
		if id.URL == "" {
			id.URL = safeURL(string(e.URL))
		}
		if slices.ContainsFunc(ids, func(o WorkID) bool {
			return o.Type == id.Type && o.Value == id.Value && o.Relationship == id.Relationship
		}) {
			continue
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	slices.SortStableFunc(ids, func(a, b WorkID) int { return cmp.Compare(btoi(!a.isSelf()), btoi(!b.isSelf())) })
	return ids
}

// normalizedDOI reports whether NormalizeDOI(v) is v: "10." followed by
// printable ASCII without capitals or spaces.
func normalizedDOI(v string) bool {
	if !strings.HasPrefix(v, "10.") {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// isSelf reports whether the identifier names the work itself (ORCID's
// relationship "self", or no relationship given).
func (id WorkID) isSelf() bool { return id.Relationship == "self" || id.Relationship == "" }

// idLabels names the identifiers shown beside a publication's DOI.
var idLabels = map[string]string{"pmid": "PMID", "pmc": "PMCID", "arxiv": "arXiv", "handle": "Handle", "isbn": "ISBN"}

// Label writes the identifier as readers cite it: "PMID 31452104",
// "arXiv 2101.00001", "ISBN 978-3-16-148410-0".
func (id WorkID) Label() string {
	if l, ok := idLabels[id.Type]; ok {
		return l + " " + id.Value
	}
	return strings.ToUpper(id.Type) + " " + id.Value
}

// OtherIDs returns the work's own identifiers besides the DOI that have a
// resolver link (PMID, PMCID, arXiv, handle, ISBN), each type once, for
// showing as links.
func (p *Publication) OtherIDs() []WorkID {
	var out []WorkID
	for _, id := range p.IDs {
		if _, ok := idLabels[id.Type]; !ok || !id.isSelf() || id.URL == "" {
			continue
		}
		if !slices.ContainsFunc(out, func(o WorkID) bool { return o.Type == id.Type }) {
			out = append(out, id)
		}
	}
	return out
}

// firstDOI returns the first DOI of relationship self (or unknown).
func firstDOI(ids []WorkID) string {
	for _, id := range ids {
		if id.Type == "doi" && id.isSelf() {
			return id.Value
		}
	}
	return ""
}

// identifierURL returns the resolver link for well-known identifier types.
func identifierURL(typ, v string) string {
	e := url.PathEscape
	switch typ {
	case "doi":
		return "https://doi.org/" + doiPath(v)
	case "pmid":
		return "https://pubmed.ncbi.nlm.nih.gov/" + e(v) + "/"
	case "pmc":
		return "https://www.ncbi.nlm.nih.gov/pmc/articles/" + e(strings.ToUpper(v)) + "/"
	case "arxiv":
		return "https://arxiv.org/abs/" + doiPath(strings.TrimPrefix(strings.ToLower(v), "arxiv:"))
	case "handle":
		return "https://hdl.handle.net/" + doiPath(v)
	case "isbn":
		return "https://search.worldcat.org/isbn/" + e(strings.ReplaceAll(v, "-", ""))
	case "uri", "url":
		return safeURL(v)
	}
	return ""
}

// doiPath escapes a DOI for use in a URL path, keeping its slashes.
func doiPath(v string) string {
	plain := true
	for i := 0; plain && i < len(v); i++ {
		c := v[i]
		plain = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '.' || c == '-' || c == '_' || c == '~' || c == '/'
	}
	if plain {
		// Nothing to escape.
		return v
	}
	parts := strings.Split(v, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// linkRank orders identifier types for a work's best link when it has no
// DOI and no URL.
var linkRank = []string{"handle", "pmc", "pmid", "arxiv", "uri", "url", "isbn"}

// bestLink picks the link a title points to: the DOI, else the work's URL,
// else a handle, PMC, PubMed, arXiv, URI or ISBN link, else any other
// identifier's link.
func bestLink(p *Publication) string {
	if p.DOI != "" {
		// Usually the DOI's identifier has this link already.
		const prefix = "https://doi.org/"
		path := doiPath(p.DOI)
		for _, id := range p.IDs {
			if id.Type == "doi" && id.Value == p.DOI && len(id.URL) == len(prefix)+len(path) && id.URL[len(prefix):] == path && id.URL[:len(prefix)] == prefix {
				return id.URL
			}
		}
		return prefix + path
	}
	if p.URL != "" {
		return p.URL
	}
	best, rank := "", len(linkRank)+1
	for _, id := range p.IDs {
		if id.URL == "" || !id.isSelf() {
			continue
		}
		r := slices.Index(linkRank, id.Type)
		if r < 0 {
			r = len(linkRank)
		}
		if r < rank {
			best, rank = id.URL, r
		}
	}
	return best
}

// setKey fills Key and Anchor.
func (p *Publication) setKey() {
	var buf [64]byte
	key := buf[:0]
	switch {
	case p.DOI != "":
		key = append(append(key, "doi:"...), p.DOI...)
	case len(p.Sources) > 0:
		// The smallest source, so the key does not depend on the order of
		// people in site.yaml.
		s := slices.MinFunc(p.Sources, func(a, b WorkSource) int {
			return cmp.Or(strings.Compare(string(a.ORCID), string(b.ORCID)), cmp.Compare(a.PutCode, b.PutCode))
		})
		key = strconv.AppendInt(append(append(append(key, "orcid:"...), s.ORCID...), ':'), s.PutCode, 10)
	case p.AddedFrom != "":
		key = append(append(key, "bib:"...), p.AddedFrom...)
	default:
		key = append(key, p.Key...) // as it is
	}
	if p.Anchor != "" && string(key) == p.Key {
		return // unchanged; the anchor follows from the key
	}
	p.Key = string(key)
	sum := sha256.Sum256(key)
	var anchor [len("pub-") + 12]byte
	copy(anchor[:], "pub-")
	hex.Encode(anchor[len("pub-"):], sum[:6])
	p.Anchor = string(anchor[:])
}

// preprintPrefixes are DOI prefixes of preprint servers. bioRxiv and
// medRxiv share 10.1101 with Cold Spring Harbor's journals, whose DOIs
// start with letters (10.1101/gr.…): only digits after the slash count.
var preprintPrefixes = []string{
	"10.48550/",      // arXiv
	"10.21203/",      // Research Square
	"10.31219/",      // OSF Preprints
	"10.31234/",      // PsyArXiv
	"10.31235/",      // SocArXiv
	"10.31222/",      // MetaArXiv
	"10.2139/",       // SSRN
	"10.20944/",      // Preprints.org
	"10.26434/",      // ChemRxiv
	"10.22541/",      // Authorea
	"10.32942/",      // EcoEvoRxiv
	"10.1002/essoar", // ESS Open Archive
}

// isBiorxivDOI reports whether a DOI is bioRxiv's or medRxiv's: 10.1101/
// followed by a digit.
func isBiorxivDOI(doi string) bool {
	return len(doi) > len("10.1101/") && strings.HasPrefix(doi, "10.1101/") && doi[8] >= '0' && doi[8] <= '9'
}

// IsPreprintDOI reports whether a normalized DOI belongs to a preprint
// server (bioRxiv/medRxiv, arXiv, Research Square, OSF, SSRN, …).
func IsPreprintDOI(doi string) bool {
	if isBiorxivDOI(doi) {
		return true
	}
	for _, p := range preprintPrefixes {
		if strings.HasPrefix(doi, p) {
			return true
		}
	}
	return false
}

// preprintServer names the server of a preprint DOI or identifier type.
func preprintServer(id WorkID) string {
	v := id.Value
	switch {
	case id.Type == "arxiv" || strings.HasPrefix(v, "10.48550/"):
		return "arXiv"
	case isBiorxivDOI(v):
		return "bioRxiv"
	case strings.HasPrefix(v, "10.21203/"):
		return "Research Square"
	case strings.HasPrefix(v, "10.31219/"):
		return "OSF Preprints"
	case strings.HasPrefix(v, "10.31234/"):
		return "PsyArXiv"
	case strings.HasPrefix(v, "10.31235/"):
		return "SocArXiv"
	case strings.HasPrefix(v, "10.2139/"):
		return "SSRN"
	case strings.HasPrefix(v, "10.20944/"):
		return "Preprints.org"
	case strings.HasPrefix(v, "10.26434/"):
		return "ChemRxiv"
	}
	return "Preprint"
}

// isPreprint reports whether a work is a preprint: its type says so, its
// DOI is a preprint server's, or it has only an arXiv identifier.
func isPreprint(p *Publication) bool {
	if p.Type == "preprint" {
		return true
	}
	if p.DOI != "" {
		return IsPreprintDOI(p.DOI)
	}
	if p.Section == SectionOther || p.Type == "other" {
		for _, id := range p.IDs {
			if id.isSelf() && id.Type == "arxiv" {
				return true
			}
		}
	}
	return false
}

var htmlTag = regexp.MustCompile(`<[^>]{0,200}>`)

// normalizeTitle reduces a title for comparison: HTML tags removed,
// accents stripped, lower case, punctuation and runs of space turned into
// single spaces ("The Café: A <i>Study</i>!" → "the cafe a study").
func normalizeTitle(s string) string {
	if strings.Contains(s, "<") {
		s = htmlTag.ReplaceAllString(s, " ")
	}
	return foldWords(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// sortPublications orders a list newest first (partial dates as they
// are), undated works last, then by lower-case title and key. A list
// already in strict order is left as it is.
func sortPublications(pubs []*Publication) {
	sorted := true
	for i := 1; sorted && i < len(pubs); i++ {
		sorted = comparePublications(pubs[i-1], pubs[i]) < 0
	}
	if !sorted {
		sortFuncParallel(pubs, comparePublications)
	}
}

// comparePublications is the order of sortPublications.
func comparePublications(x, y *Publication) int {
	if (x.Date.Year == 0) != (y.Date.Year == 0) {
		if x.Date.Year == 0 {
			return 1
		}
		return -1
	}
	// y.Date.Compare(x.Date), inline.
	if c := cmp.Compare(y.Date.Year, x.Date.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(y.Date.Month, x.Date.Month); c != 0 {
		return c
	}
	if c := cmp.Compare(y.Date.Day, x.Date.Day); c != 0 {
		return c
	}
	if c := compareLower(x.Title, y.Title); c != 0 {
		return c
	}
	return strings.Compare(x.Key, y.Key)
}

// compareLower is strings.Compare(strings.ToLower(a), strings.ToLower(b))
// without making the lower-case strings when they are ASCII.
func compareLower(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := a[i], b[i]
		if x|y >= utf8.RuneSelf {
			return strings.Compare(strings.ToLower(a), strings.ToLower(b))
		}
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	// One is a prefix of the other, as ASCII is of its lower case; the
	// rest of the longer one, whatever it is, lowers to something.
	return cmp.Compare(len(a), len(b))
}

// genericTitles are titles too common to identify a work.
var genericTitles = map[string]bool{
	"editorial": true, "introduction": true, "preface": true, "foreword": true, "reply": true,
	"response": true, "erratum": true, "correction": true, "corrigendum": true, "commentary": true,
	"book review": true, "letter to the editor": true, "index": true, "conclusion": true,
	"conclusions": true, "abstract": true, "abstracts": true, "untitled": true, "discussion": true,
	"editorial board": true, "table of contents": true, "front matter": true, "back matter": true,
	"author reply": true, "authors reply": true, "in memoriam": true, "obituary": true,
}

// titleKey returns titleMatchKey(p), computed once.
func (p *Publication) titleKey() string {
	if p.tkey == nil {
		k := titleMatchKey(p)
		p.tkey = &k
	}
	return *p.tkey
}

// titleMatchKey is the normalized title used to match works without a
// shared identifier; "" when the title is too short or too generic.
func titleMatchKey(p *Publication) string {
	if len(p.Title)+len(p.Subtitle) <= 256 && !strings.Contains(p.Title, "<") && !strings.Contains(p.Subtitle, "<") {
		// Folded on the stack: the title's words, then the subtitle's
		// (": " only separates them).
		var buf [256]byte
		b, ok := appendFold(buf[:0], p.Title, false)
		n := len(b)
		if ok {
			b, ok = appendFold(b, p.Subtitle, false)
		}
		if ok {
			if len(b) < 12 || genericTitles[string(b)] || p.Subtitle != "" && genericTitles[string(b[:n])] {
				return ""
			}
			return string(b)
		}
	}
	t := normalizeTitle(p.FullTitle())
	if len(t) < 12 || genericTitles[t] {
		return ""
	}
	if p.Subtitle != "" && genericTitles[normalizeTitle(p.Title)] {
		// Without a subtitle the full title is the title.
		return ""
	}
	return t
}
