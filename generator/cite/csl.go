package cite

import (
	"bytes"
	"encoding/json"
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
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
