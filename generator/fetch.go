package generator

import (
	"context"
	"fmt"
	"io"

	"github.com/orcidsite/orcidsite/orcid"
)

// FetchOptions configure the fetch step.
type FetchOptions struct {
	// Client talks to ORCID; required for an online build.
	Client *orcid.Client
	// Log receives progress and warnings.
	Log io.Writer
}

// FetchResult tells what a fetch did.
type FetchResult struct {
	// People are the site's people: site.yaml's list plus discovered members.
	People []PersonConfig
}

// OfflinePeople returns the people of an offline build: site.yaml's list.
func OfflinePeople(cfg *Config) ([]PersonConfig, error) {
	return cfg.People, nil
}

// Fetch refreshes the snapshot of every person: the record, then the full
// works of each work group's preferred version in bulk calls.
func Fetch(ctx context.Context, cfg *Config, opts FetchOptions) (*FetchResult, error) {
	if opts.Client == nil {
		return nil, fmt.Errorf("fetch: no ORCID client")
	}
	for _, pc := range cfg.People {
		rec, err := opts.Client.Record(ctx, pc.ORCID)
		if err != nil {
			return nil, fmt.Errorf("%s (site.yaml line %d): %w", pc.ORCID, pc.Line, err)
		}
		var codes []int64
		for _, g := range rec.ActivitiesSummary.Works.Group {
			if s, ok := g.Preferred(); ok {
				codes = append(codes, s.PutCode)
			}
		}
		works, _, err := opts.Client.WorksBulk(ctx, pc.ORCID, codes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", pc.ORCID, err)
		}
		snap := &Snapshot{ORCID: pc.ORCID, Record: *rec}
		if rec.History != nil {
			snap.LastModified = rec.History.LastModifiedDate
		}
		for _, w := range works {
			snap.Works = append(snap.Works, w)
		}
		if _, err := WriteSnapshot(cfg.Dir, snap); err != nil {
			return nil, err
		}
	}
	return &FetchResult{People: cfg.People}, nil
}
