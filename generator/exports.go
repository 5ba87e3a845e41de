package generator

// Exports of the publication list: publications.bib, publications.json
// (CSL-JSON), people/<slug>/publications.bib and feed.xml (Atom), written
// with package cite, and the JSON-LD (schema.org) that profile and
// publication pages embed.

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/orcidsite/orcidsite/generator/cite"
)

// DefaultFeedSize is the number of entries in feed.xml when
// publications.recent is 0.
const DefaultFeedSize = 10

// writeExports adds the machine-readable exports of the publication list.
// Citation keys are assigned once over the whole list, so a work has the
// same key in publications.bib, publications.json and every person's file.
func writeExports(site *Site, out *Output) error {
	pubs := site.Publications
	// The people's folders are made first, before the pages of the
	// people are written into them concurrently.
	files := make([]string, len(site.People))
	for i, p := range site.People {
		files[i] = "people/" + p.Slug + "/publications.bib"
	}
	if err := out.mkdirs(files); err != nil {
		return err
	}
	// The keys first: a work whose base key another work shares gets a
	// suffix, which depends on the keys given before it, so the keys are
	// given in list order.
	titles := make([]string, len(pubs))
	bases := make([]string, len(pubs))
	firsts := make([]cite.Name, len(pubs)) // first authors, kept for the conversion
	forEachChunk(len(pubs), exportChunk, func(lo, hi int) {
		for i, p := range pubs[lo:hi] {
			i += lo
			titles[i] = p.FullTitle()
			w := cite.Work{Title: titles[i], Year: p.Date.Year}
			if len(p.Authors) > 0 {
				firsts[i] = citeName(&p.Authors[0])
				w.Authors = firsts[i : i+1]
			}
			bases[i] = cite.BaseKey(&w)
		}
	})
	keyMaker := cite.NewKeyMaker(bases)
	// A key depends on the work's ID and title only; the digests behind
	// the suffixes of shared base keys are computed concurrently first.
	digests := make([]cite.Digest, len(pubs))
	forEachChunk(len(pubs), exportChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if keyMaker.Shared(bases[i]) {
				digests[i] = cite.WorkDigest(&cite.Work{ID: pubs[i].Key, Title: titles[i]})
			}
		}
	})
	keys := make([]string, len(pubs))
	for i, p := range pubs {
		digest := &digests[i]
		if digest[0] == 0 {
			digest = nil // not computed: a digest is hexadecimal
		}
		keys[i] = keyMaker.KeyFromDigest(&cite.Work{ID: p.Key, Title: titles[i]}, bases[i], digest)
	}
	// Then each work is converted once, in chunks converted concurrently,
	// into its CSL-JSON item and its BibTeX entry. publications.json is
	// written chunk by chunk as they are done, in order; the BibTeX
	// entries are kept for publications.bib and the people's files.
	chunks := make([]exportPart, (len(pubs)+exportChunk-1)/exportChunk)
	for k := range chunks {
		chunks[k].done = make(chan struct{})
	}
	ends := make([]int, len(pubs)) // entry i ends at ends[i] in its chunk's bib
	var converted sync.WaitGroup
	converted.Go(func() {
		forEachChunk(len(pubs), exportChunk, func(lo, hi int) {
			if lo == hi {
				return // no publications, no chunk
			}
			c := &chunks[lo/exportChunk]
			c.csl = slices.Grow((*cslBuffers.Get().(*[]byte))[:0], cslSizeHint(pubs[lo:hi]))
			c.bib = make([]byte, 0, bibSizeHint(pubs[lo:hi]))
			var w cite.Work
			var names []cite.Name
			for i, p := range pubs[lo:hi] {
				i += lo
				names = names[:0]
				if len(p.Authors) > 0 {
					names = citeNames(append(names, firsts[i]), p, 1)
				}
				citeWork(p, titles[i], &w)
				w.Authors = names
				w.Key = keys[i]
				c.csl = cite.AppendCSLItem(c.csl, i, &w)
				if i > lo {
					c.bib = append(c.bib, '\n')
				}
				c.bib = cite.AppendEntry(c.bib, &w)
				ends[i] = len(c.bib)
			}
			close(c.done)
		})
	})
	err := addStreamed(out, "publications.json", func(jw io.Writer) error {
		for k := range chunks {
			<-chunks[k].done
			if _, err := jw.Write(chunks[k].csl); err != nil {
				return err
			}
			written := chunks[k].csl
			chunks[k].csl = nil
			cslBuffers.Put(&written) // for the chunks converted next
		}
		_, err := jw.Write(cite.AppendCSLEnd(nil, len(pubs)))
		return err
	})
	converted.Wait()
	if err != nil {
		return err
	}
	err = addStreamed(out, "publications.bib", func(bw io.Writer) error {
		for k := range chunks {
			if k > 0 {
				if _, err := bw.Write([]byte{'\n'}); err != nil {
					return err
				}
			}
			if _, err := bw.Write(chunks[k].bib); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The people's files copy their entries, a few people at a time.
	entry := make(map[string]int, len(pubs)) // a key's last entry
	for i, p := range pubs {
		entry[p.Key] = i
	}
	text := func(pub *Publication) []byte { // nil for a work not in the list
		i, ok := entry[pub.Key]
		if !ok {
			return nil
		}
		lo := i - i%exportChunk
		start := 0
		if i > lo {
			start = ends[i-1] + 1
		}
		return chunks[i/exportChunk].bib[start:ends[i]]
	}
	errs := make([]error, len(site.People))
	forEachChunk(len(site.People), 8, func(lo, hi int) {
		// A file written to a folder is done with once added: one
		// buffer serves these people.
		var buf []byte
		for i, p := range site.People[lo:hi] {
			i += lo
			n := max(len(p.Publications)-1, 0)
			for _, pub := range p.Publications {
				n += len(text(pub))
			}
			if out.dir == "" || cap(buf) < n {
				buf = make([]byte, 0, n)
			}
			buf = buf[:0]
			for j, pub := range p.Publications {
				if j > 0 {
					buf = append(buf, '\n')
				}
				buf = append(buf, text(pub)...)
			}
			errs[i] = out.Add(files[i], buf)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	n := DefaultFeedSize
	if site.Config != nil && site.Config.Publications.Recent > 0 {
		n = site.Config.Publications.Recent
	}
	var recent []cite.Work
	for i, p := range pubs {
		if len(recent) == n {
			break
		}
		if p.Date.Year > 0 {
			var w cite.Work
			citeWork(p, titles[i], &w)
			w.Authors = citeNames(nil, p, 0)
			feedFields(site, p, &w)
			recent = append(recent, w)
		}
	}
	feed, err := cite.Atom(cite.FeedMeta{
		ID:      site.BaseURL,
		Title:   strings.TrimSpace(site.Title + " publications"),
		SiteURL: site.BaseURL + "publications/",
		SelfURL: site.BaseURL + "feed.xml",
		Author:  site.Title,
	}, recent)
	if err != nil {
		return err
	}
	return out.Add("feed.xml", feed)
}

// exportChunk is the number of publications converted together into
// their exports, by one goroutine.
const exportChunk = 512

// cslBuffers hold the CSL-JSON of chunks once written, for the chunks
// converted after them.
var cslBuffers = sync.Pool{New: func() any { return new([]byte) }}

// exportPart holds the exports of one chunk of the publication list: its
// CSL-JSON items (with the separators before them) and its BibTeX
// entries (joined by newlines), set before done is closed.
type exportPart struct {
	csl, bib []byte
	done     chan struct{}
}

// bibSizeHint estimates the size of the BibTeX entries of pubs, a little
// above it for most text (about 10% on the synthetic site), so that the
// joined entries are seldom copied as they grow.
func bibSizeHint(pubs []*Publication) int {
	n := 0
	for _, p := range pubs {
		n += 120 + len(p.Title) + len(p.Subtitle) + len(p.Venue) + len(p.DOI) + len(p.URL)
		for i := range p.Authors {
			n += 6 + len(p.Authors[i].Name)
		}
	}
	return n
}

// cslSizeHint estimates the size of the CSL-JSON items of pubs, a little
// above it for most text (about 5% on the synthetic site), like
// bibSizeHint.
func cslSizeHint(pubs []*Publication) int {
	n := 0
	for _, p := range pubs {
		n += 90 + len(p.Title) + len(p.Subtitle) + len(p.Venue) + 2*len(p.DOI) + len(p.URL)
		for i := range p.Authors {
			n += 26 + len(p.Authors[i].Name)
		}
	}
	return n
}

// addStreamed adds the file name, written by write: streamed into its
// file when out is a folder, else collected in memory.
func addStreamed(out *Output, name string, write func(io.Writer) error) error {
	if out.dir != "" {
		return out.stream(name, write)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return out.Add(name, buf.Bytes())
}

// citeNames appends the cite names of a publication's authors, from the
// one at index from on, to names.
func citeNames(names []cite.Name, p *Publication, from int) []cite.Name {
	for i := from; i < len(p.Authors); i++ {
		names = append(names, citeName(&p.Authors[i]))
	}
	return names
}

// citeWork converts one publication, whose full title is given, into w:
// all but its authors, key and the feed's fields.
func citeWork(p *Publication, title string, w *cite.Work) {
	*w = cite.Work{
		ID: p.Key, Type: p.Type, Title: title, Venue: p.Venue, DOI: p.DOI,
		Year: p.Date.Year, Month: p.Date.Month, Day: p.Date.Day, Abstract: "",
	}
	if p.URL != "" && !isDOIURL(p.URL, p.DOI) {
		w.URL = p.URL
	}
	for _, id := range p.IDs {
		if !id.isSelf() {
			continue
		}
		switch id.Type {
		case "pmid":
			w.PMID = cmpOr(w.PMID, id.Value)
		case "pmc":
			w.PMCID = cmpOr(w.PMCID, strings.ToUpper(id.Value))
		case "arxiv":
			w.ArXiv = cmpOr(w.ArXiv, normalizeArXiv(id.Value))
		case "isbn":
			w.ISBN = cmpOr(w.ISBN, id.Value)
		}
	}
}

// isDOIURL reports whether u is identifierURL("doi", doi), building that
// URL only when the DOI has characters to escape.
func isDOIURL(u, doi string) bool {
	const prefix = "https://doi.org/"
	if !strings.HasPrefix(u, prefix) {
		return false
	}
	plain := true
	for rest := doi; plain && rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "/")
		plain = url.PathEscape(part) == part
	}
	if plain { // doiPath(doi) is doi
		return u[len(prefix):] == doi
	}
	return u == identifierURL("doi", doi)
}

// feedFields sets the fields of w that only the feed uses: the link a
// reader follows and the summary (authors, venue, date and type).
func feedFields(site *Site, p *Publication, w *cite.Work) {
	w.Link = p.URL
	if w.Link == "" && site != nil {
		w.Link = site.BaseURL + "publications/#" + p.Anchor
	}
	var names []string
	for _, a := range p.ShortAuthors {
		if a.Omitted > 0 {
			names = append(names, "…")
		} else {
			names = append(names, a.Name)
		}
	}
	parts := []string{strings.Join(names, ", ")}
	if p.Venue != "" {
		parts = append(parts, p.Venue)
	}
	if d := FormatDate(p.Date); d != "" {
		parts = append(parts, d)
	}
	parts = append(parts, p.TypeLabel)
	w.Summary = strings.TrimPrefix(strings.Join(parts, ". ")+".", ". ")
}

// citeName splits an author's name; a member standing in for missing
// author data uses the ORCID given and family names.
func citeName(a *Author) cite.Name {
	if m := a.Person; m != nil && m.FamilyName != "" && a.Name == m.Name {
		return cite.Name{Given: m.GivenNames, Family: m.FamilyName}
	}
	n := cite.SplitName(a.Name)
	if n.Given == "" && n.Family != "" && !strings.Contains(a.Name, ",") {
		return cite.Name{Literal: n.Family}
	}
	return n
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// The JSON-LD is written as encoding/json writes nested maps: compact,
// every object's keys in sorted order (each writer below writes them in
// that order), strings escaped for HTML, so that no text from ORCID can
// end the script element ("<", ">" and "&" become \u003c, \u003e and
// \u0026).

// ldObject writes the members of one JSON object.
type ldObject struct {
	b     []byte
	start int // len(b) after the object's "{"
}

// openLD starts an object.
func openLD(b []byte) ldObject {
	b = append(b, '{')
	return ldObject{b: b, start: len(b)}
}

// key writes the name of the next member.
func (o *ldObject) key(k string) {
	if len(o.b) > o.start {
		o.b = append(o.b, ',')
	}
	o.b = append(append(append(o.b, '"'), k...), `":`...)
}

// str writes a member holding a string.
func (o *ldObject) str(k, v string) {
	o.key(k)
	o.b = cite.AppendJSONString(o.b, v)
}

// strs writes a member holding a list of strings.
func (o *ldObject) strs(k string, vs []string) {
	o.key(k)
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = cite.AppendJSONString(o.b, v)
	}
	o.b = append(o.b, ']')
}

// close ends the object.
func (o *ldObject) close() []byte { return append(o.b, '}') }

// appendNamedLD appends {"@type": typ, "name": name}.
func appendNamedLD(b []byte, typ, name string) []byte {
	o := openLD(b)
	o.str("@type", typ)
	o.str("name", name)
	return o.close()
}

// PersonJSONLD returns the schema.org Person of a profile as JSON-LD: name,
// ORCID identifier, current affiliations, education, keywords and sameAs
// links (ORCID, researcher URLs, external identifiers).
func PersonJSONLD(site *Site, p *Person) template.JS {
	o := openLD(make([]byte, 0, 1024))
	o.str("@context", "https://schema.org")
	o.str("@id", p.ID.URI())
	o.str("@type", "Person")
	var aff []*Affiliation
	for i := range p.Employments {
		if a := &p.Employments[i]; a.Current() && a.Organization != "" {
			aff = append(aff, a)
		}
	}
	if len(aff) > 0 {
		o.key("affiliation")
		o.b = appendOrgsLD(o.b, aff)
	}
	var alt []string
	for _, n := range append([]string{p.CreditName}, p.OtherNames...) {
		if n != "" && n != p.Name && !slices.Contains(alt, n) {
			alt = append(alt, n)
		}
	}
	if len(alt) > 0 {
		o.strs("alternateName", alt)
	}
	var alumni []*Affiliation
	for i := range p.Educations {
		a := &p.Educations[i]
		if a.Organization != "" && !slices.ContainsFunc(alumni, func(x *Affiliation) bool { return x.Organization == a.Organization }) {
			alumni = append(alumni, a)
		}
	}
	if len(alumni) > 0 {
		o.key("alumniOf")
		o.b = appendOrgsLD(o.b, alumni)
	}
	if p.FamilyName != "" {
		o.str("familyName", p.FamilyName)
	}
	if p.GivenNames != "" {
		o.str("givenName", p.GivenNames)
	}
	o.key("identifier")
	id := openLD(o.b)
	id.str("@type", "PropertyValue")
	id.str("propertyID", "ORCID")
	id.str("url", p.ID.URI())
	id.str("value", string(p.ID))
	o.b = id.close()
	if u := safeURL(p.Photo); u != "" {
		o.str("image", u)
	} else if p.Photo != "" && site != nil && !strings.Contains(p.Photo, ":") {
		o.str("image", site.BaseURL+strings.TrimPrefix(p.Photo, "/"))
	}
	if p.Role != "" {
		o.str("jobTitle", p.Role)
	}
	if len(p.Keywords) > 0 {
		o.strs("knowsAbout", p.Keywords)
	}
	o.str("name", p.Name)
	same := []string{p.ID.URI()}
	for _, l := range append(slices.Clone(p.Links), p.Identifiers...) {
		if l.URL != "" && !slices.Contains(same, l.URL) {
			same = append(same, l.URL)
		}
	}
	o.strs("sameAs", same)
	if site != nil && p.Slug != "" {
		o.str("url", site.BaseURL+"people/"+p.Slug+"/")
	}
	return template.JS(o.close())
}

// appendOrgsLD appends a list of the affiliations' organisations.
func appendOrgsLD(b []byte, affs []*Affiliation) []byte {
	b = append(b, '[')
	for i, a := range affs {
		if i > 0 {
			b = append(b, ',')
		}
		o := openLD(b)
		o.str("@type", "Organization")
		if a.Department != "" {
			o.key("department")
			o.b = appendNamedLD(o.b, "Organization", a.Department)
		}
		o.str("name", a.Organization)
		if strings.EqualFold(a.RegistrySource, "ROR") && a.RegistryID != "" {
			id := a.RegistryID
			if !strings.HasPrefix(id, "https://") {
				id = "https://ror.org/" + strings.TrimPrefix(id, "ror.org/")
			}
			if u := safeURL(id); u != "" {
				o.str("sameAs", u)
			}
		}
		b = o.close()
	}
	return append(b, ']')
}

// ldType maps ORCID work types to schema.org types.
var ldType = map[string]string{
	"data-set": "Dataset", "software": "SoftwareSourceCode", "book": "Book", "edited-book": "Book",
	"book-chapter": "Chapter", "dissertation-thesis": "Thesis", "report": "Report",
}

// PublicationsJSONLD returns a publication list as JSON-LD: a schema.org
// @graph of ScholarlyArticle items (Dataset, Book, … where the type says
// so) with title, date, venue, DOI and other identifiers, and authors with
// their ORCID iDs.
func PublicationsJSONLD(site *Site, pubs []*Publication) template.JS {
	b := make([]byte, 0, 64+768*len(pubs))
	b = append(b, `{"@context":"https://schema.org","@graph":[`...)
	for i, p := range pubs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPublicationLD(b, site, p)
	}
	return template.JS(append(b, "]}"...))
}

// appendPublicationLD appends one item of PublicationsJSONLD's @graph.
func appendPublicationLD(b []byte, site *Site, p *Publication) []byte {
	t := ldType[p.Type]
	if t == "" {
		t = "ScholarlyArticle"
	}
	name := cmpOr(p.FullTitle(), "Untitled")
	o := openLD(b)
	switch {
	case p.DOI != "":
		o.str("@id", identifierURL("doi", p.DOI))
	case site != nil:
		o.str("@id", site.BaseURL+"publications/#"+p.Anchor)
	}
	o.str("@type", t)
	if len(p.Authors) > 0 {
		o.key("author")
		o.b = append(o.b, '[')
		for i := range p.Authors {
			a := &p.Authors[i]
			if i > 0 {
				o.b = append(o.b, ',')
			}
			ao := openLD(o.b)
			id := a.ORCID
			if id == "" && a.Person != nil {
				id = a.Person.ID
			}
			if id != "" {
				ao.str("@id", id.URI())
			}
			ao.str("@type", "Person")
			if id != "" {
				ao.key("identifier")
				io := openLD(ao.b)
				io.str("@type", "PropertyValue")
				io.str("propertyID", "ORCID")
				io.str("value", string(id))
				ao.b = io.close()
			}
			ao.str("name", a.Name)
			if a.Person != nil && site != nil {
				ao.str("url", site.BaseURL+"people/"+a.Person.Slug+"/")
			}
			o.b = ao.close()
		}
		o.b = append(o.b, ']')
	}
	if d := p.Date.String(); d != "" {
		o.str("datePublished", d)
	}
	if t == "ScholarlyArticle" {
		o.str("headline", name)
	}
	n := 0
	for _, id := range p.IDs {
		if id.isSelf() && id.Type != "uri" && id.Type != "url" {
			if n == 0 {
				o.key("identifier")
				o.b = append(o.b, '[')
			} else {
				o.b = append(o.b, ',')
			}
			n++
			io := openLD(o.b)
			io.str("@type", "PropertyValue")
			io.str("propertyID", strings.ToUpper(id.Type))
			io.str("value", id.Value)
			o.b = io.close()
		}
	}
	if n > 0 {
		o.b = append(o.b, ']')
	}
	if p.Venue != "" {
		o.key("isPartOf")
		if p.Section != SectionArticles {
			o.b = appendNamedLD(o.b, "CreativeWork", p.Venue)
		} else {
			o.b = appendNamedLD(o.b, "Periodical", p.Venue)
		}
	}
	o.str("name", name)
	if p.DOI != "" {
		o.str("sameAs", identifierURL("doi", p.DOI))
	}
	if p.URL != "" {
		o.str("url", p.URL)
	}
	return o.close()
}

// pubFuncs are the template functions of the publication model:
//
//	personJSONLD .Site .Person          → schema.org Person JSON-LD (template.JS)
//	publicationsJSONLD .Site .Publications → schema.org @graph of the works
//	pubSections .Publications           → []PublicationSection (journal articles, …)
//	featured .Publications              → the pinned works, in pin order
//	workTypeLabel "data-set"            → "Data set"
func pubFuncs() template.FuncMap {
	return template.FuncMap{
		"personJSONLD":       PersonJSONLD,
		"publicationsJSONLD": PublicationsJSONLD,
		"pubSections":        PublicationSections,
		"featured":           FeaturedPublications,
		"workTypeLabel":      WorkTypeLabel,
	}
}
