package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/pflag"
	"golang.org/x/term"
	"golang.org/x/time/rate"

	"github.com/orcidsite/orcidsite/generator"
	"github.com/orcidsite/orcidsite/orcid"
)

// orcidFlags are the flags of every command that talks to ORCID.
type orcidFlags struct {
	apiURL, tokenURL string
	sandbox          bool
}

func (o *orcidFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.apiURL, "api-url", "", "ORCID API base URL (default "+orcid.ProductionAPIURL+")")
	fs.StringVar(&o.tokenURL, "token-url", "", "OAuth token endpoint (default "+orcid.ProductionTokenURL+")")
	fs.BoolVar(&o.sandbox, "sandbox", false, "use ORCID's sandbox API and token endpoint")
}

// client builds the ORCID client: flags win over site.yaml's orcid:
// section; credentials come only from the environment.
func (o *orcidFlags) client(ctx context.Context, cfg *generator.Config) (*orcid.Client, error) {
	apiURL, tokenURL, sandbox := o.apiURL, o.tokenURL, o.sandbox
	if cfg != nil {
		apiURL = firstNonEmpty(apiURL, cfg.ORCID.APIURL)
		tokenURL = firstNonEmpty(tokenURL, cfg.ORCID.TokenURL)
		sandbox = sandbox || cfg.ORCID.Sandbox
	}
	if sandbox {
		apiURL = firstNonEmpty(apiURL, orcid.SandboxAPIURL)
		tokenURL = firstNonEmpty(tokenURL, orcid.SandboxTokenURL)
	}
	apiURL = firstNonEmpty(apiURL, orcid.ProductionAPIURL)
	tokenURL = firstNonEmpty(tokenURL, orcid.ProductionTokenURL)
	opts := []orcid.Option{orcid.WithBaseURL(apiURL), orcid.WithUserAgent(orcid.UserAgent(version()))}
	if cfg != nil && cfg.ORCID.Rate > 0 {
		opts = append(opts, orcid.WithRateLimit(rate.Limit(cfg.ORCID.Rate), orcid.DefaultBurst))
	}
	creds, ok, err := orcid.CredentialsFromEnv()
	if err != nil {
		return nil, err
	}
	hc := orcid.DefaultHTTPClient()
	if ok {
		if hc, err = creds.HTTPClient(ctx, tokenURL); err != nil {
			return nil, err
		}
	}
	return orcid.NewClient(hc, opts...), nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

var buildCommand = &command{
	name:    "build",
	summary: "fetch ORCID data and render the site into the output folder",
	usage:   "[--site DIR] [--out DIR] [--offline] [--explain] [--strict] [--report FILE] [--api-url URL] [--token-url URL] [--sandbox]",
	example: `  orcidsite build                  # fetch, then render ./public
  orcidsite build --offline        # render from data/orcid/ only
  orcidsite build --strict --report report.md
  orcidsite build --site lab --out /tmp/site`,
	run: runBuild,
}

func runBuild(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	site := fs.String("site", ".", "the site folder (holding site.yaml)")
	out := fs.String("out", "public", "output folder, relative to the site folder")
	offline := fs.Bool("offline", false, "render from the snapshot in data/orcid/, no network")
	explain := fs.Bool("explain", false, "print why publications were merged or folded")
	var of orcidFlags
	of.add(fs)
	var rf runFlags
	rf.add(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("build: unexpected argument %q", fs.Arg(0))
	}
	if *offline && (rf.strict || rf.report != "") {
		return usagef("build: --strict and --report apply to fetching; drop them or --offline")
	}
	opts := generator.BuildOptions{SiteDir: *site, OutDir: *out, Offline: *offline, Log: env.stderr}
	if !*offline {
		cfg, err := generator.LoadSiteConfig(*site)
		if err != nil {
			return err
		}
		c, err := of.client(ctx, cfg)
		if err != nil {
			return err
		}
		opts.Fetch = rf.fetchOptions(env, c)
	}
	res, err := generator.Build(ctx, opts)
	var rep *generator.Report
	var siteWarnings []string
	if res != nil && res.Fetch != nil {
		rep = res.Fetch.Report
	}
	if res != nil && res.Site != nil {
		siteWarnings = res.Site.Warnings
	}
	if ferr := rf.finish(env, rep, siteWarnings); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if *explain {
		for _, line := range res.Site.Explain {
			fmt.Fprintln(env.stdout, "explain:", line)
		}
	}
	fmt.Fprintf(env.stdout, "built %d pages (%d files, %d people, %d publications) into %s in %s\n",
		countPages(res.Output), res.Output.Len(), len(res.Site.People), len(res.Site.Publications), res.OutDir, res.Duration.Round(1e6))
	return nil
}

func countPages(o *generator.Output) int {
	n := 0
	for _, p := range o.Paths() {
		if len(p) > 5 && p[len(p)-5:] == ".html" {
			n++
		}
	}
	return n
}

var fetchCommand = &command{
	name:    "fetch",
	summary: "refresh the ORCID snapshot in data/orcid/ without rendering",
	usage:   "[--site DIR] [--strict] [--report FILE] [--api-url URL] [--token-url URL] [--sandbox]",
	example: `  orcidsite fetch && git diff data/orcid/
  orcidsite fetch --strict --report fetch.md`,
	run: runFetch,
}

func runFetch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	site := fs.String("site", ".", "the site folder (holding site.yaml)")
	var of orcidFlags
	of.add(fs)
	var rf runFlags
	rf.add(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("fetch: unexpected argument %q", fs.Arg(0))
	}
	return fetchSite(ctx, env, *site, &of, &rf)
}

// fetchSite refreshes a site's snapshot and reports the run: the fetch
// command, and serve --fetch.
func fetchSite(ctx context.Context, env *cmdEnv, site string, of *orcidFlags, rf *runFlags) error {
	cfg, err := generator.LoadSiteConfig(site)
	if err != nil {
		return err
	}
	c, err := of.client(ctx, cfg)
	if err != nil {
		return err
	}
	fr, err := generator.Fetch(ctx, cfg, rf.fetchOptions(env, c))
	if err == nil {
		err = fr.Commit()
	}
	var rep *generator.Report
	if fr != nil {
		rep = fr.Report
	}
	if ferr := rf.finish(env, rep, nil); err == nil {
		err = ferr
	}
	return err
}

// runFlags are the flags of the commands that fetch: --strict and
// --report.
type runFlags struct {
	strict bool
	report string
}

func (r *runFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&r.strict, "strict", false, "fail (exit 1, writing nothing) if any researcher cannot be fetched, is merged, locked or deactivated, or the quota runs out")
	fs.StringVar(&r.report, "report", "", "write the run report as Markdown to `FILE`")
}

// fetchOptions returns the fetch options: a progress bar when stderr is an
// interactive terminal, plain lines otherwise.
func (r *runFlags) fetchOptions(env *cmdEnv, c *orcid.Client) generator.FetchOptions {
	return generator.FetchOptions{Client: c, Log: env.stderr, Strict: r.strict, Progress: isTerminal(env.stderr)}
}

// finish prints the run report, writes it to --report and to GitHub's step
// summary, and emits the warnings as GitHub annotations when running in
// GitHub Actions. It runs after failed runs too, when there is a report.
func (r *runFlags) finish(env *cmdEnv, rep *generator.Report, siteWarnings []string) error {
	var errs []error
	if rep != nil {
		fmt.Fprint(env.stdout, rep.Summary())
		if r.report != "" {
			errs = append(errs, generator.WriteReportFile(r.report, rep))
		}
		if name := os.Getenv("GITHUB_STEP_SUMMARY"); name != "" {
			errs = append(errs, generator.AppendStepSummary(name, rep))
		}
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		var warnings []string
		if rep != nil {
			warnings = append(warnings, rep.Warnings...)
		}
		warnings = append(warnings, siteWarnings...)
		errs = append(errs, generator.WriteAnnotations(env.stdout, warnings))
	}
	return errors.Join(errs...)
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

var versionCommand = &command{
	name:    "version",
	summary: "print the version",
	run: func(ctx context.Context, env *cmdEnv, args []string) error {
		fs := newFlagSet(env)
		if err := parseFlags(fs, env, args); err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, "orcidsite", version())
		return nil
	},
}

// version reports the module version, or "devel" for a local build.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
