package generator

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"
)

// BuildGCPercent is the garbage collector's target percentage that
// TuneGC sets for a build (GOGC=200): the heap may grow to three times the
// live data between collections instead of two. A build's live data is
// small next to what it allocates, so this halves the collections; on a
// 200-researcher site it saves about a tenth of the build's CPU for about
// 12 MB more memory.
const BuildGCPercent = 200

// TuneGC sets the garbage collector for builds (BuildGCPercent), unless
// the GOGC environment variable sets it. The orcidsite command calls it
// once at start; it affects the whole process.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(BuildGCPercent)
	}
}

// BuildOptions configure a build.
type BuildOptions struct {
	// SiteDir is the folder holding site.yaml.
	SiteDir string
	// OutDir is the output folder; relative paths are taken from SiteDir.
	// Default "public".
	OutDir string
	// Offline renders from the snapshot without any request.
	Offline bool
	// Fetch configures the fetch step of an online build.
	Fetch FetchOptions
	// Log receives progress and warnings (one line each); nil discards.
	Log io.Writer
	// NoWrite keeps the output in memory (BuildResult.Output) and leaves
	// the output folder alone, as orcidsite serve does.
	NoWrite bool
	// Dev adds DevScript to every page (orcidsite serve).
	Dev       bool
	DevScript template.HTML
}

// BuildResult tells what a build did.
type BuildResult struct {
	Site   *Site
	Output *Output
	// Fetch is nil for an offline build.
	Fetch *FetchResult
	// OutDir is the folder written.
	OutDir   string
	Duration time.Duration
}

// LoadSiteConfig reads site.yaml from a site folder.
func LoadSiteConfig(siteDir string) (*Config, error) {
	cfg, err := LoadConfig(os.DirFS(siteDir), "site.yaml")
	if err != nil {
		return nil, err
	}
	cfg.Dir = siteDir
	return cfg, nil
}

// Build runs the whole pipeline: read site.yaml, refresh the snapshot
// (unless offline), assemble the model, render, and replace the output
// folder with the complete new site. The output folder is never touched on
// error. On error the result may be non-nil: its Fetch field then carries
// the fetch report.
func Build(ctx context.Context, opts BuildOptions) (*BuildResult, error) {
	start := time.Now()
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	siteDir := opts.SiteDir
	if siteDir == "" {
		siteDir = "."
	}

	// Step 1: configuration.
	cfg, err := LoadSiteConfig(siteDir)
	if err != nil {
		return nil, err
	}
	res := &BuildResult{OutDir: OutputDir(siteDir, opts.OutDir)}

	// Step 2: the snapshot, fetched or as it is. A non-strict fetch has
	// written what it fetched and kept the rest (stale, or the quota ran
	// out): the site is built from the snapshots. A strict fetch staged
	// its snapshots; they are committed only once the site rendered.
	var people []PersonConfig
	var fr *FetchResult
	if !opts.Offline {
		fopts := opts.Fetch
		if fopts.Log == nil {
			fopts.Log = logw
		}
		fr, err = Fetch(ctx, cfg, fopts)
		res.Fetch = fr
		if err != nil {
			return res, err
		}
		people = fr.People
	} else {
		people, err = OfflinePeople(cfg)
		if err != nil {
			return nil, err
		}
	}
	// Step 3: model and pages. Unless kept in memory, the new site is
	// written file by file into a folder beside the output folder, which
	// replaces it at the end. Each snapshot is read and modelled in one go
	// (LoadSite); while the publications are merged, which leaves a core
	// idle, the people's folders are made through the output that Render
	// then writes into, which knows them as made.
	ropts := RenderOptions{Dev: opts.Dev, DevScript: opts.DevScript}
	var slugged func([]*Person)
	var folders sync.WaitGroup
	if !opts.NoWrite {
		if ropts.Dir, err = NewOutputDir(res.OutDir); err != nil {
			return res, err
		}
		ropts.Previous = res.OutDir
		defer os.RemoveAll(ropts.Dir) // gone after the swap; removes a failed build
		out := ropts.output()
		ropts.out = out
		slugged = func(people []*Person) {
			folders.Go(func() {
				pages := make([]string, len(people))
				for i, p := range people {
					pages[i] = "people/" + p.Slug + "/index.html"
				}
				out.mkdirs(pages) // a folder that fails is reported when the render writes into it
			})
		}
	}
	siteFS := os.DirFS(siteDir)
	site, err := loadSite(siteFS, cfg, people, fr, slugged)
	folders.Wait()
	if err != nil {
		return res, err
	}
	for _, w := range site.Warnings {
		fmt.Fprintln(logw, "warning:", w)
	}
	out, err := Render(siteFS, site, ropts)
	if err != nil {
		return res, err
	}

	// Step 4: commit a strict fetch's snapshots, then swap the output
	// folder.
	if fr != nil {
		if err := fr.Commit(); err != nil {
			return res, err
		}
	}
	if !opts.NoWrite {
		if err := out.Write(res.OutDir); err != nil {
			return res, err
		}
	}
	res.Site, res.Output, res.Duration = site, out, time.Since(start)
	if fr != nil {
		fr.Report.Duration = res.Duration
	}
	return res, nil
}

// OutputDir resolves the output folder: "public" by default, relative
// paths taken from the site folder.
func OutputDir(siteDir, out string) string {
	if out == "" {
		out = "public"
	}
	if filepath.IsAbs(out) {
		return out
	}
	return filepath.Join(siteDir, out)
}
