package generator

// This file reads and validates site.yaml (and publications.yaml beside it).
//
// The YAML is parsed into goccy/go-yaml's AST and decoded by hand, key by
// key, rather than with a reflection decoder: that way every problem in the
// file is found in one pass (not only the first), each with the line and
// column of the key or value concerned, and unknown keys get a suggestion
// taken from the keys valid at that level.

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/orcidsite/orcidsite/orcid"
)

// Defaults applied by LoadConfig when site.yaml leaves a key out.
const (
	DefaultLanguage   = "en"
	DefaultTheme      = "lab"
	DefaultRecent     = 10
	DefaultPreprints  = "fold"
	DefaultRate       = 12.0 // requests per second
	DefaultMembersMax = 500
	// MaxRate is ORCID's documented limit for the public API, in requests
	// per second; orcid.rate may not exceed it.
	MaxRate = 12.0
	// PublicationsFile is the optional curation file read beside site.yaml.
	PublicationsFile = "publications.yaml"
)

// Preprint display modes for publications.preprints.
const (
	PreprintsFold     = "fold"     // a preprint and its published version are one entry
	PreprintsSeparate = "separate" // preprints are listed in their own section
	PreprintsHide     = "hide"     // preprints are not listed
)

// Config is site.yaml, validated, with defaults applied.
type Config struct {
	Title        string             `yaml:"title"` // required
	Description  string             `yaml:"description"`
	BaseURL      string             `yaml:"base_url"` // required, absolute http(s) URL ending in "/"
	Language     string             `yaml:"language"` // default "en"
	Theme        string             `yaml:"theme"`    // default "lab"; a built-in name or a folder relative to the site folder
	People       []PersonConfig     `yaml:"people"`
	Members      *MembersConfig     `yaml:"members"` // discover people with an ORCID search
	Menu         []MenuItem         `yaml:"menu"`
	Publications PublicationsConfig `yaml:"publications"`
	ORCID        ORCIDConfig        `yaml:"orcid"`
	Signin       *SigninConfig      `yaml:"signin"`
	Repo         string             `yaml:"repo"`   // "owner/name" of the site's GitHub repository
	Params       map[string]any     `yaml:"params"` // free-form values passed to templates

	Dir  string `yaml:"-"` // the site folder within the fs.FS given to LoadConfig ("." for the root)
	File string `yaml:"-"` // path of site.yaml as given to LoadConfig (used in messages)
}

// PersonConfig is one entry of people: in site.yaml.
type PersonConfig struct {
	ORCID orcid.ID `yaml:"orcid"` // required, canonical bare form
	Name  string   `yaml:"name"`  // display-name override
	Slug  string   `yaml:"slug"`  // URL slug override: lower-case letters, digits, single hyphens
	Role  string   `yaml:"role"`  // e.g. "Professor", "PhD student"
	Group string   `yaml:"group"` // e.g. faculty, students, alumni; first appearance sets display order
	Photo string   `yaml:"photo"` // path under static/ or an http(s) URL
	From  string   `yaml:"from"`  // membership start: YYYY, YYYY-MM or YYYY-MM-DD
	To    string   `yaml:"to"`    // membership end, same forms; empty while current
	Line  int      `yaml:"-"`     // line of the entry in site.yaml
}

// MenuItem is one navigation link.
type MenuItem struct {
	Name   string `yaml:"name"`   // link text (required)
	URL    string `yaml:"url"`    // site-relative path or http(s)/mailto URL (required)
	Weight int    `yaml:"weight"` // lower weights come first
}

// MembersConfig discovers people through the ORCID search API.
type MembersConfig struct {
	Query string `yaml:"query"` // ORCID search query, e.g. affiliation-org-name:"Example University"
	Max   int    `yaml:"max"`   // most people to take; default 500
	Group string `yaml:"group"` // group given to people found this way
	Line  int    `yaml:"-"`     // line of members: in site.yaml
}

// ORCIDConfig sets how the ORCID API is reached.
type ORCIDConfig struct {
	APIURL   string  `yaml:"api_url"`   // API base; empty means the public (or sandbox) default
	TokenURL string  `yaml:"token_url"` // OAuth token endpoint; empty means the default
	Sandbox  bool    `yaml:"sandbox"`   // use the ORCID sandbox
	Rate     float64 `yaml:"rate"`      // requests per second, at most 12; default 12
}

// SigninConfig enables the "sign in with ORCID" page.
type SigninConfig struct {
	ClientID     string `yaml:"client_id"`     // public client iD, APP-XXXXXXXXXXXXXXXX
	AuthorizeURL string `yaml:"authorize_url"` // empty means ORCID's (or the sandbox's) default
}

// PublicationsConfig holds listing options and curation rules. The same keys
// may also be written at the top level of publications.yaml beside site.yaml;
// LoadConfig merges both (lists are appended; a setting may be given in only
// one of the two files).
type PublicationsConfig struct {
	Since       int        `yaml:"since"`        // earliest year shown; 0 shows all
	Types       []string   `yaml:"types"`        // ORCID work types to include (see WorkTypes); empty includes all
	Preprints   string     `yaml:"preprints"`    // PreprintsFold (default), PreprintsSeparate or PreprintsHide
	MemberDates bool       `yaml:"member_dates"` // count a work only if published within a member's from/to
	Recent      int        `yaml:"recent"`       // works on the home page and feed; default 10
	Hide        []HideRule `yaml:"hide"`         // works never shown
	Pin         []WorkRef  `yaml:"pin"`          // featured works, in this order
	Override    []Override `yaml:"override"`     // corrections to ORCID's metadata
	Add         []string   `yaml:"add"`          // BibTeX files, relative to the site folder, with works not in ORCID
}

// WorkRef names one work, by DOI or by ORCID put-code (exactly one is set).
// File and Line say where the reference was written, so later stages can
// report a reference that matches nothing.
type WorkRef struct {
	DOI     string `yaml:"doi"`      // normalised with NormalizeDOI
	PutCode int64  `yaml:"put_code"` // ORCID put-code of one person's work
	File    string `yaml:"-"`        // site.yaml or publications.yaml, as a path in the site fs.FS
	Line    int    `yaml:"-"`
}

// String describes the reference as written: "doi 10.1/x" or "put_code 123".
func (r WorkRef) String() string {
	if r.DOI != "" {
		return "doi " + r.DOI
	}
	return "put_code " + strconv.FormatInt(r.PutCode, 10)
}

// Where returns "file:line" of the reference, for messages such as
// "publications.yaml:7: hide doi 10.1/x matches no work".
func (r WorkRef) Where() string { return r.File + ":" + strconv.Itoa(r.Line) }

// HideRule hides works matching a DOI, a put-code, or a title regular
// expression (exactly one of the three is set).
type HideRule struct {
	WorkRef `yaml:",inline"`
	Title   string `yaml:"title"` // Go regexp (RE2) matched against the title; validated
}

// Override replaces fields of one work's metadata; empty fields are kept
// from ORCID.
type Override struct {
	WorkRef `yaml:",inline"`
	Title   string   `yaml:"title"`
	Venue   string   `yaml:"venue"`
	Date    string   `yaml:"date"` // YYYY, YYYY-MM or YYYY-MM-DD
	Type    string   `yaml:"type"` // an ORCID work type (see WorkTypes)
	Authors []string `yaml:"authors"`
	URL     string   `yaml:"url"` // http(s)
}

// WorkTypes lists the ORCID v3.0 work types, including those ORCID added in
// 2023 and the legacy ones still found on records. publications.types and
// override types are checked against it.
var WorkTypes = []string{
	"annotation", "artistic-performance", "blog-post", "book", "book-chapter",
	"book-review", "cartographic-material", "clinical-study", "conference-abstract",
	"conference-output", "conference-paper", "conference-poster",
	"conference-presentation", "conference-proceedings", "data-management-plan",
	"data-set", "design", "dictionary-entry", "disclosure", "dissertation-thesis",
	"edited-book", "encyclopedia-entry", "image", "invention", "journal-article",
	"journal-issue", "learning-object", "lecture-speech", "license",
	"magazine-article", "manual", "moving-image", "musical-composition",
	"newsletter-article", "newspaper-article", "online-resource", "other", "patent",
	"physical-object", "preprint", "public-speech", "registered-copyright", "report",
	"research-technique", "research-tool", "review", "software", "sound",
	"spin-off-company", "standards-and-policy", "supervised-student-publication",
	"technical-standard", "test", "trademark", "transcription", "translation",
	"website", "working-paper",
}

// ConfigError is one problem found in a configuration file. LoadConfig
// returns all problems it finds joined with errors.Join; use errors.As (or
// the Unwrap() []error method of the joined error) to reach each one.
type ConfigError struct {
	File   string // path of the file, as given
	Line   int    // 1-based; 0 when the problem has no single place (a missing key)
	Column int    // 1-based; 0 when unknown
	Msg    string
}

// Error formats the problem as "file:line:column: message", leaving out the
// parts that are unknown.
func (e *ConfigError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// NormalizeDOI returns the canonical form of a DOI used to compare works:
// surrounding space removed, a "doi:" prefix or a doi.org / dx.doi.org URL
// (http or https) stripped, percent-escapes of such a URL decoded, and the
// result lower-cased (DOIs are case-insensitive). It does not check that the
// result is a DOI; "" stays "".
//
//	NormalizeDOI("https://doi.org/10.1000/ABC")  == "10.1000/abc"
//	NormalizeDOI("doi: 10.1000/ABC")             == "10.1000/abc"
func NormalizeDOI(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"https://", "http://"} {
		if strings.HasPrefix(lower, p) {
			s, lower = s[len(p):], lower[len(p):]
			break
		}
	}
	isURL := false
	for _, host := range []string{"doi.org/", "dx.doi.org/", "www.doi.org/"} {
		if strings.HasPrefix(lower, host) {
			s, isURL = s[len(host):], true
			break
		}
	}
	if !isURL && strings.HasPrefix(lower, "doi:") {
		s = strings.TrimSpace(s[len("doi:"):])
	}
	if isURL {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// LoadConfig reads and validates the site configuration name (usually
// "site.yaml") from fsys, and publications.yaml from the same folder when it
// exists. It applies the defaults (DefaultLanguage, DefaultTheme, …) and
// returns every problem found, each a *ConfigError, joined with errors.Join.
// A file that cannot be read is reported with its fs error wrapped, so
// errors.Is(err, fs.ErrNotExist) works.
func LoadConfig(fsys fs.FS, name string) (*Config, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read site configuration: %w", err)
	}
	cfg := &Config{Dir: path.Dir(name), File: name}
	d := &cfgDecoder{file: name, fsys: fsys, dir: cfg.Dir, hints: true}
	root := d.parse(data)
	if root == nil && len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	pubSet := d.decodeSite(root, cfg)

	// publications.yaml beside site.yaml: same keys as publications:.
	pubName := path.Join(cfg.Dir, PublicationsFile)
	if pdata, err := fs.ReadFile(fsys, pubName); err == nil {
		pd := &cfgDecoder{file: pubName, fsys: fsys, dir: cfg.Dir}
		if proot := pd.parse(pdata); proot != nil {
			var extra PublicationsConfig
			set := pd.decodePublications(proot, "", &extra)
			pd.mergePublications(&cfg.Publications, pubSet, &extra, set)
		}
		d.errs = append(d.errs, pd.errs...)
	} else if !errors.Is(err, fs.ErrNotExist) {
		d.errs = append(d.errs, &ConfigError{File: pubName, Msg: "cannot read: " + err.Error()})
	}

	cfgApplyDefaults(cfg, pubSet)
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return cfg, nil
}

// cfgApplyDefaults fills in what site.yaml left out. set holds the
// publications keys that were given (in either file).
func cfgApplyDefaults(cfg *Config, set map[string]cfgAt) {
	if cfg.Language == "" {
		cfg.Language = DefaultLanguage
	}
	if cfg.Theme == "" {
		cfg.Theme = DefaultTheme
	}
	if cfg.BaseURL != "" && !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	if _, ok := set["recent"]; !ok {
		cfg.Publications.Recent = DefaultRecent
	}
	if cfg.Publications.Preprints == "" {
		cfg.Publications.Preprints = DefaultPreprints
	}
	if cfg.ORCID.Rate == 0 {
		cfg.ORCID.Rate = DefaultRate
	}
	if cfg.Members != nil && cfg.Members.Max == 0 {
		cfg.Members.Max = DefaultMembersMax
	}
}

// cfgAt is where a key was written.
type cfgAt struct {
	file string
	line int
}

// cfgDecoder walks one YAML file and collects every problem in it.
type cfgDecoder struct {
	file    string
	fsys    fs.FS
	dir     string // site folder, for files named in the configuration
	hints   bool   // suggest the section a misplaced top-level key belongs to
	anchors map[string]ast.Node
	errs    []error
}

// errAt records a problem at node n.
func (d *cfgDecoder) errAt(n ast.Node, format string, args ...any) {
	line, col := cfgPos(n)
	d.errs = append(d.errs, &ConfigError{File: d.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// errFile records a problem that has no single place in the file.
func (d *cfgDecoder) errFile(format string, args ...any) {
	d.errs = append(d.errs, &ConfigError{File: d.file, Msg: fmt.Sprintf(format, args...)})
}

// cfgPos returns the 1-based line and column where n starts. A block
// mapping's own token is its first ':', so its first key is used instead.
func cfgPos(n ast.Node) (line, col int) {
	switch m := n.(type) {
	case nil:
		return 0, 0
	case *ast.MappingNode:
		if len(m.Values) > 0 && !m.IsFlowStyle {
			return cfgPos(m.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return cfgPos(m.Key)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// parse parses data as a single YAML document and returns its body: nil for
// an empty document (which is not an error here: the missing keys are
// reported later) and nil with an error recorded for a syntax error.
func (d *cfgDecoder) parse(data []byte) ast.Node {
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			p := ye.GetToken().Position
			msg := "YAML syntax: " + ye.GetMessage()
			if strings.Contains(msg, "'\t'") {
				msg = strings.ReplaceAll(msg, "'\t'", `'\t'`) + " (indent with spaces, not tabs)"
			}
			d.errs = append(d.errs, &ConfigError{File: d.file, Line: p.Line, Column: p.Column, Msg: msg})
		} else {
			d.errFile("YAML syntax: %v", err)
		}
		return nil
	}
	var body ast.Node
	docs := 0
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		docs++
		if docs == 1 {
			body = doc.Body
		} else {
			d.errAt(doc.Body, "only one YAML document is allowed (remove the second \"---\")")
		}
	}
	if body != nil {
		d.anchors = map[string]ast.Node{}
		ast.Walk(cfgAnchorVisitor(d.anchors), body)
	}
	return body
}

// cfgAnchorVisitor records every anchor (&name) of a document.
type cfgAnchorVisitor map[string]ast.Node

// Visit implements ast.Visitor.
func (v cfgAnchorVisitor) Visit(n ast.Node) ast.Visitor {
	if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
		if _, dup := v[a.Name.GetToken().Value]; !dup {
			v[a.Name.GetToken().Value] = a.Value
		}
	}
	return v
}

// resolve looks through anchors, aliases and tags to the value node.
func (d *cfgDecoder) resolve(n ast.Node) ast.Node {
	for range 16 {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			name := ""
			if v.Value != nil {
				name = v.Value.GetToken().Value
			}
			target, ok := d.anchors[name]
			if !ok {
				d.errAt(v, "unknown alias *%s", name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	return n
}

// isNull reports whether n is absent or an explicit null.
func (d *cfgDecoder) isNull(n ast.Node) bool {
	n = d.resolve(n)
	if n == nil {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

// cfgKind names a node's YAML kind for messages.
func cfgKind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode:
		return "a number"
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	case *ast.NullNode:
		return "empty"
	}
	return "something else"
}

// cfgField is one key/value pair of a mapping.
type cfgField struct {
	key   string
	keyN  ast.Node
	value ast.Node
}

// fields returns the entries of the mapping n (what names it in messages),
// with merge keys (<<: *anchor) expanded and duplicate keys reported. The
// boolean is false when n is not a mapping (reported) or null.
func (d *cfgDecoder) fields(n ast.Node, what string) ([]cfgField, bool) {
	orig := n
	n = d.resolve(n)
	switch m := n.(type) {
	case nil, *ast.NullNode:
		return nil, false
	case *ast.MappingNode:
		var out []cfgField
		seen := map[string]int{}
		var merged []cfgField
		for _, mv := range m.Values {
			if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
				merged = append(merged, d.mergeFields(mv.Value, what)...)
				continue
			}
			k := d.resolve(mv.Key)
			var key string
			switch kn := k.(type) {
			case *ast.StringNode:
				key = kn.Value
			case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
				key = kn.GetToken().Value
			default:
				d.errAt(mv.Key, "%s: keys must be plain words, got %s", cfgWhat(what), cfgKind(k))
				continue
			}
			if first, dup := seen[key]; dup {
				d.errAt(mv.Key, "duplicate key %q (first at line %d)", key, first)
				continue
			}
			line, _ := cfgPos(mv.Key)
			seen[key] = line
			out = append(out, cfgField{key: key, keyN: mv.Key, value: mv.Value})
		}
		for _, f := range merged {
			if _, ok := seen[f.key]; !ok {
				seen[f.key] = 0
				out = append(out, f)
			}
		}
		return out, true
	default:
		d.errAt(orig, "%s must be a mapping (key: value lines), got %s", cfgWhat(what), cfgKind(n))
		return nil, false
	}
}

// mergeFields expands the value of a merge key: a mapping or a list of them.
func (d *cfgDecoder) mergeFields(n ast.Node, what string) []cfgField {
	if s, ok := d.resolve(n).(*ast.SequenceNode); ok {
		var out []cfgField
		for _, v := range s.Values {
			f, _ := d.fields(v, what)
			out = append(out, f...)
		}
		return out
	}
	f, _ := d.fields(n, what)
	return f
}

// cfgWhat names a section in messages; "" is the top level.
func cfgWhat(what string) string {
	if what == "" {
		return "the file"
	}
	return what
}

// cfgJoin builds the dotted name of a key in section what.
func cfgJoin(what, key string) string {
	if what == "" {
		return key
	}
	return what + "." + key
}

// unknownKey reports key as not valid in section what, with a suggestion.
func (d *cfgDecoder) unknownKey(f cfgField, what string, valid []string) {
	in := ""
	if what != "" {
		in = " in " + what
	}
	if what == "" && d.hints {
		for _, sec := range cfgSections {
			if slices.Contains(sec.keys, f.key) {
				d.errAt(f.keyN, "unknown key %q (it belongs under %s:)", f.key, sec.name)
				return
			}
		}
	}
	if s := cfgSuggest(f.key, valid); len(s) > 0 {
		d.errAt(f.keyN, "unknown key %q%s (did you mean %s?)", f.key, in, cfgQuoteOr(s))
		return
	}
	d.errAt(f.keyN, "unknown key %q%s (valid keys: %s)", f.key, in, strings.Join(valid, ", "))
}

// cfgQuoteOr formats suggestions: "a", or one of "a", "b".
func cfgQuoteOr(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	if len(q) == 1 {
		return q[0]
	}
	return "one of " + strings.Join(q, ", ")
}

// cfgSuggest returns the valid words closest to got: one spelled the same
// up to case, '_', '-' and spaces; else the hyphenated words (such as work
// types) having got as one of their parts ("thesis": dissertation-thesis);
// else those within a small edit distance. At most four are returned.
func cfgSuggest(got string, valid []string) []string {
	squash := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(s))
	}
	g := squash(got)
	for _, v := range valid {
		if squash(v) == g {
			return []string{v}
		}
	}
	var parts []string
	for _, v := range valid {
		if g != "" && strings.Contains(v, "-") && slices.Contains(strings.Split(v, "-"), strings.ToLower(got)) {
			parts = append(parts, v)
		}
	}
	if len(parts) > 0 {
		return parts[:min(len(parts), 4)]
	}
	limit := 1
	switch n := len([]rune(got)); {
	case n > 8:
		limit = 3
	case n > 4:
		limit = 2
	}
	best, bestD := []string(nil), limit+1
	for _, v := range valid {
		dist := EditDistance(strings.ToLower(got), v)
		if dist < bestD {
			best, bestD = []string{v}, dist
		} else if dist == bestD {
			best = append(best, v)
		}
	}
	return best[:min(len(best), 4)]
}

// EditDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours count one.
// It ranks "did you mean" suggestions for keys, commands and flags.
func EditDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

// Keys valid at each level, in the order the documentation lists them.
var (
	cfgTopKeys = []string{"title", "description", "base_url", "language", "theme", "people", "members",
		"menu", "publications", "orcid", "signin", "repo", "params"}
	cfgPersonKeys   = []string{"orcid", "name", "slug", "role", "group", "photo", "from", "to"}
	cfgMenuKeys     = []string{"name", "url", "weight"}
	cfgMembersKeys  = []string{"query", "max", "group"}
	cfgORCIDKeys    = []string{"api_url", "token_url", "sandbox", "rate"}
	cfgSigninKeys   = []string{"client_id", "authorize_url"}
	cfgPubKeys      = []string{"since", "types", "preprints", "member_dates", "recent", "hide", "pin", "override", "add"}
	cfgHideKeys     = []string{"doi", "put_code", "title"}
	cfgPinKeys      = []string{"doi", "put_code"}
	cfgOverrideKeys = []string{"doi", "put_code", "title", "venue", "date", "type", "authors", "url"}
	cfgPreprintVals = []string{PreprintsFold, PreprintsSeparate, PreprintsHide}

	// cfgSections lets a misplaced top-level key point to its section.
	cfgSections = []struct {
		name string
		keys []string
	}{{"publications", cfgPubKeys}, {"orcid", cfgORCIDKeys}, {"signin", cfgSigninKeys}, {"members", cfgMembersKeys}}

	cfgSlugRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	cfgDateRE     = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	cfgLanguageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	cfgRepoRE     = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)
	cfgClientIDRE = regexp.MustCompile(`^APP-[A-Z0-9]{16}$`)
)

// str decodes a string value. Any scalar is accepted and taken as written
// (so from: 2020 is "2020"); null gives "" and false.
func (d *cfgDecoder) str(n ast.Node, name string) (string, bool) {
	orig := n
	n = d.resolve(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return "", false
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	d.errAt(orig, "%s must be a string, got %s", name, cfgKind(n))
	return "", false
}

// integer decodes a whole number; null gives 0 and false.
func (d *cfgDecoder) integer(n ast.Node, name string) (int64, bool) {
	orig := n
	n = d.resolve(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return 0, false
	case *ast.IntegerNode:
		switch x := v.Value.(type) {
		case int64:
			return x, true
		case uint64:
			if x <= math.MaxInt64 {
				return int64(x), true
			}
		}
		d.errAt(orig, "%s: %s is too large", name, v.GetToken().Value)
		return 0, false
	}
	d.errAt(orig, "%s must be a whole number, got %s", name, cfgKind(n))
	return 0, false
}

// number decodes an integer or decimal number; null gives 0 and false.
func (d *cfgDecoder) number(n ast.Node, name string) (float64, bool) {
	orig := n
	n = d.resolve(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return 0, false
	case *ast.IntegerNode:
		i, ok := d.integer(v, name)
		return float64(i), ok
	case *ast.FloatNode:
		return v.Value, true
	case *ast.InfinityNode:
		return v.Value, true
	case *ast.NanNode:
		return math.NaN(), true
	}
	d.errAt(orig, "%s must be a number, got %s", name, cfgKind(n))
	return 0, false
}

// boolean decodes true/false; null gives false and false.
func (d *cfgDecoder) boolean(n ast.Node, name string) (bool, bool) {
	orig := n
	n = d.resolve(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return false, false
	case *ast.BoolNode:
		return v.Value, true
	}
	d.errAt(orig, "%s must be true or false, got %s", name, cfgKind(n))
	return false, false
}

// list returns the items of a list value; null gives nil and false. A
// single scalar where a list is expected is reported.
func (d *cfgDecoder) list(n ast.Node, name string) ([]ast.Node, bool) {
	orig := n
	n = d.resolve(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return nil, false
	case *ast.SequenceNode:
		return v.Values, true
	}
	d.errAt(orig, "%s must be a list, got %s (start each entry on its own line with \"- \")", name, cfgKind(n))
	return nil, false
}

// strList decodes a list of strings.
func (d *cfgDecoder) strList(n ast.Node, name string) ([]string, bool) {
	items, ok := d.list(n, name)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := d.str(it, name+" entry"); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// httpURL checks that s is an absolute http(s) URL and reports it if not.
func (d *cfgDecoder) httpURL(n ast.Node, name, s string) bool {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		d.errAt(n, "%s %q is not a valid URL: %v", name, s, errors.Unwrap(err))
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		d.errAt(n, "%s %q must be an absolute http(s) URL, like https://example.org/", name, s)
	default:
		return true
	}
	return false
}

// decodeSite decodes the top level of site.yaml into cfg and checks the
// rules that span keys. It returns where each publications key was set.
func (d *cfgDecoder) decodeSite(root ast.Node, cfg *Config) map[string]cfgAt {
	pubSet := map[string]cfgAt{}
	fields, ok := d.fields(root, "")
	if !ok && root != nil && !d.isNull(root) {
		return pubSet // not a mapping: reported, nothing more to say
	}
	var titleN, baseN, peopleN ast.Node
	peopleGiven := false
	for _, f := range fields {
		v := f.value
		switch f.key {
		case "title":
			titleN = f.keyN
			cfg.Title, _ = d.str(v, "title")
			cfg.Title = strings.TrimSpace(cfg.Title)
		case "description":
			cfg.Description, _ = d.str(v, "description")
		case "base_url":
			baseN = f.keyN
			if s, ok := d.str(v, "base_url"); ok {
				s = strings.TrimSpace(s)
				if s != "" && d.httpURL(v, "base_url", s) {
					if u, _ := url.Parse(s); u.RawQuery != "" || u.Fragment != "" {
						d.errAt(v, "base_url %q must not have a query or #fragment", s)
					}
				}
				cfg.BaseURL = s
			}
		case "language":
			if s, ok := d.str(v, "language"); ok {
				if !cfgLanguageRE.MatchString(s) {
					d.errAt(v, "language %q is not a language tag like en, de or pt-BR", s)
				}
				cfg.Language = s
			}
		case "theme":
			if s, ok := d.str(v, "theme"); ok {
				if s == "" || path.IsAbs(s) || slices.Contains(strings.Split(path.Clean(s), "/"), "..") {
					d.errAt(v, "theme %q must be a built-in theme name or a folder inside the site folder", s)
				}
				cfg.Theme = s
			}
		case "people":
			peopleN = f.keyN
			switch seq := d.resolve(v).(type) {
			case *ast.SequenceNode:
				// Entries were given: problems with them are reported one by one.
				peopleGiven = len(seq.Values) > 0
			case nil, *ast.NullNode:
			default:
				peopleGiven = true // not a list: reported by decodePeople
			}
			cfg.People = d.decodePeople(v)
		case "members":
			cfg.Members = d.decodeMembers(f)
		case "menu":
			cfg.Menu = d.decodeMenu(v)
		case "publications":
			pubSet = d.decodePublications(v, "publications", &cfg.Publications)
		case "orcid":
			d.decodeORCID(v, &cfg.ORCID)
		case "signin":
			cfg.Signin = d.decodeSignin(f)
		case "repo":
			if s, ok := d.str(v, "repo"); ok {
				if !cfgRepoRE.MatchString(s) {
					d.errAt(v, "repo %q must be owner/name of a GitHub repository, like example-lab/website", s)
				}
				cfg.Repo = s
			}
		case "params":
			if pfields, ok := d.fields(v, "params"); ok {
				cfg.Params = map[string]any{}
				for _, pf := range pfields {
					cfg.Params[pf.key] = d.value(pf.value, 0)
				}
			}
		default:
			d.unknownKey(f, "", cfgTopKeys)
		}
	}

	// Required keys.
	if cfg.Title == "" {
		if titleN != nil {
			d.errAt(titleN, "title must not be empty")
		} else {
			d.errFile("missing required key \"title\" (the site's name)")
		}
	}
	if cfg.BaseURL == "" {
		if baseN != nil {
			d.errAt(baseN, "base_url must not be empty")
		} else {
			d.errFile("missing required key \"base_url\" (where the site is published, like https://example.github.io/lab/)")
		}
	}
	if !peopleGiven && cfg.Members == nil {
		if peopleN != nil {
			d.errAt(peopleN, "people is empty: list at least one person (orcid: ...) or set members.query")
		} else {
			d.errFile("no people: add a people: list with at least one orcid: entry, or a members: query")
		}
	}
	return pubSet
}

// decodePeople decodes the people list and checks iDs and slugs for
// duplicates.
func (d *cfgDecoder) decodePeople(n ast.Node) []PersonConfig {
	items, _ := d.list(n, "people")
	var people []PersonConfig
	idLine := map[orcid.ID]int{}
	slugLine := map[string]int{}
	for _, it := range items {
		// A bare iD is accepted as shorthand for {orcid: iD}.
		switch d.resolve(it).(type) {
		case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.LiteralNode:
			if s, ok := d.str(it, "people entry"); ok {
				line, _ := cfgPos(it)
				p := PersonConfig{Line: line}
				if id, ok := d.orcidID(it, s, idLine); ok {
					p.ORCID = id
					people = append(people, p)
				}
			}
			continue
		case nil, *ast.NullNode:
			d.errAt(it, "people entry is empty: give at least orcid:")
			continue
		}
		fields, ok := d.fields(it, "people entry")
		if !ok {
			continue
		}
		line, _ := cfgPos(d.resolve(it))
		p := PersonConfig{Line: line}
		var idN ast.Node
		var fromN, toN ast.Node
		valid := true
		for _, f := range fields {
			v := f.value
			name := "people." + f.key
			switch f.key {
			case "orcid":
				idN = f.keyN
				s, ok := d.str(v, name)
				if !ok {
					continue
				}
				id, ok := d.orcidID(v, s, idLine)
				if !ok {
					valid = false
				}
				p.ORCID = id
			case "name":
				p.Name, _ = d.str(v, name)
			case "slug":
				if s, ok := d.str(v, name); ok {
					if !cfgSlugRE.MatchString(s) {
						d.errAt(v, "invalid slug %q: use lower-case letters a-z, digits and single hyphens, like \"ada-lovelace\"", s)
					} else if first, dup := slugLine[s]; dup {
						d.errAt(v, "duplicate slug %q (first used at line %d)", s, first)
					} else {
						l, _ := cfgPos(v)
						slugLine[s] = l
					}
					p.Slug = s
				}
			case "role":
				p.Role, _ = d.str(v, name)
			case "group":
				p.Group, _ = d.str(v, name)
			case "photo":
				if s, ok := d.str(v, name); ok {
					d.checkPhoto(v, s)
					p.Photo = s
				}
			case "from":
				if s, ok := d.str(v, name); ok && d.checkDate(v, name, s) {
					p.From, fromN = s, v
				}
			case "to":
				if s, ok := d.str(v, name); ok && d.checkDate(v, name, s) {
					p.To, toN = s, v
				}
			default:
				d.unknownKey(f, "people entry", cfgPersonKeys)
			}
		}
		if idN == nil {
			d.errAt(d.resolve(it), "people entry has no orcid: key")
			valid = false
		} else if p.ORCID == "" {
			valid = false
			if d.isNull(fieldValue(fields, "orcid")) {
				d.errAt(idN, "people.orcid must not be empty")
			}
		}
		if fromN != nil && toN != nil && cfgDateStart(p.From) > cfgDateEnd(p.To) {
			fl, _ := cfgPos(fromN)
			d.errAt(toN, "to %s is before from %s (line %d)", p.To, p.From, fl)
		}
		if valid {
			people = append(people, p)
		}
	}
	return people
}

// fieldValue returns the value of key among fields, or nil.
func fieldValue(fields []cfgField, key string) ast.Node {
	for _, f := range fields {
		if f.key == key {
			return f.value
		}
	}
	return nil
}

// orcidID parses an iD written at n and checks it against those seen.
func (d *cfgDecoder) orcidID(n ast.Node, s string, seen map[orcid.ID]int) (orcid.ID, bool) {
	id, err := orcid.ParseID(s)
	if err != nil {
		d.errAt(n, "%v", err)
		return "", false
	}
	line, _ := cfgPos(n)
	if first, dup := seen[id]; dup {
		d.errAt(n, "duplicate ORCID iD %s (already listed at line %d)", id, first)
		return "", false
	}
	seen[id] = line
	return id, true
}

// checkPhoto accepts an http(s) URL or a relative path inside static/.
func (d *cfgDecoder) checkPhoto(n ast.Node, s string) {
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		if (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			return
		}
		d.errAt(n, "photo %q must be an http(s) URL or a path under static/", s)
		return
	}
	p := strings.TrimPrefix(s, "/")
	if p == "" || slices.Contains(strings.Split(p, "/"), "..") || strings.Contains(p, "\\") {
		d.errAt(n, "photo %q must be an http(s) URL or a path under static/ (without ..)", s)
	}
}

// checkDate accepts YYYY, YYYY-MM and YYYY-MM-DD with a real month and day.
func (d *cfgDecoder) checkDate(n ast.Node, name, s string) bool {
	ok := cfgDateRE.MatchString(s)
	if ok {
		layout := []string{"2006", "2006-01", "2006-01-02"}[strings.Count(s, "-")]
		_, err := time.Parse(layout, s)
		ok = err == nil
	}
	if !ok {
		d.errAt(n, "%s %q is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", name, s)
	}
	return ok
}

// cfgDateStart and cfgDateEnd give the first and last day a partial date
// covers, as comparable YYYY-MM-DD strings.
func cfgDateStart(s string) string { return s + "-01-01"[len(s)-4:] }
func cfgDateEnd(s string) string   { return s + "-12-31"[len(s)-4:] }

// decodeMembers decodes members: {query, max, group}.
func (d *cfgDecoder) decodeMembers(f cfgField) *MembersConfig {
	fields, ok := d.fields(f.value, "members")
	if !ok {
		return nil
	}
	line, _ := cfgPos(f.keyN)
	m := &MembersConfig{Line: line}
	hasQuery := false
	for _, mf := range fields {
		name := "members." + mf.key
		switch mf.key {
		case "query":
			m.Query, hasQuery = d.str(mf.value, name)
			m.Query = strings.TrimSpace(m.Query)
			if hasQuery && m.Query == "" {
				d.errAt(mf.value, "members.query must not be empty")
			}
		case "max":
			if v, ok := d.integer(mf.value, name); ok {
				if v < 1 || v > 10000 {
					d.errAt(mf.value, "members.max %d must be between 1 and 10000", v)
				} else {
					m.Max = int(v)
				}
			}
		case "group":
			m.Group, _ = d.str(mf.value, name)
		default:
			d.unknownKey(mf, "members", cfgMembersKeys)
		}
	}
	if !hasQuery {
		d.errAt(f.keyN, "members has no query: (an ORCID search such as affiliation-org-name:\"Example University\")")
	}
	return m
}

// decodeMenu decodes the menu list.
func (d *cfgDecoder) decodeMenu(n ast.Node) []MenuItem {
	items, _ := d.list(n, "menu")
	var menu []MenuItem
	for _, it := range items {
		fields, ok := d.fields(it, "menu entry")
		if !ok {
			continue
		}
		var m MenuItem
		for _, f := range fields {
			name := "menu." + f.key
			switch f.key {
			case "name":
				m.Name, _ = d.str(f.value, name)
			case "url":
				if s, ok := d.str(f.value, name); ok {
					m.URL = s
					u, err := url.Parse(s)
					if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
						d.errAt(f.value, "menu.url %q must be a path in the site (like /people/) or an http(s) or mailto URL", s)
					}
				}
			case "weight":
				if v, ok := d.integer(f.value, name); ok {
					m.Weight = int(v)
				}
			default:
				d.unknownKey(f, "menu entry", cfgMenuKeys)
			}
		}
		if m.Name == "" || m.URL == "" {
			d.errAt(d.resolve(it), "menu entry needs both name: and url:")
			continue
		}
		menu = append(menu, m)
	}
	return menu
}

// decodeORCID decodes orcid: {api_url, token_url, sandbox, rate}.
func (d *cfgDecoder) decodeORCID(n ast.Node, o *ORCIDConfig) {
	fields, _ := d.fields(n, "orcid")
	for _, f := range fields {
		name := "orcid." + f.key
		switch f.key {
		case "api_url", "token_url":
			if s, ok := d.str(f.value, name); ok && s != "" && d.httpURL(f.value, name, s) {
				if f.key == "api_url" {
					o.APIURL = s
				} else {
					o.TokenURL = s
				}
			}
		case "sandbox":
			o.Sandbox, _ = d.boolean(f.value, name)
		case "rate":
			if r, ok := d.number(f.value, name); ok {
				switch {
				case r > MaxRate:
					d.errAt(f.value, "orcid.rate %v is above ORCID's limit of %v requests per second", r, MaxRate)
				case !(r > 0):
					d.errAt(f.value, "orcid.rate must be above 0 (requests per second, at most %v)", MaxRate)
				default:
					o.Rate = r
				}
			}
		default:
			d.unknownKey(f, "orcid", cfgORCIDKeys)
		}
	}
}

// decodeSignin decodes signin: {client_id, authorize_url}.
func (d *cfgDecoder) decodeSignin(f cfgField) *SigninConfig {
	fields, ok := d.fields(f.value, "signin")
	if !ok {
		return nil
	}
	s := &SigninConfig{}
	for _, sf := range fields {
		name := "signin." + sf.key
		switch sf.key {
		case "client_id":
			if v, ok := d.str(sf.value, name); ok {
				if !cfgClientIDRE.MatchString(v) {
					d.errAt(sf.value, "signin.client_id %q is not an ORCID client iD like APP-ABCDEFGHIJ123456", v)
				}
				s.ClientID = v
			}
		case "authorize_url":
			if v, ok := d.str(sf.value, name); ok && v != "" && d.httpURL(sf.value, name, v) {
				s.AuthorizeURL = v
			}
		default:
			d.unknownKey(sf, "signin", cfgSigninKeys)
		}
	}
	if s.ClientID == "" {
		d.errAt(f.keyN, "signin needs client_id: (your ORCID public API client iD)")
	}
	return s
}

// decodePublications decodes a publications section (what is
// "publications" in site.yaml and "" at the top of publications.yaml) into
// p, and returns where each key was set.
func (d *cfgDecoder) decodePublications(n ast.Node, what string, p *PublicationsConfig) map[string]cfgAt {
	set := map[string]cfgAt{}
	fields, _ := d.fields(n, what)
	for _, f := range fields {
		v := f.value
		name := cfgJoin(what, f.key)
		line, _ := cfgPos(f.keyN)
		if !slices.Contains(cfgPubKeys, f.key) {
			d.unknownKey(f, what, cfgPubKeys)
			continue
		}
		if !d.isNull(v) {
			set[f.key] = cfgAt{d.file, line}
		}
		switch f.key {
		case "since":
			if y, ok := d.integer(v, name); ok {
				if y < 1000 || y > 9999 {
					d.errAt(v, "%s %d is not a year", name, y)
				} else {
					p.Since = int(y)
				}
			}
		case "types":
			types, _ := d.list(v, name)
			for _, t := range types {
				if s, ok := d.workType(t, name); ok {
					if !slices.Contains(p.Types, s) {
						p.Types = append(p.Types, s)
					}
				}
			}
		case "preprints":
			if s, ok := d.str(v, name); ok {
				if !slices.Contains(cfgPreprintVals, s) {
					msg := fmt.Sprintf("%s %q must be fold, separate or hide", name, s)
					if sug := cfgSuggest(s, cfgPreprintVals); len(sug) > 0 {
						msg += " (did you mean " + cfgQuoteOr(sug) + "?)"
					}
					d.errAt(v, "%s", msg)
				} else {
					p.Preprints = s
				}
			}
		case "member_dates":
			p.MemberDates, _ = d.boolean(v, name)
		case "recent":
			if r, ok := d.integer(v, name); ok {
				if r < 0 || r > 1000 {
					d.errAt(v, "%s %d must be between 0 and 1000", name, r)
				} else {
					p.Recent = int(r)
				}
			}
		case "hide":
			items, _ := d.list(v, name)
			for _, it := range items {
				if h, ok := d.decodeHide(it, name); ok {
					p.Hide = append(p.Hide, h)
				}
			}
		case "pin":
			items, _ := d.list(v, name)
			for _, it := range items {
				if r, ok := d.decodePin(it, name); ok {
					p.Pin = append(p.Pin, r)
				}
			}
		case "override":
			items, _ := d.list(v, name)
			for _, it := range items {
				if o, ok := d.decodeOverride(it, name); ok {
					p.Override = append(p.Override, o)
				}
			}
		case "add":
			files, _ := d.list(v, name)
			for _, it := range files {
				s, ok := d.str(it, name+" entry")
				if !ok {
					continue
				}
				clean := path.Clean(s)
				switch {
				case s == "" || path.IsAbs(s) || clean == ".." || strings.HasPrefix(clean, "../"):
					d.errAt(it, "%s %q must be a file inside the site folder", name, s)
				case d.fsys != nil && !cfgExists(d.fsys, path.Join(d.dir, clean)):
					d.errAt(it, "%s: file %q not found in the site folder", name, s)
				default:
					p.Add = append(p.Add, s)
				}
			}
		}
	}
	return set
}

// cfgExists reports whether name exists in fsys.
func cfgExists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// workType decodes one work type. Case and '_' are forgiven
// (JOURNAL_ARTICLE is journal-article); anything else unknown is reported
// with the closest known types.
func (d *cfgDecoder) workType(n ast.Node, name string) (string, bool) {
	s, ok := d.str(n, name+" entry")
	if !ok {
		return "", false
	}
	t := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	if slices.Contains(WorkTypes, t) {
		return t, true
	}
	msg := fmt.Sprintf("unknown work type %q in %s", s, name)
	if sug := cfgSuggest(s, WorkTypes); len(sug) > 0 {
		msg += " (did you mean " + cfgQuoteOr(sug) + "?)"
	} else {
		msg += " (see the list of ORCID work types in the README)"
	}
	d.errAt(n, "%s", msg)
	return "", false
}

// refField decodes doi: or put_code: into r; it reports whether key was one
// of them.
func (d *cfgDecoder) refField(f cfgField, name string, r *WorkRef) bool {
	switch f.key {
	case "doi":
		if s, ok := d.str(f.value, name+".doi"); ok {
			doi := NormalizeDOI(s)
			if !strings.HasPrefix(doi, "10.") || !strings.Contains(doi, "/") {
				d.errAt(f.value, "invalid DOI %q: a DOI looks like 10.1234/abc (a doi.org link is fine too)", s)
			} else {
				r.DOI = doi
			}
		}
		return true
	case "put_code":
		if v, ok := d.integer(f.value, name+".put_code"); ok {
			if v <= 0 {
				d.errAt(f.value, "%s.put_code must be a positive number", name)
			} else {
				r.PutCode = v
			}
		}
		return true
	}
	return false
}

// startRef begins a reference for the entry n of list name.
func (d *cfgDecoder) startRef(n ast.Node) WorkRef {
	line, _ := cfgPos(d.resolve(n))
	return WorkRef{File: d.file, Line: line}
}

// decodeHide decodes one hide rule: exactly one of doi, put_code, title.
func (d *cfgDecoder) decodeHide(n ast.Node, name string) (HideRule, bool) {
	fields, ok := d.fields(n, name+" entry")
	if !ok {
		return HideRule{}, false
	}
	h := HideRule{WorkRef: d.startRef(n)}
	given, bad := 0, false
	for _, f := range fields {
		if d.isNull(f.value) {
			continue
		}
		errs := len(d.errs)
		switch {
		case d.refField(f, name, &h.WorkRef):
			given++
		case f.key == "title":
			given++
			if s, ok := d.str(f.value, name+".title"); ok {
				if _, err := regexp.Compile(s); err != nil {
					d.errAt(f.value, "invalid regexp in %s.title: %v", name, err)
				} else {
					h.Title = s
				}
			}
		default:
			d.unknownKey(f, name+" entry", cfgHideKeys)
		}
		bad = bad || len(d.errs) > errs
	}
	if given != 1 {
		d.errAt(d.resolve(n), "%s entry needs exactly one of doi:, put_code: or title:", name)
		return HideRule{}, false
	}
	return h, !bad
}

// decodePin decodes one pinned work: exactly one of doi, put_code.
func (d *cfgDecoder) decodePin(n ast.Node, name string) (WorkRef, bool) {
	fields, ok := d.fields(n, name+" entry")
	if !ok {
		return WorkRef{}, false
	}
	r := d.startRef(n)
	given, bad := 0, false
	for _, f := range fields {
		if d.isNull(f.value) {
			continue
		}
		errs := len(d.errs)
		if d.refField(f, name, &r) {
			given++
		} else {
			d.unknownKey(f, name+" entry", cfgPinKeys)
		}
		bad = bad || len(d.errs) > errs
	}
	if given != 1 {
		d.errAt(d.resolve(n), "%s entry needs exactly one of doi: or put_code:", name)
		return WorkRef{}, false
	}
	return r, !bad
}

// decodeOverride decodes one override: a reference and the fields to set.
func (d *cfgDecoder) decodeOverride(n ast.Node, name string) (Override, bool) {
	fields, ok := d.fields(n, name+" entry")
	if !ok {
		return Override{}, false
	}
	o := Override{WorkRef: d.startRef(n)}
	refs, changes, bad := 0, 0, false
	for _, f := range fields {
		if d.isNull(f.value) {
			continue
		}
		errs := len(d.errs)
		fname := name + "." + f.key
		switch {
		case d.refField(f, name, &o.WorkRef):
			refs++
		case f.key == "title":
			o.Title, _ = d.str(f.value, fname)
			changes++
		case f.key == "venue":
			o.Venue, _ = d.str(f.value, fname)
			changes++
		case f.key == "date":
			if s, ok := d.str(f.value, fname); ok && d.checkDate(f.value, fname, s) {
				o.Date = s
			}
			changes++
		case f.key == "type":
			o.Type, _ = d.workType(f.value, fname)
			changes++
		case f.key == "authors":
			o.Authors, _ = d.strList(f.value, fname)
			changes++
		case f.key == "url":
			if s, ok := d.str(f.value, fname); ok && d.httpURL(f.value, fname, s) {
				o.URL = s
			}
			changes++
		default:
			d.unknownKey(f, name+" entry", cfgOverrideKeys)
		}
		bad = bad || len(d.errs) > errs
	}
	switch {
	case refs != 1:
		d.errAt(d.resolve(n), "%s entry needs exactly one of doi: or put_code: to say which work it changes", name)
		return Override{}, false
	case changes == 0:
		d.errAt(d.resolve(n), "%s entry changes nothing: give title:, venue:, date:, type:, authors: or url:", name)
		return Override{}, false
	}
	return o, !bad
}

// mergePublications adds the publications.yaml settings (extra, set where
// extraSet says) to dst, whose keys were set where dstSet says. Lists are
// appended; a setting given in both files is reported. dstSet is updated.
func (d *cfgDecoder) mergePublications(dst *PublicationsConfig, dstSet map[string]cfgAt, extra *PublicationsConfig, extraSet map[string]cfgAt) {
	for _, key := range cfgPubKeys {
		at, ok := extraSet[key]
		if !ok {
			continue
		}
		switch key {
		case "hide", "pin", "override", "add":
			// appended below
		default:
			if prev, dup := dstSet[key]; dup {
				d.errs = append(d.errs, &ConfigError{File: at.file, Line: at.line,
					Msg: fmt.Sprintf("%s is also set in %s:%d; set it in one place", key, prev.file, prev.line)})
				continue
			}
		}
		dstSet[key] = at
		switch key {
		case "since":
			dst.Since = extra.Since
		case "types":
			dst.Types = extra.Types
		case "preprints":
			dst.Preprints = extra.Preprints
		case "member_dates":
			dst.MemberDates = extra.MemberDates
		case "recent":
			dst.Recent = extra.Recent
		}
	}
	dst.Hide = append(dst.Hide, extra.Hide...)
	dst.Pin = append(dst.Pin, extra.Pin...)
	dst.Override = append(dst.Override, extra.Override...)
	dst.Add = append(dst.Add, extra.Add...)
}

// value converts a free-form value (under params:) to plain Go values:
// map[string]any, []any, string, int, float64, bool or nil.
func (d *cfgDecoder) value(n ast.Node, depth int) any {
	if depth > 32 {
		d.errAt(n, "params nested too deeply")
		return nil
	}
	r := d.resolve(n)
	switch v := r.(type) {
	case nil, *ast.NullNode:
		return nil
	case *ast.MappingNode:
		fields, _ := d.fields(v, "params")
		m := make(map[string]any, len(fields))
		for _, f := range fields {
			m[f.key] = d.value(f.value, depth+1)
		}
		return m
	case *ast.SequenceNode:
		s := make([]any, 0, len(v.Values))
		for _, it := range v.Values {
			s = append(s, d.value(it, depth+1))
		}
		return s
	case *ast.IntegerNode:
		switch i := v.Value.(type) {
		case int64:
			if i >= math.MinInt && i <= math.MaxInt {
				return int(i)
			}
		case uint64:
			if i <= math.MaxInt {
				return int(i)
			}
		}
		return v.GetToken().Value
	case *ast.FloatNode:
		return v.Value
	case *ast.BoolNode:
		return v.Value
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		if v.Value == nil {
			return ""
		}
		return v.Value.Value
	}
	return r.GetToken().Value
}
