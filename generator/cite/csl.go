package cite

import (
	"io"
	"slices"
	"strconv"
	"unicode/utf8"
)

// CSLItem is one item of CSL-JSON (Citation Style Language 1.0.2), the
// format read by Zotero, Pandoc and citeproc processors.
type CSLItem struct {
	ID             string   `json:"id"`
	Type           string   `json:"type"`
	Title          string   `json:"title,omitempty"`
	Author         []Name   `json:"author,omitempty"`
	Issued         *CSLDate `json:"issued,omitempty"`
	ContainerTitle string   `json:"container-title,omitempty"`
	Publisher      string   `json:"publisher,omitempty"`
	Volume         string   `json:"volume,omitempty"`
	Issue          string   `json:"issue,omitempty"`
	Page           string   `json:"page,omitempty"`
	DOI            string   `json:"DOI,omitempty"`
	URL            string   `json:"URL,omitempty"`
	PMID           string   `json:"PMID,omitempty"`
	PMCID          string   `json:"PMCID,omitempty"`
	ISBN           string   `json:"ISBN,omitempty"`
	Number         string   `json:"number,omitempty"` // arXiv identifier of a preprint
	Abstract       string   `json:"abstract,omitempty"`
	Note           string   `json:"note,omitempty"`
}

// CSLDate is a CSL date: date-parts holds one [year, month, day] prefix.
type CSLDate struct {
	DateParts [][]int `json:"date-parts"`
}

// cslType maps ORCID work types to CSL item types; others are "document".
var cslType = map[string]string{
	"journal-article": "article-journal", "magazine-article": "article-magazine",
	"newspaper-article": "article-newspaper", "newsletter-article": "article-magazine",
	"conference-paper": "paper-conference", "conference-abstract": "paper-conference",
	"conference-poster": "paper-conference", "conference-output": "paper-conference",
	"conference-presentation": "speech", "lecture-speech": "speech", "public-speech": "speech",
	"conference-proceedings": "book", "book": "book", "edited-book": "book",
	"book-chapter": "chapter", "encyclopedia-entry": "entry-encyclopedia",
	"dictionary-entry": "entry-dictionary", "data-set": "dataset", "software": "software",
	"dissertation-thesis": "thesis", "report": "report", "working-paper": "report",
	"preprint": "article", "patent": "patent", "website": "webpage", "online-resource": "webpage",
	"blog-post": "post-weblog", "review": "review", "book-review": "review-book",
	"standards-and-policy": "standard", "technical-standard": "standard", "manual": "book",
	"translation": "document", "image": "graphic", "moving-image": "motion_picture",
	"sound": "song", "musical-composition": "musical_score", "cartographic-material": "map",
	"clinical-study": "article", "supervised-student-publication": "article",
}

// CSLType returns the CSL item type for an ORCID work type.
func CSLType(orcidType string) string {
	if t, ok := cslType[orcidType]; ok {
		return t
	}
	return "document"
}

// CSLItemFromWork converts a work (Key must be set) to a CSL-JSON item.
func CSLItemFromWork(w Work) CSLItem {
	it := CSLItem{
		ID: w.Key, Type: CSLType(w.Type), Title: cleanText(w.Title), ContainerTitle: cleanText(w.Venue),
		Publisher: w.Publisher, Volume: w.Volume, Issue: w.Issue, Page: w.Pages,
		DOI: w.DOI, URL: w.URL, PMID: w.PMID, PMCID: w.PMCID, ISBN: w.ISBN, Number: w.ArXiv,
		Abstract: w.Abstract, Note: w.Note,
	}
	for _, a := range w.Authors {
		if a.Literal == "" && a.Family == "" && a.Given == "" {
			continue
		}
		it.Author = append(it.Author, a)
	}
	if w.Year > 0 {
		parts := []int{w.Year}
		if w.Month >= 1 && w.Month <= 12 {
			parts = append(parts, w.Month)
			if w.Day >= 1 && w.Day <= 31 {
				parts = append(parts, w.Day)
			}
		}
		it.Issued = &CSLDate{DateParts: [][]int{parts}}
	}
	return it
}

// CSLJSON writes the works as a CSL-JSON array with one item per line:
// "[", then each item as encoding/json's Marshal writes a CSLItem (compact,
// HTML escaping on), separated by ",\n", then "]" on its own line (an
// empty list is "[]"). Works without a Key get one from AssignKeys (on a
// copy).
func CSLJSON(works []Work) ([]byte, error) {
	works = withKeys(works)
	b := make([]byte, 0, cslSizeHint(works))
	for i := range works {
		b = AppendCSLItem(b, i, &works[i])
	}
	return AppendCSLEnd(b, len(works)), nil
}

// cslChunk is the size of the pieces a CSLWriter writes.
const cslChunk = 64 << 10

// WriteCSLJSON writes CSLJSON(works) to w in pieces of about 64 KiB, so
// that a long list is never held in memory whole.
func WriteCSLJSON(w io.Writer, works []Work) error {
	works = withKeys(works)
	cw := NewCSLWriter(w)
	for i := range works {
		if err := cw.Add(&works[i]); err != nil {
			return err
		}
	}
	return cw.Close()
}

// CSLWriter writes a CSL-JSON array one work at a time, in pieces of
// about 64 KiB: the bytes CSLJSON writes for the same works.
type CSLWriter struct {
	w   io.Writer
	buf []byte
	n   int // works added
	err error
}

// NewCSLWriter returns a writer of a CSL-JSON array into w.
func NewCSLWriter(w io.Writer) *CSLWriter {
	return &CSLWriter{w: w, buf: make([]byte, 0, cslChunk+cslChunk/4)}
}

// Add writes the item of a work, whose Key must be set.
func (c *CSLWriter) Add(w *Work) error {
	if c.err != nil {
		return c.err
	}
	c.buf = AppendCSLItem(c.buf, c.n, w)
	c.n++
	if len(c.buf) >= cslChunk {
		_, c.err = c.w.Write(c.buf)
		c.buf = c.buf[:0]
	}
	return c.err
}

// Close ends the array and writes what is left.
func (c *CSLWriter) Close() error {
	if c.err != nil {
		return c.err
	}
	_, c.err = c.w.Write(AppendCSLEnd(c.buf, c.n))
	c.buf = c.buf[:0]
	return c.err
}

// AppendCSLItem appends item i of a CSL-JSON array, the item of work w
// (whose Key must be set) with what comes before it: CSLJSON's bytes are
// AppendCSLItem for each work in turn, then AppendCSLEnd. The items of
// one array can so be written apart, in any order, and joined.
func AppendCSLItem(b []byte, i int, w *Work) []byte {
	return appendCSLWork(appendCSLSep(b, i), w)
}

// AppendCSLEnd appends the end of a CSL-JSON array of n items.
func AppendCSLEnd(b []byte, n int) []byte { return appendCSLClose(b, n) }

// withKeys returns works if every one has a Key, else a copy with keys
// assigned by AssignKeys.
func withKeys(works []Work) []Work {
	for i := range works {
		if works[i].Key == "" {
			ws := append([]Work(nil), works...)
			AssignKeys(ws)
			return ws
		}
	}
	return works
}

// appendCSLSep writes what comes before item i of the array: "[" or ","
// and a line break.
func appendCSLSep(b []byte, i int) []byte {
	if i > 0 {
		return append(b, ",\n"...)
	}
	return append(b, "[\n"...)
}

// appendCSLClose ends an array of n items: "[]" when it is empty.
func appendCSLClose(b []byte, n int) []byte {
	if n == 0 {
		return append(b, "[]\n"...)
	}
	return append(b, "\n]\n"...)
}

// cslSizeHint estimates the size of the CSL-JSON of works, so that the
// output is not copied as it grows: the text of every field plus the
// keys and quotes around it.
func cslSizeHint(works []Work) int {
	n := 8
	for i := range works {
		w := &works[i]
		n += 110 + len(w.Key) + len(w.Type) + len(w.Title) + len(w.Venue) + len(w.Publisher) +
			len(w.Volume) + len(w.Issue) + len(w.Pages) + len(w.DOI) + len(w.URL) + len(w.PMID) +
			len(w.PMCID) + len(w.ISBN) + len(w.ArXiv) + len(w.Abstract) + len(w.Note)
		for _, a := range w.Authors {
			n += 34 + len(a.Given) + len(a.Family) + len(a.Literal)
		}
	}
	return n
}

// appendCSLWork appends the item of w:
// appendCSLItem of CSLItemFromWork(w), with the item, its date and (most
// often) its author list on the stack.
func appendCSLWork(b []byte, w *Work) []byte {
	it := CSLItem{
		ID: w.Key, Type: CSLType(w.Type), Title: cleanText(w.Title), ContainerTitle: cleanText(w.Venue),
		Publisher: w.Publisher, Volume: w.Volume, Issue: w.Issue, Page: w.Pages,
		DOI: w.DOI, URL: w.URL, PMID: w.PMID, PMCID: w.PMCID, ISBN: w.ISBN, Number: w.ArXiv,
		Abstract: w.Abstract, Note: w.Note,
		Author: w.Authors,
	}
	for i, a := range w.Authors {
		if a.Literal == "" && a.Family == "" && a.Given == "" {
			// A name without parts is left out: copy the others.
			it.Author = slices.Clip(w.Authors[:i:i])
			for _, a := range w.Authors[i:] {
				if a.Literal != "" || a.Family != "" || a.Given != "" {
					it.Author = append(it.Author, a)
				}
			}
			break
		}
	}
	b = appendCSLHead(b, &it)
	if w.Year > 0 {
		parts := [3]int{w.Year}
		n := 1
		if w.Month >= 1 && w.Month <= 12 {
			parts[1], n = w.Month, 2
			if w.Day >= 1 && w.Day <= 31 {
				parts[2], n = w.Day, 3
			}
		}
		dateParts := [1][]int{parts[:n]}
		b = appendCSLIssued(b, dateParts[:])
	}
	return appendCSLTail(b, &it)
}

// appendCSLItem appends one item.
func appendCSLItem(b []byte, it *CSLItem) []byte {
	b = appendCSLHead(b, it)
	if it.Issued != nil {
		b = appendCSLIssued(b, it.Issued.DateParts)
	}
	return appendCSLTail(b, it)
}

// appendCSLHead opens an item and writes its fields before "issued".
func appendCSLHead(b []byte, it *CSLItem) []byte {
	b = appendJSONString(append(b, `{"id":`...), it.ID)
	b = appendJSONString(append(b, `,"type":`...), it.Type)
	b = appendField(b, "title", it.Title)
	if len(it.Author) > 0 {
		b = append(b, `,"author":[`...)
		for i, a := range it.Author {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			first := len(b)
			for _, f := range [...]struct{ k, v string }{{"given", a.Given}, {"family", a.Family}, {"literal", a.Literal}} {
				if f.v == "" {
					continue
				}
				if len(b) > first {
					b = append(b, ',')
				}
				b = appendJSONString(append(append(append(b, '"'), f.k...), `":`...), f.v)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return b
}

// appendCSLIssued writes the "issued" field of an item.
func appendCSLIssued(b []byte, dateParts [][]int) []byte {
	b = append(b, `,"issued":{"date-parts":`...)
	if dateParts == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, parts := range dateParts {
		if i > 0 {
			b = append(b, ',')
		}
		if parts == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, n := range parts {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(n), 10)
		}
		b = append(b, ']')
	}
	return append(b, "]}"...)
}

// appendCSLTail writes the fields of an item after "issued" and closes it.
func appendCSLTail(b []byte, it *CSLItem) []byte {
	b = appendField(b, "container-title", it.ContainerTitle)
	b = appendField(b, "publisher", it.Publisher)
	b = appendField(b, "volume", it.Volume)
	b = appendField(b, "issue", it.Issue)
	b = appendField(b, "page", it.Page)
	b = appendField(b, "DOI", it.DOI)
	b = appendField(b, "URL", it.URL)
	b = appendField(b, "PMID", it.PMID)
	b = appendField(b, "PMCID", it.PMCID)
	b = appendField(b, "ISBN", it.ISBN)
	b = appendField(b, "number", it.Number)
	b = appendField(b, "abstract", it.Abstract)
	b = appendField(b, "note", it.Note)
	return append(b, '}')
}

// appendField appends `,"key":"v"` unless v is empty (omitempty); it is
// never the first field of its object.
func appendField(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	b = append(append(append(b, ',', '"'), key...), `":`...)
	return appendJSONString(b, v)
}

// AppendJSONString appends s quoted as encoding/json writes a string by
// default (HTML escaping on); see appendJSONString.
func AppendJSONString(b []byte, s string) []byte { return appendJSONString(b, s) }

// appendJSONString appends s as encoding/json writes a string: quoted,
// with <, > and & escaped (its default), \b \f \n \r \t and the other
// control characters escaped, invalid UTF-8 replaced by \ufffd and U+2028
// and U+2029 escaped. Runs of text that need no escape are copied.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none needs a look.
		for i+8 <= len(s) && !jsonSpecial8(load8(s, i)) {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if byteClass[c]&(clsCtl|clsJSON) == 0 || c == 0x7f {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default: // other control characters, < > &
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Constants of the eight-bytes-at-a-time tests: a byte of x is zero
// exactly when (x-ones)&^x has its high bit (the words tested hold no byte
// with its high bit set, or are rejected for that).
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load8 reads the eight bytes of s at i as a little-endian word.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// jsonSpecial8 reports whether one of the eight bytes of x may need an
// escape in JSON: a byte above 0x7f, below 0x20, or one of " \ < > &.
func jsonSpecial8(x uint64) bool {
	q := x ^ '"'*ones
	bs := x ^ '\\'*ones
	lt := (x | 2*ones) ^ '>'*ones // zero for '<' (0x3c) and '>' (0x3e)
	amp := x ^ '&'*ones
	t := x | (x-0x20*ones)&^x | (q-ones)&^q | (bs-ones)&^bs | (lt-ones)&^lt | (amp-ones)&^amp
	return t&highs != 0
}
