package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// ContentDir is the folder of Markdown pages, relative to the site folder.
const ContentDir = "content"

// Page is one Markdown file of content/ with its front matter.
type Page struct {
	// File is the source path relative to the site folder, e.g. "content/research.md".
	File string
	// URL is the page's path relative to base_url, e.g. "research/" ("" for the home page).
	URL    string
	Title  string
	Weight int
	// Menu puts the page in the main menu when true.
	Menu   bool
	Draft  bool
	Layout string
	// Description is used for the meta description.
	Description string
	Params      map[string]any
	// Content is the rendered Markdown body.
	Content template.HTML
}

// frontMatter is the YAML between the leading "---" lines of a page.
type frontMatter struct {
	Title       string         `yaml:"title"`
	Weight      int            `yaml:"weight"`
	Menu        bool           `yaml:"menu"`
	Draft       bool           `yaml:"draft"`
	Layout      string         `yaml:"layout"`
	Description string         `yaml:"description"`
	Params      map[string]any `yaml:"params"`
}

// siteMarkdown renders the site's own Markdown: GitHub-flavoured tables,
// strikethrough, autolinks and heading ids. Raw HTML is left out, as in
// Hugo's default; the site's layouts are the place for HTML.
var siteMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Typographer),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// renderMarkdown converts Markdown to HTML.
func renderMarkdown(src []byte) (template.HTML, error) {
	var buf bytes.Buffer
	if err := siteMarkdown.Convert(src, &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// splitFrontMatter separates "---\nYAML\n---\n" from the body. It returns
// the YAML, the body and the line on which the body starts.
func splitFrontMatter(file string, b []byte) (fm, body []byte, bodyLine int, err error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	s := string(b)
	if !strings.HasPrefix(s, "---\n") && !strings.HasPrefix(s, "---\r\n") {
		return nil, b, 1, nil
	}
	rest := s[strings.Index(s, "\n")+1:]
	line := 2
	for off := 0; off <= len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		var l string
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if strings.TrimRight(l, "\r \t") == "---" {
			next := len(rest)
			if end >= 0 {
				next = off + end + 1
			}
			return []byte(rest[:off]), []byte(rest[next:]), line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, fmt.Errorf("%s:1: front matter starts with --- but has no closing --- line", file)
}

// loadPage reads one Markdown page.
func loadPage(fsys fs.FS, file string) (*Page, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	fmSrc, body, _, err := splitFrontMatter(file, b)
	if err != nil {
		return nil, err
	}
	var fm frontMatter
	if len(bytes.TrimSpace(fmSrc)) > 0 {
		if err := yaml.UnmarshalWithOptions(fmSrc, &fm, yaml.Strict()); err != nil {
			return nil, fmt.Errorf("front matter: %s", yamlErrorAt(file, err, 1))
		}
	}
	html, err := renderMarkdown(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	rel := strings.TrimSuffix(strings.TrimPrefix(file, ContentDir+"/"), ".md")
	p := &Page{File: file, Title: fm.Title, Weight: fm.Weight, Menu: fm.Menu, Draft: fm.Draft,
		Layout: fm.Layout, Description: fm.Description, Params: fm.Params, Content: html}
	switch {
	case rel == "index":
		p.URL = ""
	case path.Base(rel) == "index" || path.Base(rel) == "_index":
		p.URL = path.Dir(rel) + "/"
	default:
		p.URL = rel + "/"
	}
	if p.Title == "" {
		p.Title = titleFromFile(rel)
	}
	return p, nil
}

// yamlErrorAt formats a YAML error of a file whose YAML starts after
// offset lines, as "file:line: message" on one line.
func yamlErrorAt(file string, err error, offset int) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return fmt.Sprintf("%s:%d: %s", file, tk.Position.Line+offset, strings.Join(strings.Fields(ye.GetMessage()), " "))
		}
	}
	return file + ": " + strings.Join(strings.Fields(err.Error()), " ")
}

// titleFromFile makes "research-projects" into "Research projects".
func titleFromFile(rel string) string {
	base := path.Base(rel)
	if base == "index" || base == "_index" {
		base = path.Base(path.Dir(rel))
	}
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	if base == "" {
		return ""
	}
	return strings.ToUpper(base[:1]) + base[1:]
}

// loadContent reads content/: the home page text (content/index.md), other
// pages and the per-person extra pages (content/people/<slug>.md, returned
// by slug). Drafts are left out.
func loadContent(fsys fs.FS) (home *Page, pages []*Page, people map[string]*Page, err error) {
	people = map[string]*Page{}
	var errs []error
	walkErr := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == ContentDir {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		pg, err := loadPage(fsys, p)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if pg.Draft {
			return nil
		}
		switch rel := strings.TrimPrefix(p, ContentDir+"/"); {
		case rel == "index.md":
			home = pg
		case strings.HasPrefix(rel, "people/") && strings.Count(rel, "/") == 1:
			people[strings.TrimSuffix(path.Base(rel), ".md")] = pg
		default:
			pages = append(pages, pg)
		}
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	if len(errs) > 0 {
		return nil, nil, nil, errors.Join(errs...)
	}
	slices.SortFunc(pages, func(a, b *Page) int {
		if a.Weight != b.Weight {
			return a.Weight - b.Weight
		}
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	return home, pages, people, nil
}
