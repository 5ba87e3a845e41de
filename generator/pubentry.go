package generator

import (
	"html/template"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/themes"
)

// publicationPartial is the partial that renders one publication entry.
const publicationPartial = partialsDir + "/publication.html"

// pubEntryRenderer writes the default theme's publication entry
// (themes/lab/layouts/_partials/publication.html) in Go.
//
// Why it exists: the entry is rendered for every publication, 28,400 times
// on a site of 200 people with 150 works each, and html/template spends
// 40-70 µs on each, mostly in reflection: more than all the other
// templates of the site together. This writer produces the same bytes in
// about 2 µs.
//
// The template stays the reference and the documentation of the markup:
// the writer follows it action by action, with the escaping html/template
// gives each action in its context (text and quoted attributes: the HTML
// specials and NUL; URL attributes: the scheme filter, URL normalisation,
// then attribute escaping) and the same template functions, taken from
// the site's function map. It is used only when the site's partial parses
// to exactly the built-in template (see builtinPublicationEntry); a site or
// theme that overrides the partial gets its template executed as before.
// TestPublicationEntryMatchesTemplate and FuzzPublicationEntry render
// publications both ways and require identical bytes, so a change to
// either side that is not made to the other fails the tests.
type pubEntryRenderer struct {
	relURL      func(string) string
	doiURL      func(string) string
	date        func(orcid.FuzzyDate) string
	typeLabel   func(string) string
	plural      func(int, string, string) string
	memberSlugs func(*Publication) string
	// builtinDate and builtinSlugs are set when date and memberSlugs are
	// FormatDate and MemberSlugs: their text is then appended without
	// making a string (it needs no escaping in the entry's contexts but
	// that of the slugs).
	builtinDate, builtinSlugs bool
	// memberLinks holds the opening tag of each member's link, by slug
	// (a string → []byte): a member is linked from each of their works.
	memberLinks sync.Map
}

// builtinPublicationEntry returns the Go writer of the publication entry
// when set's publicationPartial is the default theme's own template (same
// parse tree) and funcs has the functions it calls; nil otherwise, and then
// the template is executed. set must not have been executed yet.
func builtinPublicationEntry(set *template.Template, funcs template.FuncMap) *pubEntryRenderer {
	if !isBuiltinTemplate(set, publicationPartial, funcs) {
		return nil
	}
	var ok bool
	r := &pubEntryRenderer{}
	if r.relURL, ok = funcs["relURL"].(func(string) string); !ok {
		return nil
	}
	if r.doiURL, ok = funcs["doiURL"].(func(string) string); !ok {
		return nil
	}
	if r.date, ok = funcs["date"].(func(orcid.FuzzyDate) string); !ok {
		return nil
	}
	if r.typeLabel, ok = funcs["typeLabel"].(func(string) string); !ok {
		return nil
	}
	if r.plural, ok = funcs["plural"].(func(int, string, string) string); !ok {
		return nil
	}
	if r.memberSlugs, ok = funcs["memberSlugs"].(func(*Publication) string); !ok {
		return nil
	}
	r.builtinDate = reflect.ValueOf(r.date).Pointer() == reflect.ValueOf(FormatDate).Pointer()
	r.builtinSlugs = reflect.ValueOf(r.memberSlugs).Pointer() == reflect.ValueOf(MemberSlugs).Pointer()
	return r
}

// builtinTrees holds the parse trees, as text, of the default theme's
// templates compared by isBuiltinTemplate, by name.
var builtinTrees sync.Map

// isBuiltinTemplate reports whether the template name of set (not yet
// executed) parses to the same tree as the default theme's file of that
// name: then, executed on its own with the same functions, it writes the
// same bytes as the built-in file, whichever layer it came from.
func isBuiltinTemplate(set *template.Template, name string, funcs template.FuncMap) bool {
	t := set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return false
	}
	want, ok := builtinTrees.Load(name)
	if !ok {
		def, found := themes.Get(themes.Default)
		if !found {
			return false
		}
		src, err := fs.ReadFile(def, "layouts/"+name)
		if err != nil {
			return false
		}
		ref, err := template.New(name).Funcs(funcs).Parse(string(src))
		if err != nil || ref.Tree == nil {
			return false
		}
		want, _ = builtinTrees.LoadOrStore(name, ref.Tree.Root.String())
	}
	return t.Tree.Root.String() == want.(string)
}

// canRender reports whether the template would render p without an
// error: it fails on a nil member (memberSlugs, $m.Slug), and then the
// template is run to report it.
func (r *pubEntryRenderer) canRender(p *Publication) bool {
	if p == nil {
		return false
	}
	return !slices.Contains(p.Members, nil)
}

// appendEntry appends the entry of p to b, byte for byte what the template
// writes. The comments quote the template's actions.
func (r *pubEntryRenderer) appendEntry(b []byte, p *Publication) []byte {
	// <li class="pub{{ if .Pinned }} pinned{{ end }}" id="{{ .Anchor }}" data-year="{{ .Date.Year }}" data-type="{{ .Type }}" data-members="{{ memberSlugs . }}">
	b = append(b, `<li class="pub`...)
	if p.Pinned {
		b = append(b, ` pinned`...)
	}
	b = append(b, `" id="`...)
	b = appendEscaped(b, p.Anchor)
	b = append(b, `" data-year="`...)
	b = strconv.AppendInt(b, int64(p.Date.Year), 10)
	b = append(b, `" data-type="`...)
	b = appendEscaped(b, p.Type)
	b = append(b, `" data-members="`...)
	if r.builtinSlugs {
		for i, m := range p.Members {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendEscaped(b, m.Slug)
		}
	} else {
		b = appendEscaped(b, r.memberSlugs(p))
	}
	b = append(b, "\">\n  <span class=\"pub-title\" dir=\"auto\">"...)

	// {{ if .URL }}<a href="{{ .URL }}">{{ or .FullTitle "Untitled" }}</a>{{ else }}…{{ end }}</span>
	title := p.FullTitle()
	if title == "" {
		title = "Untitled"
	}
	if p.URL != "" {
		b = append(b, `<a href="`...)
		b = appendURLAttr(b, p.URL)
		b = append(b, `">`...)
		b = appendEscaped(b, title)
		b = append(b, `</a>`...)
	} else {
		b = appendEscaped(b, title)
	}
	b = append(b, "</span>\n  "...)

	// {{ with or .ShortAuthors .Authors }}…{{ else }}{{ with .Members }}…{{ end }}{{ end }}
	authors := p.ShortAuthors
	if len(authors) == 0 {
		authors = p.Authors
	}
	if len(authors) > 0 {
		b = append(b, `<span class="pub-authors">`...)
		for i, a := range authors {
			if i > 0 {
				b = append(b, ", "...)
			}
			switch {
			case a.Omitted != 0:
				// <span title="{{ $a.Omitted }} more {{ plural $a.Omitted "author" "authors" }}">…</span>
				b = append(b, `<span title="`...)
				b = strconv.AppendInt(b, int64(a.Omitted), 10)
				b = append(b, ` more `...)
				b = appendEscaped(b, r.plural(a.Omitted, "author", "authors"))
				b = append(b, `">…</span>`...)
			case a.Person != nil:
				b = r.appendMember(b, a.Person.Slug, a.Name)
			default:
				b = appendEscaped(b, a.Name)
			}
		}
		b = append(b, "</span>\n  "...)
		// {{ if $.AuthorsShortened }}<details class="pub-all-authors"><summary>All {{ len $.Authors }} authors</summary>…</details>{{ end }}
		if p.AuthorsShortened() {
			b = append(b, `<details class="pub-all-authors"><summary>All `...)
			b = strconv.AppendInt(b, int64(len(p.Authors)), 10)
			b = append(b, ` authors</summary>`...)
			for i, a := range p.Authors {
				if i > 0 {
					b = append(b, ", "...)
				}
				if a.Person != nil {
					b = r.appendMember(b, a.Person.Slug, a.Name)
				} else {
					b = appendEscaped(b, a.Name)
				}
			}
			b = append(b, `</details>`...)
		}
		b = append(b, "\n  "...)
	} else if len(p.Members) > 0 {
		b = append(b, `<span class="pub-authors">`...)
		for i, m := range p.Members {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = r.appendMember(b, m.Slug, m.Name)
		}
		b = append(b, `</span>`...)
	}
	b = append(b, "\n  <span class=\"pub-meta\">"...)

	// {{ with .Venue }}<span class="pub-venue">{{ . }}</span> · {{ end }}{{ with date .Date }}{{ . }} · {{ end }}
	if p.Venue != "" {
		b = append(b, `<span class="pub-venue">`...)
		b = appendEscaped(b, p.Venue)
		b = append(b, `</span> · `...)
	}
	if r.builtinDate {
		// Digits, month names and spaces: nothing to escape.
		if p.Date.Year != 0 {
			b = append(appendFormatDate(b, p.Date), ` · `...)
		}
	} else if d := r.date(p.Date); d != "" {
		b = appendEscaped(b, d)
		b = append(b, ` · `...)
	}
	// <span class="pub-type">{{ or .TypeLabel (typeLabel .Type) }}</span>
	b = append(b, `<span class="pub-type">`...)
	if p.TypeLabel != "" {
		b = appendEscaped(b, p.TypeLabel)
	} else {
		b = appendEscaped(b, r.typeLabel(p.Type))
	}
	b = append(b, `</span>`...)
	// {{ with .DOI }} · <a href="{{ doiURL . }}">doi:{{ . }}</a>{{ end }}
	if p.DOI != "" {
		b = append(b, ` · <a href="`...)
		b = r.appendDOIURL(b, p.DOI)
		b = append(b, `">doi:`...)
		b = appendEscaped(b, p.DOI)
		b = append(b, `</a>`...)
	}
	// {{ range .OtherIDs }} · <a href="{{ .URL }}">{{ .Label }}</a>{{ end }}
	for _, id := range p.OtherIDs() {
		b = append(b, ` · <a href="`...)
		b = appendURLAttr(b, id.URL)
		b = append(b, `">`...)
		b = appendEscaped(b, id.Label())
		b = append(b, `</a>`...)
	}
	// {{ range .Preprints }}{{ if .URL }} · <a href="{{ .URL }}">{{ or .Name "Preprint" }}</a>{{ end }}{{ end }}
	for _, pp := range p.Preprints {
		if pp.URL == "" {
			continue
		}
		b = append(b, ` · <a href="`...)
		b = appendURLAttr(b, pp.URL)
		b = append(b, `">`...)
		if pp.Name != "" {
			b = appendEscaped(b, pp.Name)
		} else {
			b = append(b, "Preprint"...)
		}
		b = append(b, `</a>`...)
	}
	return append(b, "</span>\n</li>\n"...)
}

// appendMember writes a member's link:
// <a class="member" href="{{ relURL (print "people/" $a.Person.Slug "/") }}">{{ $a.Name }}</a>
func (r *pubEntryRenderer) appendMember(b []byte, slug, name string) []byte {
	tag, ok := r.memberLinks.Load(slug)
	if !ok {
		t := append([]byte(`<a class="member" href="`), appendURLAttr(nil, r.relURL("people/"+slug+"/"))...)
		tag, _ = r.memberLinks.LoadOrStore(slug, append(t, `">`...))
	}
	b = append(b, tag.([]byte)...)
	b = appendEscaped(b, name)
	return append(b, `</a>`...)
}

// appendDOIURL appends {{ doiURL . }} as the value of an href. A DOI as
// the site's list holds it (normalized: "10." then lower-case letters,
// digits and - . _ ~ /) is its own path in the URL and needs no escape:
// the URL is written straight, else doiURL's is escaped.
func (r *pubEntryRenderer) appendDOIURL(b []byte, doi string) []byte {
	if !isPlainDOI(doi) {
		return appendURLAttr(b, r.doiURL(doi))
	}
	return append(append(b, "https://doi.org/"...), doi...)
}

// isPlainDOI reports whether doi starts with "10." and has only
// lower-case letters, digits and - . _ ~ /: NormalizeDOI leaves it as it
// is, doiPath does not escape it and neither does an href.
func isPlainDOI(doi string) bool {
	if !strings.HasPrefix(doi, "10.") {
		return false
	}
	for i := 3; i < len(doi); i++ {
		c := doi[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '~' || c == '/') {
			return false
		}
	}
	return true
}

// appendEscaped appends s escaped as html/template escapes a plain string
// in HTML text and in a quoted attribute value: NUL becomes U+FFFD, the
// five HTML specials and '+' become character references, every other
// byte (invalid UTF-8 included) passes unchanged.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if repl := htmlEscapes[s[i]]; repl != "" {
			b = append(b, s[last:i]...)
			b = append(b, repl...)
			last = i + 1
		}
	}
	return append(b, s[last:]...)
}

// htmlEscapes are the replacements of appendEscaped, by byte.
var htmlEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendURLAttr appends s as html/template writes a plain string that is
// the whole value of a quoted URL attribute (href): a scheme other than
// http, https and mailto turns the value into "#ZgotmplZ"; bytes outside
// RFC 3986's unreserved and reserved sets are percent-encoded (a '%' that
// starts a valid escape is kept); then '&' and '+' are escaped for the
// attribute (the normalisation already encoded the other specials).
func appendURLAttr(b []byte, s string) []byte {
	if !isSafeTemplateURL(s) {
		return append(b, "#ZgotmplZ"...)
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeep[c] || c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '+':
			b = append(b, "&#43;"...)
		default:
			b = append(b, '%', hex[c>>4], hex[c&0xf])
		}
		last = i + 1
	}
	return append(b, s[last:]...)
}

// urlKeep marks the bytes that appendURLAttr writes as they are: letters,
// digits, RFC 3986's unreserved marks and the reserved characters other
// than '&' and '+', which the attribute escapes.
var urlKeep = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!#$*,/:;=?@[]") {
		t[c] = true
	}
	return t
}()

// isSafeTemplateURL is html/template's test of a URL attribute: relative,
// or with the scheme http, https or mailto (any case).
func isSafeTemplateURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
