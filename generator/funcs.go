package generator

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/Masterminds/sprig/v3"

	"github.com/orcidsite/orcidsite/orcid"
)

var monthNames = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// FormatDate writes a partial date as people read it: "2020", "Feb 2020",
// "4 Feb 2020"; "" for an undated value. Out-of-range months are shown as
// the year only (ORCID does not validate dates).
func FormatDate(d orcid.FuzzyDate) string {
	var buf [32]byte
	return string(appendFormatDate(buf[:0], d))
}

// appendFormatDate appends FormatDate(d).
func appendFormatDate(b []byte, d orcid.FuzzyDate) []byte {
	switch {
	case d.Year == 0:
		return b
	case d.Month < 1 || d.Month > 12:
		return strconv.AppendInt(b, int64(d.Year), 10)
	case d.Day != 0:
		b = append(strconv.AppendInt(b, int64(d.Day), 10), ' ')
	}
	return strconv.AppendInt(append(append(b, monthNames[d.Month]...), ' '), int64(d.Year), 10)
}

// FormatDateRange writes "2015 – 2019", "2020 – present" or "2018".
func FormatDateRange(start, end orcid.FuzzyDate) string {
	s, e := FormatDate(start), FormatDate(end)
	switch {
	case s == "" && e == "":
		return ""
	case e == "":
		return s + " – present"
	case s == "":
		return "until " + e
	case s == e:
		return s
	}
	return s + " – " + e
}

// funcMap returns the template functions for a site: sprig's hermetic HTML
// map (no environment, clock or randomness) plus orcidsite's own:
//
//	relURL "people/"            → "/lab/people/" for base_url https://x.org/lab/
//	absURL "people/"            → "https://x.org/lab/people/"
//	date .Date                  → "Feb 2020" (partial dates as they are)
//	dateRange .Start .End       → "2015 – present"
//	orcidURL .ID                → "https://orcid.org/0000-0002-1825-0097"
//	doiURL "10.1/ABC"           → "https://doi.org/10.1/abc"
//	safeLink .URL               → the URL if http(s)/mailto, else "" (for untrusted data)
//	markdown .Text              → HTML from Markdown (the site's own text only)
//	typeLabel "journal-article" → "Journal article"
//	plural 2 "work" "works"     → "works"
func funcMap(baseURL string) template.FuncMap {
	fm := sprig.HermeticHtmlFuncMap()
	// Sprig's hermetic map still has functions that draw random numbers;
	// the same input must always render the same bytes.
	for _, name := range nondeterministicSprig {
		delete(fm, name)
	}
	base, _ := url.Parse(baseURL)
	basePath, origin := "/", strings.TrimSuffix(baseURL, "/")
	if base != nil {
		if base.Path != "" {
			basePath = base.Path
		}
		origin = base.Scheme + "://" + base.Host
	}
	own := template.FuncMap{
		"relURL":    func(p string) string { return relURL(basePath, p) },
		"absURL":    func(p string) string { return absURL(origin, basePath, p) },
		"date":      FormatDate,
		"dateRange": FormatDateRange,
		"orcidURL":  func(id orcid.ID) string { return id.URI() },
		"doiURL":    func(doi string) string { return identifierURL("doi", NormalizeDOI(doi)) },
		"safeLink":  safeURL,
		"markdown": func(s string) (template.HTML, error) {
			return renderMarkdown([]byte(s))
		},
		"typeLabel": TypeLabel,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
	for k, v := range own {
		fm[k] = v
	}
	for k, v := range themeFuncs() {
		fm[k] = v
	}
	for k, v := range pubFuncs() {
		fm[k] = v
	}
	return fm
}

// nondeterministicSprig are the sprig functions whose output is random.
var nondeterministicSprig = []string{
	"genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
	"genSignedCert", "genSignedCertWithKey", "encryptAES", "shuffle", "randInt",
}

// relURL joins a site path onto the base path: relURL("/lab/", "people/")
// is "/lab/people/". Absolute URLs pass through unchanged.
func relURL(basePath, p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "mailto:") || strings.HasPrefix(p, "#") {
		return p
	}
	return strings.TrimSuffix(basePath, "/") + "/" + strings.TrimPrefix(p, "/")
}

// absURL is relURL with the scheme and host in front; absolute URLs pass
// through unchanged.
func absURL(origin, basePath, p string) string {
	r := relURL(basePath, p)
	if strings.HasPrefix(r, "/") {
		return origin + r
	}
	return r
}

// TypeLabel turns an ORCID work type into a readable label:
// "journal-article" becomes "Journal article"; unknown types are
// capitalised as they are.
func TypeLabel(t string) string {
	if wt, ok := workTypes[t]; ok {
		return wt.Label
	}
	if l, ok := typeLabels[t]; ok {
		return l
	}
	if t == "" {
		return "Other"
	}
	s := strings.ReplaceAll(t, "-", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

var typeLabels = map[string]string{
	"journal-article":     "Journal article",
	"conference-paper":    "Conference paper",
	"conference-abstract": "Conference abstract",
	"conference-poster":   "Conference poster",
	"book-chapter":        "Book chapter",
	"book":                "Book",
	"edited-book":         "Edited book",
	"data-set":            "Data set",
	"dissertation-thesis": "Thesis",
	"preprint":            "Preprint",
	"working-paper":       "Working paper",
	"report":              "Report",
	"software":            "Software",
	"other":               "Other",
}
