package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/spf13/pflag"
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
	usage:   "[--site DIR] [--out DIR] [--offline] [--api-url URL] [--token-url URL] [--sandbox]",
	example: `  orcidsite build                  # fetch, then render ./public
  orcidsite build --offline        # render from data/orcid/ only
  orcidsite build --site lab --out /tmp/site`,
	run: runBuild,
}

func runBuild(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	site := fs.String("site", ".", "the site folder (holding site.yaml)")
	out := fs.String("out", "public", "output folder, relative to the site folder")
	offline := fs.Bool("offline", false, "render from the snapshot in data/orcid/, no network")
	var of orcidFlags
	of.add(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("build: unexpected argument %q", fs.Arg(0))
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
		opts.Fetch = generator.FetchOptions{Client: c, Log: env.stderr}
	}
	res, err := generator.Build(ctx, opts)
	if err != nil {
		return err
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
	usage:   "[--site DIR] [--api-url URL] [--token-url URL] [--sandbox]",
	example: `  orcidsite fetch && git diff data/orcid/`,
	run:     runFetch,
}

func runFetch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	site := fs.String("site", ".", "the site folder (holding site.yaml)")
	var of orcidFlags
	of.add(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("fetch: unexpected argument %q", fs.Arg(0))
	}
	cfg, err := generator.LoadSiteConfig(*site)
	if err != nil {
		return err
	}
	c, err := of.client(ctx, cfg)
	if err != nil {
		return err
	}
	fr, err := generator.Fetch(ctx, cfg, generator.FetchOptions{Client: c, Log: env.stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "fetched %d people\n", len(fr.People))
	return nil
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
