package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/orcidsite/orcidsite/orcid"
)

// BuildSite assembles the site model from the configuration, the people
// to show (site.yaml's list plus any discovered members), their snapshots
// (a person without one is shown from site.yaml alone, with a warning) and
// the content/ folder.
func BuildSite(siteFS fs.FS, cfg *Config, people []PersonConfig, snaps map[orcid.ID]*Snapshot) (*Site, error) {
	return assembleSite(siteFS, cfg, people, func(pc PersonConfig) (*Snapshot, error) { return snaps[pc.ORCID], nil }, nil)
}

// LoadSite reads the people's snapshots from the site folder and builds
// the site model, as LoadSnapshots and BuildSite do together, except that
// each snapshot is turned into its person and works as soon as it is read
// and then dropped: the decoded snapshots, several times the size of the
// model, are never all in memory at once. The snapshots staged or removed
// by a strict fetch (fr, which may be nil) take the place of the files.
// Unreadable snapshots are errors, all of them reported.
func LoadSite(siteFS fs.FS, cfg *Config, people []PersonConfig, fr *FetchResult) (*Site, error) {
	return loadSite(siteFS, cfg, people, fr, nil)
}

// loadSite is LoadSite, calling slugged (unless nil) with the people once
// their slugs are given, before the publications are merged.
func loadSite(siteFS fs.FS, cfg *Config, people []PersonConfig, fr *FetchResult, slugged func([]*Person)) (*Site, error) {
	return assembleSite(siteFS, cfg, people, func(pc PersonConfig) (*Snapshot, error) {
		if fr != nil {
			if s, ok := fr.stagedSnapshot(pc.ORCID); ok {
				return s, nil
			}
		}
		s, err := ReadSnapshot(siteFS, pc.ORCID)
		if errors.Is(err, ErrNoSnapshot) {
			return nil, nil
		}
		return s, err
	}, slugged)
}

// assembleSite is BuildSite with the snapshots given by load (nil for a
// person without one), called concurrently, and slugged as loadSite calls
// it.
func assembleSite(siteFS fs.FS, cfg *Config, people []PersonConfig, load func(PersonConfig) (*Snapshot, error), slugged func([]*Person)) (*Site, error) {
	site := &Site{
		Config:      cfg,
		Title:       cfg.Title,
		Description: cfg.Description,
		BaseURL:     cfg.BaseURL,
		Language:    cfg.Language,
		Menu:        slices.Clone(cfg.Menu),
		Params:      cfg.Params,
	}

	slices.SortStableFunc(site.Menu, func(a, b MenuItem) int { return a.Weight - b.Weight })

	// Step 1: content pages, including people's extra pages.
	home, pages, extra, err := loadContent(siteFS)
	if err != nil {
		return nil, err
	}
	site.Home, site.Pages = home, pages

	// Step 2: people, with slugs and groups.
	// Each person's works are read from their snapshot concurrently.
	site.People = make([]*Person, len(people))
	works := make([][]*Publication, len(people))
	loaded := make([]bool, len(people))
	errs := make([]error, len(people))
	// A few goroutines take the people in turn: one goroutine each would
	// grow a new stack for every snapshot.
	forEachChunk(len(people), 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			pc := people[i]
			snap, err := load(pc)
			if err != nil {
				errs[i] = err
				continue
			}
			site.People[i] = newPerson(pc, snap)
			if snap != nil {
				loaded[i] = true
				works[i] = personWorks(site.People[i], snap)
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	perPerson := map[*Person][]*Publication{}
	for i, p := range site.People {
		if !loaded[i] {
			site.Warnings = append(site.Warnings, fmt.Sprintf("%s: no ORCID data in data/orcid/ (not fetched yet, or the record is no longer public); shown from site.yaml only", p.ID))
		} else {
			perPerson[p] = works[i]
		}
	}
	assignSlugs(site.People)
	for _, p := range site.People {
		p.Content = extra[p.Slug]
		delete(extra, p.Slug)
	}
	for slug, pg := range extra {
		site.Warnings = append(site.Warnings, fmt.Sprintf("%s: no person has the slug %q", pg.File, slug))
	}
	slices.Sort(site.Warnings)
	site.Groups = groupPeople(site.People)
	if slugged != nil {
		slugged(site.People)
	}

	// Step 3: publications, merged across members and curated.
	pr, err := buildPublications(siteFS, cfg, site.People, perPerson)
	if err != nil {
		return nil, err
	}
	site.Publications, site.Explain = pr.Publications, pr.Explain
	site.Warnings = append(site.Warnings, pr.Warnings...)
	return site, nil
}

// filterPublications applies publications.since and publications.types.
func filterPublications(pc PublicationsConfig, pubs []*Publication) []*Publication {
	return slices.DeleteFunc(pubs, func(p *Publication) bool {
		if pc.Since > 0 && p.Date.Year != 0 && p.Date.Year < pc.Since {
			return true
		}
		return len(pc.Types) > 0 && !slices.Contains(pc.Types, p.Type)
	})
}

// LoadSnapshots reads the snapshots of the given people from the site
// folder, decoding several at once. Missing snapshots are skipped;
// unreadable ones are errors.
func LoadSnapshots(siteFS fs.FS, people []PersonConfig) (map[orcid.ID]*Snapshot, error) {
	loaded := make([]*Snapshot, len(people))
	errs := make([]error, len(people))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, pc := range people {
		g.Go(func() error {
			s, err := ReadSnapshot(siteFS, pc.ORCID)
			if !errors.Is(err, ErrNoSnapshot) {
				loaded[i], errs[i] = s, err
			}
			return nil
		})
	}
	g.Wait()
	snaps := map[orcid.ID]*Snapshot{}
	for i, s := range loaded {
		if s != nil {
			snaps[people[i].ORCID] = s
		}
	}
	return snaps, errors.Join(errs...)
}
