package generator

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/orcidsite/orcidsite/orcid"
)

// Publication is one entry of the merged publication list: one real-world
// work, possibly claimed by several members.
type Publication struct {
	// Key is stable across builds: "doi:<normalized DOI>" when there is a
	// DOI, else derived from the first member's iD and put-code.
	Key string
	// Anchor is a short, HTML-id-safe form of Key.
	Anchor          string
	Title           string
	Subtitle        string
	TranslatedTitle string
	Type            string // ORCID work type, e.g. "journal-article"
	Date            orcid.FuzzyDate
	Venue           string // journal, proceedings or publisher
	Description     string // plain text
	Language        string
	Authors         []Author
	IDs             []WorkID // identifiers of relationship "self" first
	DOI             string   // normalized, lower case, without prefix
	URL             string   // best link: DOI, else URL, else another identifier
	Citation        *orcid.Citation
	Members         []*Person    // members it belongs to, in site order
	Sources         []WorkSource // the ORCID works merged into this entry
	Preprints       []Link       // folded preprint versions
	Pinned          bool
}

// Author is one author of a publication, linked to a member when matched.
type Author struct {
	Name     string
	ORCID    orcid.ID // empty when ORCID has no iD for the contributor
	Person   *Person  // the member, when the author is one
	Sequence string   // "first", "additional" or ""
	Role     string
}

// WorkID is one identifier of a work with its resolver link.
type WorkID struct {
	Type         string
	Value        string
	URL          string
	Relationship string
}

// WorkSource names one ORCID work behind a publication.
type WorkSource struct {
	ORCID   orcid.ID
	PutCode int64
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

// personWorks turns a snapshot's work groups into publications of one
// person: the preferred version of each group, completed from its full work.
func personWorks(person *Person, snap *Snapshot) []*Publication {
	var out []*Publication
	for _, g := range snap.Record.ActivitiesSummary.Works.Group {
		sum, ok := g.Preferred()
		if !ok {
			continue
		}
		full, ok := snap.WorkByPutCode(sum.PutCode)
		if !ok {
			full = orcid.Work{PutCode: sum.PutCode, Title: sum.Title, JournalTitle: sum.JournalTitle, Type: sum.Type,
				PublicationDate: sum.PublicationDate, ExternalIDs: sum.ExternalIDs, URL: sum.URL}
		}
		pub := publicationFromWork(person.ID, full)
		if len(pub.IDs) == 0 && len(g.ExternalIDs.ExternalID) > 0 {
			pub.IDs = workIDs(g.ExternalIDs.ExternalID)
			pub.DOI = firstDOI(pub.IDs)
		}
		pub.setKey()
		pub.URL = bestLink(pub)
		pub.Members = []*Person{person}
		out = append(out, pub)
	}
	return out
}

// publicationFromWork copies the fields of a full work.
func publicationFromWork(id orcid.ID, w orcid.Work) *Publication {
	p := &Publication{
		Type:        strings.TrimSpace(w.Type),
		Date:        w.PublicationDate,
		Venue:       strings.TrimSpace(string(w.JournalTitle)),
		Description: strings.TrimSpace(w.ShortDescription),
		Language:    w.LanguageCode,
		Citation:    w.Citation,
		Sources:     []WorkSource{{ORCID: id, PutCode: w.PutCode}},
		URL:         safeURL(string(w.URL)),
	}
	if w.Title != nil {
		p.Title = strings.TrimSpace(string(w.Title.Title))
		p.Subtitle = strings.TrimSpace(string(w.Title.Subtitle))
		if w.Title.TranslatedTitle != nil {
			p.TranslatedTitle = strings.TrimSpace(w.Title.TranslatedTitle.Value)
		}
	}
	if p.Type == "" {
		p.Type = "other"
	}
	p.IDs = workIDs(w.ExternalIDs.ExternalID)
	p.DOI = firstDOI(p.IDs)
	if w.Contributors != nil {
		for _, c := range w.Contributors.Contributor {
			a := Author{Name: strings.TrimSpace(string(c.CreditName))}
			if c.ContributorORCID != nil {
				if cid, err := orcid.ParseID(cmp.Or(c.ContributorORCID.Path, c.ContributorORCID.URI)); err == nil {
					a.ORCID = cid
				}
			}
			if c.Attributes != nil {
				a.Sequence, a.Role = c.Attributes.Sequence, c.Attributes.Role
			}
			if a.Name == "" && a.ORCID == "" {
				continue
			}
			p.Authors = append(p.Authors, a)
		}
		// Sequence "first" comes first; otherwise ORCID's order stands.
		slices.SortStableFunc(p.Authors, func(a, b Author) int {
			return cmp.Compare(btoi(a.Sequence != "first"), btoi(b.Sequence != "first"))
		})
	}
	return p
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// workIDs converts external identifiers, "self" ones first.
func workIDs(ext []orcid.ExternalID) []WorkID {
	var ids []WorkID
	for _, e := range ext {
		v := strings.TrimSpace(e.NormalizedValue())
		if v == "" {
			continue
		}
		t := strings.ToLower(strings.TrimSpace(e.Type))
		if t == "doi" {
			v = NormalizeDOI(v)
		}
		id := WorkID{Type: t, Value: v, Relationship: e.Relationship}
		id.URL = identifierURL(t, v)
		if id.URL == "" {
			id.URL = safeURL(string(e.URL))
		}
		ids = append(ids, id)
	}
	slices.SortStableFunc(ids, func(a, b WorkID) int {
		return cmp.Compare(btoi(a.Relationship != "self" && a.Relationship != ""), btoi(b.Relationship != "self" && b.Relationship != ""))
	})
	return ids
}

// firstDOI returns the first DOI of relationship self (or unknown).
func firstDOI(ids []WorkID) string {
	for _, id := range ids {
		if id.Type == "doi" && (id.Relationship == "self" || id.Relationship == "") {
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
	parts := strings.Split(v, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// bestLink picks the link a title points to.
func bestLink(p *Publication) string {
	if p.DOI != "" {
		return identifierURL("doi", p.DOI)
	}
	if p.URL != "" {
		return p.URL
	}
	for _, id := range p.IDs {
		if id.URL != "" && (id.Relationship == "self" || id.Relationship == "") {
			return id.URL
		}
	}
	return ""
}

// setKey fills Key and Anchor.
func (p *Publication) setKey() {
	if p.DOI != "" {
		p.Key = "doi:" + p.DOI
	} else if len(p.Sources) > 0 {
		p.Key = "orcid:" + string(p.Sources[0].ORCID) + ":" + strconv.FormatInt(p.Sources[0].PutCode, 10)
	}
	sum := sha256.Sum256([]byte(p.Key))
	p.Anchor = "pub-" + hex.EncodeToString(sum[:6])
}

// comparePublications orders newest first, then by title; undated last.
func comparePublications(a, b *Publication) int {
	if (a.Date.Year == 0) != (b.Date.Year == 0) {
		if a.Date.Year == 0 {
			return 1
		}
		return -1
	}
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}
