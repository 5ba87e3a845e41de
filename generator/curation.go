package generator

// Curation applies the publications settings of site.yaml and
// publications.yaml to the merged list: member dates, works added from
// BibTeX files, overrides, hidden works, since/types filters, preprint
// handling and pins. Every hide, pin and override entry that matches no
// work is reported as a warning naming its file and line, so a mistyped
// DOI does not go unnoticed.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/orcidsite/orcidsite/generator/cite"
	"github.com/orcidsite/orcidsite/orcid"
)

// publicationResult is what the publications step of a build produces.
type publicationResult struct {
	Publications []*Publication
	// Explain has one line per merge or preprint fold, saying why.
	Explain []string
	// Warnings has one line per curation entry that matched nothing.
	Warnings []string
}

// buildPublications runs the publications step of a build: members' works
// filtered by their membership dates (publications.member_dates), works
// added from BibTeX files, the merge across members, overrides, authors,
// hide rules, since/types, preprint handling and pins. It fills each
// person's Publications.
func buildPublications(siteFS fs.FS, cfg *Config, people []*Person, perPerson map[*Person][]*Publication) (publicationResult, error) {
	var res publicationResult
	pc := cfg.Publications

	// Step 1: membership dates.
	var dropped []string
	if pc.MemberDates {
		for _, p := range people {
			perPerson[p] = slices.DeleteFunc(perPerson[p], func(pub *Publication) bool {
				if withinMembership(pub.Date, p.From, p.To) {
					return false
				}
				dropped = append(dropped, fmt.Sprintf("left out %s for %s: published %s, outside membership %s",
					describe(pub), p.Name, FormatDate(pub.Date), FormatDateRange(p.From, p.To)))
				return true
			})
		}
	}

	// Step 2: works added from BibTeX files.
	var added []*Publication
	for _, name := range pc.Add {
		pubs, err := readAddFile(siteFS, name)
		if err != nil {
			return res, err
		}
		added = append(added, pubs...)
	}

	// Step 3: merge across members.
	pubs, explain := mergePublications(mergeInput{People: people, PerPerson: perPerson, Added: added, Preprints: pc.Preprints})
	res.Explain = append(dropped, explain...)

	// Step 4: overrides, then authors (an override may replace them).
	overridden := false // an override changed a work: its new title or date may move it
	for _, o := range pc.Override {
		n := 0
		folded := ""
		for _, p := range pubs {
			if matchesRef(p, o.WorkRef) {
				applyOverride(p, o)
				n++
				overridden = true
			} else if foldedIndex(p, o.WorkRef) >= 0 {
				folded = p.Key
			}
		}
		switch {
		case n == 0 && folded != "":
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: override %s is a preprint shown as a link of %s; override that work instead", o.File, o.Line, o.WorkRef, folded))
		case n == 0:
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: override %s matches no work", o.File, o.Line, o.WorkRef))
		}
	}
	// Each entry's authors are its own: entries are resolved in parallel.
	idx := newPeopleIndex(people)
	forEachChunk(len(pubs), 256, func(lo, hi int) {
		for _, p := range pubs[lo:hi] {
			resolveAuthors(p, people, idx)
		}
	})

	// Step 5: hidden works.
	for _, h := range pc.Hide {
		var re *regexp.Regexp
		what := h.WorkRef.String()
		if h.Title != "" {
			re, _ = regexp.Compile(h.Title)
			what = fmt.Sprintf("title %q", h.Title)
		}
		n := 0
		pubs = slices.DeleteFunc(pubs, func(p *Publication) bool {
			var hit bool
			if re != nil {
				hit = re.MatchString(p.Title) || re.MatchString(p.FullTitle())
			} else {
				hit = matchesRef(p, h.WorkRef)
				// Hiding a folded preprint removes its link, not the work.
				if i := foldedIndex(p, h.WorkRef); !hit && i >= 0 {
					p.Preprints = slices.Delete(p.Preprints, i, i+1)
					n++
				}
			}
			if hit {
				n++
			}
			return hit
		})
		if n == 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: hide %s matches no work", h.File, h.Line, what))
		}
	}

	// Step 6: since, types and preprints.
	pubs = filterPublications(pc, pubs)
	if pc.Preprints == PreprintsHide {
		pubs = slices.DeleteFunc(pubs, func(p *Publication) bool { return p.IsPreprint })
		for _, p := range pubs {
			p.Preprints = nil
		}
	}

	// Step 7: pins.
	for i, ref := range pc.Pin {
		n := 0
		for _, p := range pubs {
			if (matchesRef(p, ref) || foldedIndex(p, ref) >= 0) && !p.Pinned {
				p.Pinned, p.PinOrder = true, i+1
				n++
			}
		}
		if n == 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: pin %s matches no work", ref.File, ref.Line, ref))
		}
	}

	// Step 8: order, and each person's list. The merge sorted the list, and
	// only an override changes what the order depends on (taking works out
	// keeps it).
	if overridden {
		sortPublications(pubs)
	}
	for _, p := range people {
		p.Publications = nil
	}
	for _, pub := range pubs {
		for _, m := range pub.Members {
			m.Publications = append(m.Publications, pub)
		}
		pub.tkey = nil // matching is over; the pages need no title key
	}
	res.Publications = pubs
	return res, nil
}

// withinMembership reports whether a publication date falls within a
// membership from..to (either may be zero: open). Partial dates count
// when any part of them overlaps; undated works always count.
func withinMembership(d, from, to orcid.FuzzyDate) bool {
	if d.Year == 0 {
		return true
	}
	start, end := dateSpan(d)
	if from.Year > 0 {
		if fs, _ := dateSpan(from); end < fs {
			return false
		}
	}
	if to.Year > 0 {
		if _, te := dateSpan(to); start > te {
			return false
		}
	}
	return true
}

// dateSpan returns the first and last day a partial date may mean, as
// comparable YYYYMMDD numbers.
func dateSpan(d orcid.FuzzyDate) (int, int) {
	y := d.Year * 10000
	switch {
	case d.Month == 0:
		return y + 101, y + 1231
	case d.Day == 0:
		return y + d.Month*100 + 1, y + d.Month*100 + 31
	}
	v := y + d.Month*100 + d.Day
	return v, v
}

// matchesRef reports whether a publication is the work a curation entry
// names: by any of its DOIs (self, versions) or any put-code behind it.
func matchesRef(p *Publication, r WorkRef) bool {
	if r.DOI != "" {
		doi := NormalizeDOI(r.DOI)
		return p.DOI == doi || slices.Contains(p.Versions, doi) || slices.Contains(selfDOIs(p), doi)
	}
	if r.PutCode != 0 {
		return slices.ContainsFunc(p.Sources, func(s WorkSource) bool { return s.PutCode == r.PutCode })
	}
	return false
}

// foldedIndex returns the index of the folded preprint of p that a
// curation entry names, -1 when none.
func foldedIndex(p *Publication, r WorkRef) int {
	return slices.IndexFunc(p.Preprints, func(v PreprintLink) bool {
		if r.DOI != "" {
			return v.Value == NormalizeDOI(r.DOI)
		}
		return r.PutCode != 0 && slices.ContainsFunc(v.Sources, func(s WorkSource) bool { return s.PutCode == r.PutCode })
	})
}

// applyOverride replaces the fields an override sets.
func applyOverride(p *Publication, o Override) {
	if o.Title != "" {
		p.Title, p.Subtitle = cleanSpace(o.Title), ""
	}
	if o.Venue != "" {
		p.Venue = cleanSpace(o.Venue)
	}
	if o.Date != "" {
		if d, err := parseFuzzyDate(o.Date); err == nil {
			p.Date = d
		}
	}
	if o.Type != "" {
		p.IsPreprint = o.Type == "preprint"
		p.setType(o.Type)
	}
	if len(o.Authors) > 0 {
		p.Authors = nil
		for _, a := range o.Authors {
			if s := cleanSpace(a); s != "" {
				p.Authors = append(p.Authors, Author{Name: s})
			}
		}
		p.AuthorsFrom = "override"
	}
	if u := safeURL(o.URL); u != "" {
		p.URL = u
	}
}

// readAddFile reads the works of one BibTeX file of publications.add.
func readAddFile(siteFS fs.FS, name string) ([]*Publication, error) {
	b, err := fs.ReadFile(siteFS, path.Clean(name))
	if err != nil {
		return nil, fmt.Errorf("publications.add: %w", err)
	}
	entries, err := cite.ParseBibTeX(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []*Publication
	seen := map[string]int{}
	for _, e := range entries {
		if e.Key == "" {
			return nil, fmt.Errorf("%s:%d: @%s entry without a citation key", name, e.Line, e.Type)
		}
		if l, dup := seen[e.Key]; dup {
			return nil, fmt.Errorf("%s:%d: citation key %q already used on line %d", name, e.Line, e.Key, l)
		}
		seen[e.Key] = e.Line
		out = append(out, publicationFromBibTeX(name, cite.WorkFromEntry(e)))
	}
	return out, nil
}

// publicationFromBibTeX makes a publication of a work read from a BibTeX
// file.
func publicationFromBibTeX(file string, w cite.Work) *Publication {
	p := &Publication{
		Title:       cleanSpace(w.Title),
		Venue:       cleanSpace(w.Venue),
		Description: cleanSpace(w.Abstract),
		Date:        validDate(orcid.FuzzyDate{Year: w.Year, Month: w.Month, Day: w.Day}),
		AddedFrom:   file + ":" + w.Key,
		URL:         safeURL(w.URL),
	}
	addID := func(typ, v string) {
		if v = strings.TrimSpace(v); v == "" {
			return
		}
		if typ == "doi" {
			v = NormalizeDOI(v)
		}
		p.IDs = append(p.IDs, WorkID{Type: typ, Value: v, URL: identifierURL(typ, v), Relationship: "self"})
	}
	addID("doi", w.DOI)
	addID("pmid", w.PMID)
	addID("pmc", w.PMCID)
	addID("arxiv", w.ArXiv)
	addID("isbn", w.ISBN)
	p.DOI = firstDOI(p.IDs)
	for _, a := range w.Authors {
		if s := cleanSpace(a.String()); s != "" {
			p.Authors = append(p.Authors, Author{Name: s})
		}
	}
	if len(p.Authors) > 0 {
		p.AuthorsFrom = "add"
	}
	p.setType(w.Type)
	p.IsPreprint = isPreprint(p)
	p.setType(w.Type)
	p.setKey()
	p.URL = bestLink(p)
	return p
}
