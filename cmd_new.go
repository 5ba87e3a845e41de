package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/scaffold"
	"github.com/orcidsite/orcidsite/themes"
)

var newCommand = &command{
	name:    "new",
	summary: "create a new site folder, ready to build",
	usage:   "DIR [--orcid ID]... [--theme lab|homepage] [--title TEXT] [--base-url URL]",
	example: `  orcidsite new lab --orcid 0000-0002-1825-0097 --orcid 0000-0001-5109-3700
  orcidsite new me --theme homepage --orcid https://orcid.org/0000-0002-1825-0097
  orcidsite new lab --base-url https://example-lab.github.io/website/

It writes a commented site.yaml, content/index.md, the nightly GitHub
Actions workflow (.github/workflows/site.yml) and a .gitignore. DIR must
not exist or be empty. Without --orcid, site.yaml lists ORCID's test
researcher as an example to replace.`,
	run: runNew,
}

func runNew(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	ids := fs.StringArray("orcid", nil, "a person's `ID`: an ORCID iD, bare or as a URL")
	theme := fs.String("theme", "lab", "the theme `NAME`: "+strings.Join(themes.Names(), " or "))
	title := fs.String("title", "", "the site's name, as `TEXT` (default: made from DIR)")
	baseURL := fs.String("base-url", "https://example.org/", "the `URL` where the site will be published")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	switch fs.NArg() {
	case 0:
		return usagef("new: missing DIR, the folder to create; for example: orcidsite new my-lab")
	case 1:
	default:
		return usagef("new: expected one DIR, got %d arguments (%s)", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	dir := fs.Arg(0)

	// Check the flags before writing anything.
	if !slices.Contains(themes.Names(), *theme) {
		msg := fmt.Sprintf("new: unknown theme %q; built-in themes: %s", *theme, strings.Join(themes.Names(), ", "))
		if s := closest(*theme, themes.Names()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return usagef("%s", msg)
	}
	var people []orcid.ID
	for _, s := range *ids {
		id, err := orcid.ParseID(s)
		if err != nil {
			return usagef("new: --orcid: %v", err)
		}
		if !slices.Contains(people, id) {
			people = append(people, id)
		}
	}
	u, err := url.Parse(*baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("new: --base-url %q must be an absolute http(s) URL, like https://example-lab.github.io/website/", *baseURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if *title == "" {
		*title = titleFromDir(dir)
	}

	written, err := scaffold.Write(dir, scaffold.Options{Title: *title, BaseURL: u.String(), Theme: *theme, People: people})
	if err != nil {
		return fmt.Errorf("new: %w", err)
	}

	// What to do next; every command works as written from here.
	w := env.stdout
	who := fmt.Sprintf("%d %s", len(people), plural(len(people), "person", "people"))
	if len(people) == 0 {
		who = "an example person"
	}
	fmt.Fprintf(w, "Created %s (theme %s, %s): %s\n\n", dir, *theme, who, strings.Join(written, ", "))
	fmt.Fprintf(w, "Next steps:\n")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(w, "  cd %s\n", shellQuote(dir))
	}
	if len(people) == 0 {
		fmt.Fprintf(w, "  orcidsite search 'family-name:YOURNAME'   # find iDs, then list them in site.yaml\n")
	}
	fmt.Fprintf(w, "  orcidsite fetch     # download the ORCID records into data/orcid/\n")
	fmt.Fprintf(w, "  orcidsite serve     # preview at http://127.0.0.1:1313%s, reloading on every edit\n", u.Path)
	fmt.Fprintf(w, "  orcidsite check     # validate before publishing\n")
	fmt.Fprintf(w, "  orcidsite build     # the site, in public/\n")
	fmt.Fprintf(w, "\nTo publish on GitHub Pages, push the folder to a GitHub repository and choose\n")
	fmt.Fprintf(w, "Settings → Pages → Source: GitHub Actions; the workflow rebuilds the site nightly.\n")
	return nil
}

// titleFromDir makes a site name from a folder name: "my-lab" → "My lab".
func titleFromDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	base := filepath.Base(filepath.Clean(dir))
	if base == "." || base == "/" || base == "" {
		return "My site"
	}
	base = strings.Join(strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) }), " ")
	if base == "" {
		return "My site"
	}
	r := []rune(base)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:@+", r)))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
