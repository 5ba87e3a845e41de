package main

import (
	"context"
	"fmt"

	"github.com/orcidsite/orcidsite/generator"
)

var checkCommand = &command{
	name:    "check",
	summary: "validate site.yaml, templates and links before deploying",
	usage:   "[--site DIR] [--strict]",
	example: `  orcidsite check                  # the site in the current folder
  orcidsite check --site lab       # exit status 1 when anything is wrong
  orcidsite check --strict         # warnings count as problems too

It reads site.yaml and publications.yaml (keys, ORCID iDs and their
checksums, curation entries), parses every template of the site and its
theme, builds the site from the snapshot into a temporary folder (no
network) and verifies that every internal link, #anchor, image, script
and stylesheet resolves. Every problem is listed with its file and line.
Warnings (a person not fetched yet, a curation entry that matches no
work, a people page without its person) are shown but pass, unless
--strict.`,
	run: runCheck,
}

func runCheck(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	site := fs.String("site", ".", "the site folder `DIR`, holding site.yaml")
	strict := fs.Bool("strict", false, "count warnings as problems")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("check: unexpected argument %q (use --site DIR for another folder)", fs.Arg(0))
	}
	res, err := generator.CheckSite(*site)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if *strict {
		for _, w := range res.Warnings {
			res.Problems = append(res.Problems, generator.Problem{Msg: w})
		}
	} else {
		for _, w := range res.Warnings {
			fmt.Fprintln(env.stderr, "warning:", w)
		}
	}
	for _, line := range collapseProblems(res.Problems) {
		fmt.Fprintln(env.stdout, line)
	}
	if n := len(res.Problems); n > 0 {
		return fmt.Errorf("check: %d %s found", n, plural(n, "problem", "problems"))
	}
	fmt.Fprintf(env.stdout, "ok: site.yaml, %d templates, %d pages, %d internal links checked\n", res.Templates, res.Pages, res.Links)
	return nil
}

// collapseProblems formats the problems one per line. The same message
// in many places (a broken menu link on every page, say) is listed once,
// at its first place, with the number of other places and files.
func collapseProblems(ps []generator.Problem) []string {
	type group struct {
		first generator.Problem
		more  int
		files map[string]bool // of the other places
	}
	var lines []string
	var groups []*group
	byMsg := map[string]*group{}
	for _, p := range ps {
		if p.File == "" {
			groups = append(groups, &group{first: p})
			continue
		}
		g, ok := byMsg[p.Msg]
		if !ok {
			g = &group{first: p, files: map[string]bool{}}
			byMsg[p.Msg] = g
			groups = append(groups, g)
			continue
		}
		g.more++
		g.files[p.File] = true
	}
	for _, g := range groups {
		line := g.first.String()
		if g.more > 0 {
			line += fmt.Sprintf(" (and %d more %s in %d %s)", g.more, plural(g.more, "place", "places"), len(g.files), plural(len(g.files), "file", "files"))
		}
		lines = append(lines, line)
	}
	return lines
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
