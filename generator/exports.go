package generator

// Exports of the publication list: publications.bib, publications.json
// (CSL-JSON), people/<slug>/publications.bib and feed.xml (Atom), written
// with package cite, and the JSON-LD (schema.org) that profile and
// publication pages embed.

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"

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
	// suffix.
	titles := make([]string, len(pubs))
	bases := make([]string, len(pubs))
	for i, p := range pubs {
		titles[i] = p.FullTitle()
		w := cite.Work{Title: titles[i], Year: p.Date.Year}
		var first [1]cite.Name
		if len(p.Authors) > 0 {
			first[0] = citeName(&p.Authors[0])
			w.Authors = first[:]
		}
		bases[i] = cite.BaseKey(&w)
	}
	keys := cite.NewKeyMaker(bases)
	// Then each work is converted once, into one reused Work, and written
	// to publications.json (streamed) and to publications.bib, whose
	// entries are then copied into the people's files.
	bib := make([]byte, 0, bibSizeHint(pubs))
	ends := make([]int, len(pubs)) // entry i is bib[entryStart(ends, i):ends[i]]
	err := addStreamed(out, "publications.json", func(jw io.Writer) error {
		csl := cite.NewCSLWriter(jw)
		var w cite.Work
		var names []cite.Name
		for i, p := range pubs {
			names = citeNames(names[:0], p)
			citeWork(p, titles[i], &w)
			w.Authors = names
			w.Key = keys.Key(&w, bases[i])
			if i > 0 {
				bib = append(bib, '\n')
			}
			bib = cite.AppendEntry(bib, &w)
			ends[i] = len(bib)
			if err := csl.Add(&w); err != nil {
				return err
			}
		}
		return csl.Close()
	})
	if err != nil {
		return err
	}
	if err := out.Add("publications.bib", bib); err != nil {
		return err
	}
	entry := make(map[string]int, len(pubs)) // a key's last entry
	for i, p := range pubs {
		entry[p.Key] = i
	}
	// A file written to a folder is done with once added: one buffer
	// serves every person.
	var buf []byte
	text := func(pub *Publication) []byte { // "" for a work not in the list
		if i, ok := entry[pub.Key]; ok {
			return bib[entryStart(ends, i):ends[i]]
		}
		return nil
	}
	for i, p := range site.People {
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
		if err := out.Add(files[i], buf); err != nil {
			return err
		}
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
			w.Authors = citeNames(nil, p)
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

// entryStart returns where entry i begins in the joined entries ending at
// ends, after the newline that separates it from the one before.
func entryStart(ends []int, i int) int {
	if i == 0 {
		return 0
	}
	return ends[i-1] + 1
}

// bibSizeHint estimates the size of the BibTeX entries of pubs, a little
// above it for most text, so that the joined entries are not copied as
// they grow.
func bibSizeHint(pubs []*Publication) int {
	n := 0
	for _, p := range pubs {
		n += 240 + 2*len(p.Title) + len(p.Subtitle) + len(p.Venue) + len(p.DOI) + len(p.URL)
		for i := range p.Authors {
			n += 8 + len(p.Authors[i].Name)
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

// citeNames appends the cite names of a publication's authors to names.
func citeNames(names []cite.Name, p *Publication) []cite.Name {
	for i := range p.Authors {
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

// jsonLD encodes v for a <script type="application/ld+json"> element:
// "<", ">" and "&" are written as \u003c, \u003e and \u0026 so that no
// text from ORCID can end the script element.
func jsonLD(v any) template.JS {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return template.JS("{}")
	}
	return template.JS(strings.TrimSpace(buf.String()))
}

type ldObject = map[string]any

// PersonJSONLD returns the schema.org Person of a profile as JSON-LD: name,
// ORCID identifier, current affiliations, education, keywords and sameAs
// links (ORCID, researcher URLs, external identifiers).
func PersonJSONLD(site *Site, p *Person) template.JS {
	o := ldObject{"@context": "https://schema.org", "@type": "Person", "@id": p.ID.URI(), "name": p.Name}
	if site != nil && p.Slug != "" {
		o["url"] = site.BaseURL + "people/" + p.Slug + "/"
	}
	if p.GivenNames != "" {
		o["givenName"] = p.GivenNames
	}
	if p.FamilyName != "" {
		o["familyName"] = p.FamilyName
	}
	var alt []string
	for _, n := range append([]string{p.CreditName}, p.OtherNames...) {
		if n != "" && n != p.Name && !slices.Contains(alt, n) {
			alt = append(alt, n)
		}
	}
	if len(alt) > 0 {
		o["alternateName"] = alt
	}
	o["identifier"] = ldObject{"@type": "PropertyValue", "propertyID": "ORCID", "value": string(p.ID), "url": p.ID.URI()}
	if p.Role != "" {
		o["jobTitle"] = p.Role
	}
	if u := safeURL(p.Photo); u != "" {
		o["image"] = u
	} else if p.Photo != "" && site != nil && !strings.Contains(p.Photo, ":") {
		o["image"] = site.BaseURL + strings.TrimPrefix(p.Photo, "/")
	}
	var aff []ldObject
	for _, a := range p.Employments {
		if a.Current() && a.Organization != "" {
			aff = append(aff, orgLD(a))
		}
	}
	if len(aff) > 0 {
		o["affiliation"] = aff
	}
	var alumni []ldObject
	for _, a := range p.Educations {
		if a.Organization != "" && !slices.ContainsFunc(alumni, func(x ldObject) bool { return x["name"] == a.Organization }) {
			alumni = append(alumni, orgLD(a))
		}
	}
	if len(alumni) > 0 {
		o["alumniOf"] = alumni
	}
	if len(p.Keywords) > 0 {
		o["knowsAbout"] = p.Keywords
	}
	same := []string{p.ID.URI()}
	for _, l := range append(slices.Clone(p.Links), p.Identifiers...) {
		if l.URL != "" && !slices.Contains(same, l.URL) {
			same = append(same, l.URL)
		}
	}
	o["sameAs"] = same
	return jsonLD(o)
}

// orgLD describes an affiliation's organisation.
func orgLD(a Affiliation) ldObject {
	o := ldObject{"@type": "Organization", "name": a.Organization}
	if a.Department != "" {
		o["department"] = ldObject{"@type": "Organization", "name": a.Department}
	}
	if strings.EqualFold(a.RegistrySource, "ROR") && a.RegistryID != "" {
		id := a.RegistryID
		if !strings.HasPrefix(id, "https://") {
			id = "https://ror.org/" + strings.TrimPrefix(id, "ror.org/")
		}
		if u := safeURL(id); u != "" {
			o["sameAs"] = u
		}
	}
	return o
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
	graph := make([]ldObject, 0, len(pubs))
	for _, p := range pubs {
		t := ldType[p.Type]
		if t == "" {
			t = "ScholarlyArticle"
		}
		o := ldObject{"@type": t, "name": cmpOr(p.FullTitle(), "Untitled")}
		switch {
		case p.DOI != "":
			o["@id"] = identifierURL("doi", p.DOI)
		case site != nil:
			o["@id"] = site.BaseURL + "publications/#" + p.Anchor
		}
		if t == "ScholarlyArticle" {
			o["headline"] = o["name"]
		}
		if d := p.Date.String(); d != "" {
			o["datePublished"] = d
		}
		if p.URL != "" {
			o["url"] = p.URL
		}
		if p.Venue != "" {
			o["isPartOf"] = ldObject{"@type": "Periodical", "name": p.Venue}
			if p.Section != SectionArticles {
				o["isPartOf"] = ldObject{"@type": "CreativeWork", "name": p.Venue}
			}
		}
		var ids []ldObject
		for _, id := range p.IDs {
			if id.isSelf() && id.Type != "uri" && id.Type != "url" {
				ids = append(ids, ldObject{"@type": "PropertyValue", "propertyID": strings.ToUpper(id.Type), "value": id.Value})
			}
		}
		if len(ids) > 0 {
			o["identifier"] = ids
		}
		if p.DOI != "" {
			o["sameAs"] = identifierURL("doi", p.DOI)
		}
		var authors []ldObject
		for _, a := range p.Authors {
			ao := ldObject{"@type": "Person", "name": a.Name}
			id := a.ORCID
			if id == "" && a.Person != nil {
				id = a.Person.ID
			}
			if id != "" {
				ao["@id"] = id.URI()
				ao["identifier"] = ldObject{"@type": "PropertyValue", "propertyID": "ORCID", "value": string(id)}
			}
			if a.Person != nil && site != nil {
				ao["url"] = site.BaseURL + "people/" + a.Person.Slug + "/"
			}
			authors = append(authors, ao)
		}
		if len(authors) > 0 {
			o["author"] = authors
		}
		graph = append(graph, o)
	}
	return jsonLD(ldObject{"@context": "https://schema.org", "@graph": graph})
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
