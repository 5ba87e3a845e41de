package cite

import (
	"strconv"
	"strings"
)

// bibType maps ORCID work types to BibTeX entry types; others are "misc".
var bibType = map[string]string{
	"journal-article":         "article",
	"magazine-article":        "article",
	"newspaper-article":       "article",
	"newsletter-article":      "article",
	"review":                  "article",
	"book-review":             "article",
	"conference-paper":        "inproceedings",
	"conference-abstract":     "inproceedings",
	"conference-poster":       "inproceedings",
	"conference-presentation": "inproceedings",
	"conference-output":       "inproceedings",
	"conference-proceedings":  "proceedings",
	"book":                    "book",
	"edited-book":             "book",
	"book-chapter":            "incollection",
	"encyclopedia-entry":      "incollection",
	"dictionary-entry":        "incollection",
	"dissertation-thesis":     "phdthesis",
	"report":                  "techreport",
	"working-paper":           "techreport",
	"manual":                  "manual",
	"preprint":                "unpublished",
}

// venueField names the field that holds the venue for an entry type.
func venueField(typ string) string {
	switch typ {
	case "article":
		return "journal"
	case "inproceedings", "incollection":
		return "booktitle"
	case "book", "proceedings", "manual":
		return "publisher"
	case "phdthesis":
		return "school"
	case "techreport":
		return "institution"
	}
	return "howpublished"
}

// EntryFromWork converts a work to a BibTeX entry (Key must be set; see
// AssignKeys). Titles are wrapped in braces to keep their capitalisation.
func EntryFromWork(w Work) Entry {
	typ := bibType[w.Type]
	if typ == "" {
		typ = "misc"
	}
	e := Entry{Type: typ, Key: w.Key}
	add := func(name, value string) {
		if v := cleanText(value); v != "" {
			e.Fields = append(e.Fields, NewField(name, v))
		}
	}
	if len(w.Authors) > 0 {
		var raws, vals []string
		for _, a := range w.Authors {
			switch {
			case a.Literal != "":
				raws = append(raws, "{"+EscapeLaTeX(cleanText(a.Literal))+"}")
				vals = append(vals, cleanText(a.Literal))
			case a.Given == "" && !strings.Contains(cleanText(a.Family), " "):
				raws = append(raws, EscapeLaTeX(cleanText(a.Family)))
				vals = append(vals, cleanText(a.Family))
			case a.Given == "":
				raws = append(raws, "{"+EscapeLaTeX(cleanText(a.Family))+"}")
				vals = append(vals, cleanText(a.Family))
			default:
				fam := EscapeLaTeX(cleanText(a.Family))
				if strings.ContainsAny(fam, " ,") {
					fam = "{" + fam + "}" // keep a compound family name whole
				}
				raws = append(raws, fam+", "+EscapeLaTeX(cleanText(a.Given)))
				vals = append(vals, cleanText(a.Family)+", "+cleanText(a.Given))
			}
		}
		e.Fields = append(e.Fields, Field{Name: "author", Raw: strings.Join(raws, " and "), Value: strings.Join(vals, " and ")})
	}
	if t := cleanText(w.Title); t != "" {
		e.Fields = append(e.Fields, Field{Name: "title", Raw: "{" + EscapeLaTeX(t) + "}", Value: t})
	}
	if w.Venue != "" {
		add(venueField(typ), w.Venue)
	}
	if w.Publisher != "" && venueField(typ) != "publisher" {
		add("publisher", w.Publisher)
	}
	if w.Year > 0 {
		add("year", strconv.Itoa(w.Year))
		if w.Month >= 1 && w.Month <= 12 {
			add("month", monthNames[w.Month-1])
			if w.Day > 0 {
				add("day", strconv.Itoa(w.Day))
			}
		}
	}
	add("volume", w.Volume)
	add("number", w.Issue)
	add("pages", w.Pages)
	add("doi", w.DOI)
	add("url", w.URL)
	if w.ArXiv != "" {
		add("eprint", w.ArXiv)
		add("archiveprefix", "arXiv")
	}
	add("pmid", w.PMID)
	add("pmcid", w.PMCID)
	add("isbn", w.ISBN)
	if w.Type == "preprint" && w.Note == "" {
		add("note", "Preprint")
	} else {
		add("note", w.Note)
	}
	return e
}

// FormatEntry writes one entry. Field values are written in braces from
// their Raw form; month is written as BibTeX's month macro.
func FormatEntry(e Entry) string {
	width, size := 0, len(e.Type)+len(e.Key)+8
	for _, f := range e.Fields {
		width = max(width, len(f.Name))
		size += len(f.Raw) + len(f.Value) + 12
	}
	var b strings.Builder
	b.Grow(size + width*len(e.Fields))
	b.WriteString("@")
	b.WriteString(e.Type)
	b.WriteString("{")
	b.WriteString(e.Key)
	b.WriteString(",\n")
	for _, f := range e.Fields {
		b.WriteString("  ")
		b.WriteString(f.Name)
		for range width - len(f.Name) {
			b.WriteByte(' ')
		}
		b.WriteString(" = ")
		if f.Name == "month" {
			if m := ParseMonth(f.Value); m > 0 && f.Value == monthNames[m-1] {
				b.WriteString(monthMacros[m-1])
				b.WriteString(",\n")
				continue
			}
		}
		raw := f.Raw
		if raw == "" {
			raw = EscapeLaTeX(f.Value)
		}
		b.WriteString("{")
		b.WriteString(raw)
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// bibField is a field of an entry being written by AppendEntry.
type bibField struct {
	name  string
	value string // clean text; unused for the author field
	kind  uint8
	plain bool // value needs no escape
}

const (
	fieldText     = iota // written escaped, in braces
	fieldVerbatim        // url, doi, eprint: unescaped when they can be
	fieldTitle           // escaped, in double braces
	fieldMonth           // the month macro, in value
	fieldAuthor          // the author list, written from the work
)

// bibFields collects the fields of one entry, in order, without
// allocating.
type bibFields struct {
	f [20]bibField
	n int
}

// add adds a field when its clean text is not empty, as EntryFromWork
// does.
func (fs *bibFields) add(name, value string, kind uint8) {
	plain := plainText(value, clsTeX)
	if !plain {
		value = cleanText(value)
	}
	if value != "" {
		fs.f[fs.n] = bibField{name: name, value: value, kind: kind, plain: plain}
		fs.n++
	}
}

// AppendEntry appends the BibTeX entry of a work (Key must be set; see
// AssignKeys) to b: the same bytes as FormatEntry(EntryFromWork(w)),
// written without building the Entry.
func AppendEntry(b []byte, w *Work) []byte {
	typ := bibType[w.Type]
	if typ == "" {
		typ = "misc"
	}
	var fs bibFields
	if len(w.Authors) > 0 {
		fs.f[0] = bibField{name: "author", kind: fieldAuthor}
		fs.n = 1
	}
	fs.add("title", w.Title, fieldTitle)
	venue := venueField(typ)
	if w.Venue != "" {
		fs.add(venue, w.Venue, fieldText)
	}
	if w.Publisher != "" && venue != "publisher" {
		fs.add("publisher", w.Publisher, fieldText)
	}
	var year, day [20]byte
	if w.Year > 0 {
		fs.f[fs.n] = bibField{name: "year", kind: fieldText, plain: true, value: string(strconv.AppendInt(year[:0], int64(w.Year), 10))}
		fs.n++
		if w.Month >= 1 && w.Month <= 12 {
			fs.f[fs.n] = bibField{name: "month", kind: fieldMonth, value: monthMacros[w.Month-1]}
			fs.n++
			if w.Day > 0 {
				fs.f[fs.n] = bibField{name: "day", kind: fieldText, plain: true, value: string(strconv.AppendInt(day[:0], int64(w.Day), 10))}
				fs.n++
			}
		}
	}
	fs.add("volume", w.Volume, fieldText)
	fs.add("number", w.Issue, fieldText)
	fs.add("pages", w.Pages, fieldText)
	fs.add("doi", w.DOI, fieldVerbatim)
	fs.add("url", w.URL, fieldVerbatim)
	if w.ArXiv != "" {
		fs.add("eprint", w.ArXiv, fieldVerbatim)
		fs.add("archiveprefix", "arXiv", fieldText)
	}
	fs.add("pmid", w.PMID, fieldText)
	fs.add("pmcid", w.PMCID, fieldText)
	fs.add("isbn", w.ISBN, fieldText)
	if w.Type == "preprint" && w.Note == "" {
		fs.add("note", "Preprint", fieldText)
	} else {
		fs.add("note", w.Note, fieldText)
	}

	width := 0
	for _, f := range fs.f[:fs.n] {
		width = max(width, len(f.name))
	}
	b = append(b, '@')
	b = append(b, typ...)
	b = append(b, '{')
	b = append(b, w.Key...)
	b = append(b, ",\n"...)
	for _, f := range fs.f[:fs.n] {
		b = append(b, "  "...)
		b = append(b, f.name...)
		b = append(b, "                    "[:width-len(f.name)]...)
		b = append(b, " = "...)
		switch f.kind {
		case fieldMonth:
			b = append(b, f.value...)
			b = append(b, ",\n"...)
			continue
		case fieldAuthor:
			b = appendAuthors(append(b, '{'), w.Authors)
		case fieldTitle:
			b = append(b, "{{"...)
			if f.plain {
				b = append(b, f.value...)
			} else {
				b = appendEscapeLaTeX(b, f.value)
			}
			b = append(b, '}')
		case fieldVerbatim:
			b = append(b, '{')
			if f.plain || balancedBraces(f.value) && !strings.Contains(f.value, `\`) {
				b = append(b, f.value...)
			} else {
				b = appendEscapeLaTeX(b, f.value)
			}
		default:
			b = append(b, '{')
			if f.plain {
				b = append(b, f.value...)
			} else {
				b = appendEscapeLaTeX(b, f.value)
			}
		}
		b = append(b, "},\n"...)
	}
	return append(b, "}\n"...)
}

// appendAuthors appends the raw author list that EntryFromWork builds:
// "Family, Given" joined by "and", literal names and compound family
// names in braces.
func appendAuthors(b []byte, authors []Name) []byte {
	for i, a := range authors {
		if i > 0 {
			b = append(b, " and "...)
		}
		if a.Literal != "" {
			b = appendCleanLaTeX(append(b, '{'), a.Literal)
			b = append(b, '}')
			continue
		}
		fam := a.Family
		plain := plainText(fam, clsTeX)
		if !plain {
			fam = cleanText(fam)
		}
		// Escaping adds neither spaces nor commas: the family name can be
		// tested before it is escaped. A compound family name is kept
		// whole in braces.
		braced := strings.Contains(fam, " ") || a.Given != "" && strings.Contains(fam, ",")
		if braced {
			b = append(b, '{')
		}
		if plain {
			b = append(b, fam...)
		} else {
			b = appendEscapeLaTeX(b, fam)
		}
		if braced {
			b = append(b, '}')
		}
		if a.Given != "" {
			b = appendCleanLaTeX(append(b, ", "...), a.Given)
		}
	}
	return b
}

func balancedBraces(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// BibTeX writes the works as a BibTeX file, one entry each, in order.
// Works without a Key get one from AssignKeys (on a copy).
func BibTeX(works []Work) []byte {
	works = withKeys(works)
	b := make([]byte, 0, 512*len(works))
	for i := range works {
		if i > 0 {
			b = append(b, '\n')
		}
		b = AppendEntry(b, &works[i])
	}
	return b
}

// workType maps a BibTeX entry type back to an ORCID work type.
var workType = map[string]string{
	"article": "journal-article", "inproceedings": "conference-paper", "conference": "conference-paper",
	"proceedings": "conference-proceedings", "book": "book", "inbook": "book-chapter",
	"incollection": "book-chapter", "phdthesis": "dissertation-thesis", "mastersthesis": "dissertation-thesis",
	"thesis": "dissertation-thesis", "techreport": "report", "report": "report", "manual": "manual",
	"unpublished": "preprint", "online": "website", "electronic": "website", "www": "website",
	"dataset": "data-set", "data": "data-set", "software": "software", "patent": "patent",
}

// WorkFromEntry reads a work from a BibTeX entry, e.g. one of an "add"
// file: entry type, title, authors, date, venue and identifiers.
func WorkFromEntry(e Entry) Work {
	w := Work{Key: e.Key, Type: workType[e.Type], Title: e.Get("title")}
	if w.Type == "" {
		w.Type = "other"
	}
	w.Authors = SplitNames(e.raw("author"))
	if y, err := strconv.Atoi(strings.TrimSpace(e.Get("year"))); err == nil && y > 0 && y < 10000 {
		w.Year = y
		w.Month = ParseMonth(e.Get("month"))
		if d, err := strconv.Atoi(strings.TrimSpace(e.Get("day"))); err == nil && w.Month > 0 && d >= 1 && d <= 31 {
			w.Day = d
		}
	} else if d := strings.TrimSpace(e.Get("date")); len(d) >= 4 {
		// biblatex: date = {2020-06-01}
		parts := strings.Split(d, "-")
		nums := make([]int, len(parts))
		for i, p := range parts {
			nums[i], _ = strconv.Atoi(p)
		}
		w.Year = nums[0]
		if len(nums) > 1 && nums[1] >= 1 && nums[1] <= 12 {
			w.Month = nums[1]
			if len(nums) > 2 && nums[2] >= 1 && nums[2] <= 31 {
				w.Day = nums[2]
			}
		}
	}
	for _, f := range []string{"journal", "journaltitle", "booktitle", "school", "institution", "howpublished", "publisher"} {
		if v := e.Get(f); v != "" {
			w.Venue = v
			break
		}
	}
	w.Publisher = e.Get("publisher")
	w.Volume, w.Issue, w.Pages = e.Get("volume"), e.Get("number"), e.Get("pages")
	w.DOI = e.Get("doi")
	w.URL = e.Get("url")
	w.PMID, w.PMCID, w.ISBN = e.Get("pmid"), e.Get("pmcid"), e.Get("isbn")
	if strings.EqualFold(e.Get("archiveprefix"), "arxiv") || strings.EqualFold(e.Get("eprinttype"), "arxiv") {
		w.ArXiv = e.Get("eprint")
	}
	if w.Type == "other" && w.ArXiv != "" {
		w.Type = "preprint"
	}
	w.Abstract = e.Get("abstract")
	w.Note = e.Get("note")
	return w
}
