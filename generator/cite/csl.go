package cite

import (
	"encoding/json"
	"strconv"
	"strings"
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

// CSLJSON writes the works as an indented CSL-JSON array (an empty list is
// "[]"). Works without a Key get one from AssignKeys (on a copy).
func CSLJSON(works []Work) ([]byte, error) {
	ws := append([]Work(nil), works...)
	AssignKeys(ws)
	items := make([]CSLItem, 0, len(ws))
	for _, w := range ws {
		items = append(items, CSLItemFromWork(w))
	}
	return appendCSLJSON(make([]byte, 0, cslSizeHint(items)), items), nil
}

// cslSizeHint estimates the size of the indented CSL-JSON of items, so
// that the output is not copied as it grows: the text of every field plus
// the keys, quotes and indentation around it.
func cslSizeHint(items []CSLItem) int {
	n := 8
	for i := range items {
		it := &items[i]
		n += 256 + len(it.ID) + len(it.Type) + len(it.Title) + len(it.ContainerTitle) + len(it.Publisher) +
			len(it.Volume) + len(it.Issue) + len(it.Page) + len(it.DOI) + len(it.URL) + len(it.PMID) +
			len(it.PMCID) + len(it.ISBN) + len(it.Number) + len(it.Abstract) + len(it.Note)
		for _, a := range it.Author {
			n += 80 + len(a.Given) + len(a.Family) + len(a.Literal)
		}
	}
	return n
}

// appendCSLJSON appends the items as encoding/json's Encoder writes them
// with SetIndent("", "  "), final newline included, without reflection
// and without the Encoder's second, indenting pass over the output.
func appendCSLJSON(b []byte, items []CSLItem) []byte {
	if items == nil {
		return append(b, "null\n"...)
	}
	if len(items) == 0 {
		return append(b, "[]\n"...)
	}
	b = append(b, '[')
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSLItem(append(b, "\n  "...), &items[i])
	}
	return append(b, "\n]\n"...)
}

// appendCSLItem appends one item at the first level of indentation.
func appendCSLItem(b []byte, it *CSLItem) []byte {
	const in = "\n    "
	b = append(b, '{')
	b = appendJSONString(append(b, in+`"id": `...), it.ID)
	b = appendJSONString(append(b, ","+in+`"type": `...), it.Type)
	b = appendField(b, in, "title", it.Title)
	if len(it.Author) > 0 {
		b = append(b, ","+in+`"author": [`...)
		for i, a := range it.Author {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n      {"...)
			first := len(b)
			for _, f := range [...]struct{ k, v string }{{"given", a.Given}, {"family", a.Family}, {"literal", a.Literal}} {
				if f.v == "" {
					continue
				}
				if len(b) > first {
					b = append(b, ',')
				}
				b = appendJSONString(append(append(append(b, "\n        \""...), f.k...), `": `...), f.v)
			}
			if len(b) == first {
				b = append(b, '}') // a name without parts: {}
				continue
			}
			b = append(b, "\n      }"...)
		}
		b = append(b, in+"]"...)
	}
	if it.Issued != nil {
		b = append(b, ","+in+`"issued": {`...)
		if it.Issued.DateParts == nil {
			b = append(b, "\n      \"date-parts\": null"...)
		} else if len(it.Issued.DateParts) == 0 {
			b = append(b, "\n      \"date-parts\": []"...)
		} else {
			b = append(b, "\n      \"date-parts\": ["...)
			for i, parts := range it.Issued.DateParts {
				if i > 0 {
					b = append(b, ',')
				}
				switch {
				case parts == nil:
					b = append(b, "\n        null"...)
				case len(parts) == 0:
					b = append(b, "\n        []"...)
				default:
					b = append(b, "\n        ["...)
					for j, n := range parts {
						if j > 0 {
							b = append(b, ',')
						}
						b = strconv.AppendInt(append(b, "\n          "...), int64(n), 10)
					}
					b = append(b, "\n        ]"...)
				}
			}
			b = append(b, "\n      ]"...)
		}
		b = append(b, in+"}"...)
	}
	b = appendField(b, in, "container-title", it.ContainerTitle)
	b = appendField(b, in, "publisher", it.Publisher)
	b = appendField(b, in, "volume", it.Volume)
	b = appendField(b, in, "issue", it.Issue)
	b = appendField(b, in, "page", it.Page)
	b = appendField(b, in, "DOI", it.DOI)
	b = appendField(b, in, "URL", it.URL)
	b = appendField(b, in, "PMID", it.PMID)
	b = appendField(b, in, "PMCID", it.PMCID)
	b = appendField(b, in, "ISBN", it.ISBN)
	b = appendField(b, in, "number", it.Number)
	b = appendField(b, in, "abstract", it.Abstract)
	b = appendField(b, in, "note", it.Note)
	return append(b, "\n  }"...)
}

// appendField appends `,<in>"key": "v"` unless v is empty (omitempty);
// it is never the first field of its object.
func appendField(b []byte, in, key, v string) []byte {
	if v == "" {
		return b
	}
	b = append(append(append(append(b, ','), in...), '"'), key...)
	return appendJSONString(append(b, `": `...), v)
}

// appendJSONString appends s as encoding/json writes a string: quoted,
// with <, > and & escaped (its default), invalid UTF-8 replaced and
// U+2028 and U+2029 escaped. Text that needs no escape is copied; any
// other goes through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return appendJSONStringSlow(b, s)
		}
	}
	if !ascii && (!utf8.ValidString(s) || strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029")) {
		return appendJSONStringSlow(b, s)
	}
	return append(append(append(b, '"'), s...), '"')
}

func appendJSONStringSlow(b []byte, s string) []byte {
	q, err := json.Marshal(s)
	if err != nil { // cannot happen for a string
		return append(b, `""`...)
	}
	return append(b, q...)
}
