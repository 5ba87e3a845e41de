package cite

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"strings"
)

// AtomNS is the Atom 1.0 namespace.
const AtomNS = "http://www.w3.org/2005/Atom"

// FeedMeta describes an Atom feed.
type FeedMeta struct {
	ID      string // the feed's permanent id, e.g. the site's base URL
	Title   string
	SiteURL string // alternate link: the publications page
	SelfURL string // the feed's own URL
	Author  string // feed-level author (e.g. the site title); Atom requires one
}

// MaxFeedAuthors is the most atom:author elements an entry gets; the
// summary carries the (shortened) author list.
const MaxFeedAuthors = 20

// AtomFeed is an Atom 1.0 feed document.
type AtomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []AtomLink  `xml:"link"`
	Author  *AtomPerson `xml:"author,omitempty"`
	Entries []AtomEntry `xml:"entry"`
}

// AtomLink is an atom:link.
type AtomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// AtomPerson is an atom:author.
type AtomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// AtomEntry is one atom:entry.
type AtomEntry struct {
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Updated   string        `xml:"updated"`
	Published string        `xml:"published,omitempty"`
	Links     []AtomLink    `xml:"link"`
	Authors   []AtomPerson  `xml:"author"`
	Summary   string        `xml:"summary,omitempty"`
	Category  *AtomCategory `xml:"category,omitempty"`
}

// AtomCategory is an atom:category.
type AtomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// EntryID returns the stable Atom id of a work: a name-based (SHA-1,
// version 5) UUID URN of its ID, so it survives rebuilds and a move of
// the site to another address.
func EntryID(w Work) string {
	// RFC 4122 URL namespace 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte("orcidsite:" + w.ID))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u)
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// atomDate writes a partial date as an RFC 3339 timestamp at midnight UTC
// of its first day.
func atomDate(y, m, d int) string {
	m, d = max(m, 1), max(d, 1)
	if m > 12 {
		m = 1
	}
	if d > 31 {
		d = 1
	}
	return fmt.Sprintf("%04d-%02d-%02dT00:00:00Z", y, m, d)
}

// Atom writes an Atom 1.0 feed of the works, in the order given; undated
// works are left out. Nothing depends on the clock: an entry's updated
// and published times are its publication date, and the feed's updated
// time is the newest of them (2000-01-01 for an empty feed), so the same
// list gives the same bytes and a reader never sees an old paper as new.
func Atom(meta FeedMeta, works []Work) ([]byte, error) {
	f := AtomFeed{ID: meta.ID, Title: meta.Title, Updated: "2000-01-01T00:00:00Z"}
	if meta.SiteURL != "" {
		f.Links = append(f.Links, AtomLink{Rel: "alternate", Type: "text/html", Href: meta.SiteURL})
	}
	if meta.SelfURL != "" {
		f.Links = append(f.Links, AtomLink{Rel: "self", Type: "application/atom+xml", Href: meta.SelfURL})
	}
	f.Author = &AtomPerson{Name: cmpOr(meta.Author, meta.Title, "orcidsite")}
	for _, w := range works {
		if w.Year == 0 {
			continue
		}
		date := atomDate(w.Year, w.Month, w.Day)
		e := AtomEntry{ID: EntryID(w), Title: cmpOr(cleanText(w.Title), "Untitled"), Updated: date, Published: date, Summary: cleanText(w.Summary)}
		if link := cmpOr(w.Link, doiLink(w.DOI), w.URL); link != "" {
			e.Links = append(e.Links, AtomLink{Rel: "alternate", Href: link})
		}
		for _, a := range w.Authors {
			if len(e.Authors) == MaxFeedAuthors {
				break
			}
			if s := cleanText(a.String()); s != "" {
				e.Authors = append(e.Authors, AtomPerson{Name: s})
			}
		}
		if w.Type != "" {
			e.Category = &AtomCategory{Term: w.Type}
		}
		if date > f.Updated {
			f.Updated = date
		}
		f.Entries = append(f.Entries, e)
	}
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

func doiLink(doi string) string {
	if doi == "" {
		return ""
	}
	return "https://doi.org/" + strings.TrimPrefix(doi, "https://doi.org/")
}

func cmpOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
