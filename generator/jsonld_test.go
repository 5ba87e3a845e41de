package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

// The JSON-LD writers are compared with their first definitions, which
// built maps and encoded them with encoding/json.

// jsonLDMaps encodes v for a <script type="application/ld+json"> element:
// "<", ">" and "&" are written as \u003c, \u003e and \u0026 so that no
// text from ORCID can end the script element.
func jsonLDMaps(v any) template.JS {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return template.JS("{}")
	}
	return template.JS(strings.TrimSpace(buf.String()))
}

type ldMap = map[string]any

// personJSONLDMaps is PersonJSONLD as first written, through maps and
// encoding/json: it returns the schema.org Person of a profile as JSON-LD: name,
// ORCID identifier, current affiliations, education, keywords and sameAs
// links (ORCID, researcher URLs, external identifiers).
func personJSONLDMaps(site *Site, p *Person) template.JS {
	o := ldMap{"@context": "https://schema.org", "@type": "Person", "@id": p.ID.URI(), "name": p.Name}
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
	o["identifier"] = ldMap{"@type": "PropertyValue", "propertyID": "ORCID", "value": string(p.ID), "url": p.ID.URI()}
	if p.Role != "" {
		o["jobTitle"] = p.Role
	}
	if u := safeURL(p.Photo); u != "" {
		o["image"] = u
	} else if p.Photo != "" && site != nil && !strings.Contains(p.Photo, ":") {
		o["image"] = site.BaseURL + strings.TrimPrefix(p.Photo, "/")
	}
	var aff []ldMap
	for _, a := range p.Employments {
		if a.Current() && a.Organization != "" {
			aff = append(aff, orgLDMap(a))
		}
	}
	if len(aff) > 0 {
		o["affiliation"] = aff
	}
	var alumni []ldMap
	for _, a := range p.Educations {
		if a.Organization != "" && !slices.ContainsFunc(alumni, func(x ldMap) bool { return x["name"] == a.Organization }) {
			alumni = append(alumni, orgLDMap(a))
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
	return jsonLDMaps(o)
}

// orgLDMap describes an affiliation's organisation.
func orgLDMap(a Affiliation) ldMap {
	o := ldMap{"@type": "Organization", "name": a.Organization}
	if a.Department != "" {
		o["department"] = ldMap{"@type": "Organization", "name": a.Department}
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

// ldTypeMaps maps ORCID work types to schema.org types.
var ldTypeMaps = map[string]string{
	"data-set": "Dataset", "software": "SoftwareSourceCode", "book": "Book", "edited-book": "Book",
	"book-chapter": "Chapter", "dissertation-thesis": "Thesis", "report": "Report",
}

// publicationsJSONLDMaps is PublicationsJSONLD as first written: it
// returns a publication list as JSON-LD: a schema.org
// @graph of ScholarlyArticle items (Dataset, Book, … where the type says
// so) with title, date, venue, DOI and other identifiers, and authors with
// their ORCID iDs.
func publicationsJSONLDMaps(site *Site, pubs []*Publication) template.JS {
	graph := make([]ldMap, 0, len(pubs))
	for _, p := range pubs {
		t := ldTypeMaps[p.Type]
		if t == "" {
			t = "ScholarlyArticle"
		}
		o := ldMap{"@type": t, "name": cmpOr(p.FullTitle(), "Untitled")}
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
			o["isPartOf"] = ldMap{"@type": "Periodical", "name": p.Venue}
			if p.Section != SectionArticles {
				o["isPartOf"] = ldMap{"@type": "CreativeWork", "name": p.Venue}
			}
		}
		var ids []ldMap
		for _, id := range p.IDs {
			if id.isSelf() && id.Type != "uri" && id.Type != "url" {
				ids = append(ids, ldMap{"@type": "PropertyValue", "propertyID": strings.ToUpper(id.Type), "value": id.Value})
			}
		}
		if len(ids) > 0 {
			o["identifier"] = ids
		}
		if p.DOI != "" {
			o["sameAs"] = identifierURL("doi", p.DOI)
		}
		var authors []ldMap
		for _, a := range p.Authors {
			ao := ldMap{"@type": "Person", "name": a.Name}
			id := a.ORCID
			if id == "" && a.Person != nil {
				id = a.Person.ID
			}
			if id != "" {
				ao["@id"] = id.URI()
				ao["identifier"] = ldMap{"@type": "PropertyValue", "propertyID": "ORCID", "value": string(id)}
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
	return jsonLDMaps(ldMap{"@context": "https://schema.org", "@graph": graph})
}

// ldText are strings for random JSON-LD: HTML and JSON specials, white
// space, non-ASCII, invalid UTF-8, line separators, URLs.
var ldText = []string{"", "a", "Soil & Water", "</script>", "<b>", `"q"`, `\`, "\t\n", "\x00\x7f", "é", "日本", "\u2028", "\xff", " ",
	"https://x.org/a?b=1&c=2", "ror.org/05nv4l321", "https://ror.org/x", "javascript:alert(1)", "/img/a.png", "img:x"}

func ldStr(r *rand.Rand) string {
	var s string
	for range r.IntN(3) {
		s += ldText[r.IntN(len(ldText))]
	}
	return s
}

func checkJSONLD(t *testing.T, site *Site, people []*Person, pubs []*Publication) {
	t.Helper()
	for _, p := range people {
		if got, want := PersonJSONLD(site, p), personJSONLDMaps(site, p); got != want {
			t.Fatalf("PersonJSONLD(%s):\n%s\nwant\n%s", p.Name, got, want)
		}
	}
	for n := range min(len(pubs), 3) + 1 {
		if got, want := PublicationsJSONLD(site, pubs[:n]), publicationsJSONLDMaps(site, pubs[:n]); got != want {
			t.Fatalf("PublicationsJSONLD of %d:\n%s\nwant\n%s", n, got, want)
		}
	}
	if got, want := PublicationsJSONLD(site, pubs), publicationsJSONLDMaps(site, pubs); got != want {
		t.Fatalf("PublicationsJSONLD:\n%s\nwant\n%s", got, want)
	}
	if got, want := PublicationsJSONLD(site, nil), publicationsJSONLDMaps(site, nil); got != want {
		t.Fatalf("PublicationsJSONLD(nil) = %s, want %s", got, want)
	}
}

func TestJSONLDMatchesMaps(t *testing.T) {
	for _, site := range []*Site{exportSite(t), syntheticSite(t, 6, 20)} {
		checkJSONLD(t, site, site.People, site.Publications)
		checkJSONLD(t, nil, site.People, site.Publications)
	}
	r := rand.New(rand.NewPCG(21, 22))
	site := &Site{BaseURL: "https://lab.example.org/"}
	types := []string{"journal-article", "data-set", "book", "software", "other", ""}
	sections := []string{SectionArticles, "other"}
	for i := range 400 {
		p := &Person{ID: orcid.ID(fmt.Sprintf("0000-0000-0000-%04d", i)), Name: ldStr(r), GivenNames: ldStr(r), FamilyName: ldStr(r),
			CreditName: ldStr(r), OtherNames: []string{ldStr(r), ldStr(r)}, Role: ldStr(r), Photo: ldStr(r), Slug: ldStr(r),
			Keywords: []string{ldStr(r)}[:r.IntN(2)]}
		for range r.IntN(3) {
			a := Affiliation{Organization: ldStr(r), Department: ldStr(r), RegistrySource: []string{"ROR", "ror", "GRID"}[r.IntN(3)], RegistryID: ldStr(r)}
			p.Employments = append(p.Employments, a)
			p.Educations = append(p.Educations, a, a)
		}
		for range r.IntN(3) {
			p.Links = append(p.Links, Link{Name: ldStr(r), URL: ldStr(r)})
			p.Identifiers = append(p.Identifiers, Link{Name: ldStr(r), URL: ldStr(r)})
		}
		pub := &Publication{Key: ldStr(r), Type: types[r.IntN(len(types))], Title: ldStr(r), Subtitle: ldStr(r), Venue: ldStr(r),
			DOI: ldStr(r), URL: ldStr(r), Anchor: ldStr(r), Section: sections[r.IntN(2)],
			Date: orcid.FuzzyDate{Year: r.IntN(3) * 1000, Month: r.IntN(14), Day: r.IntN(33)}}
		for range r.IntN(4) {
			a := Author{Name: ldStr(r)}
			switch r.IntN(3) {
			case 0:
				a.ORCID = orcid.ID(ldStr(r))
			case 1:
				a.Person = p
			}
			pub.Authors = append(pub.Authors, a)
		}
		for range r.IntN(4) {
			pub.IDs = append(pub.IDs, WorkID{Type: []string{"pmid", "uri", "url", "isbn", "arxiv"}[r.IntN(5)], Value: ldStr(r),
				Relationship: []string{"self", "", "part-of"}[r.IntN(3)]})
		}
		for _, s := range []*Site{site, nil} {
			checkJSONLD(t, s, []*Person{p}, []*Publication{pub, pub})
		}
	}
}
