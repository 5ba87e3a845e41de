package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/orcidsite/orcidsite/orcid"
)

var searchCommand = &command{
	name:    "search",
	summary: "find researchers' ORCID iDs by name, institution or any ORCID query",
	usage:   "QUERY [--rows N] [--json] [--api-url URL] [--token-url URL] [--sandbox]",
	example: `  orcidsite search Josiah Carberry
  orcidsite search 'family-name:Carberry AND given-names:Josiah'
  orcidsite search 'affiliation-org-name:"Brown University"' --rows 50
  orcidsite search 'ror-org-id:"https://ror.org/05gq02987"' --json | jq -r '.[].orcid'

QUERY uses ORCID's search syntax (Solr): plain words match names;
field queries such as family-name:, given-names:, affiliation-org-name:,
ror-org-id: and email: pass through unchanged. See
https://info.orcid.org/documentation/api-tutorials/api-tutorial-searching-the-orcid-registry/`,
	run: runSearch,
}

// searchHit is one hit as --json prints it.
type searchHit struct {
	ORCID        string   `json:"orcid"`
	Name         string   `json:"name"`
	GivenNames   string   `json:"given_names,omitempty"`
	FamilyNames  string   `json:"family_names,omitempty"`
	CreditName   string   `json:"credit_name,omitempty"`
	OtherNames   []string `json:"other_names,omitempty"`
	Institutions []string `json:"institutions"`
}

// maxTableInstitutions is how many institutions a table row shows.
const maxTableInstitutions = 3

func runSearch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	rows := fs.Int("rows", 20, fmt.Sprintf("show at most `N` hits (1-%d)", orcid.MaxSearchRows))
	asJSON := fs.Bool("json", false, "print the hits as a JSON array")
	var of orcidFlags
	of.add(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return usagef("search: missing QUERY; for example: orcidsite search 'family-name:Carberry'")
	}
	if id, err := orcid.ParseID(q); err == nil {
		q = "orcid:" + string(id) // a bare iD: whose is it?
	}
	if *rows < 1 || *rows > orcid.MaxSearchRows {
		return usagef("search: --rows %d is out of range 1-%d", *rows, orcid.MaxSearchRows)
	}
	c, err := of.client(ctx, nil)
	if err != nil {
		return err
	}
	hits, total, err := c.ExpandedSearch(ctx, q, *rows)
	if err != nil {
		return fmt.Errorf("search %q: %w", q, err)
	}
	out := make([]searchHit, 0, len(hits))
	for _, h := range hits {
		out = append(out, toSearchHit(h))
	}

	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintf(env.stdout, "No researchers match %q. Try fewer words, another spelling, or a field such as family-name:%s.\n",
			q, lastWord(q))
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORCID iD\tNAME\tINSTITUTIONS")
	for _, h := range out {
		inst := h.Institutions
		more := ""
		if len(inst) > maxTableInstitutions {
			more = fmt.Sprintf("; … (%d more)", len(inst)-maxTableInstitutions)
			inst = inst[:maxTableInstitutions]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s%s\n", h.ORCID, cellText(h.Name), cellText(strings.Join(inst, "; ")), more)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if total > len(out) {
		fmt.Fprintf(env.stdout, "\nShowing %d of %d matches; narrow the query or use --rows N.\n", len(out), total)
	}
	return nil
}

// toSearchHit cleans an expanded-search hit: names trimmed, a display
// name (given and family names, followed by the credit name in
// parentheses when it differs; the credit name alone when there are no
// others), institutions without blanks or repeats.
func toSearchHit(h orcid.ExpandedHit) searchHit {
	s := searchHit{
		ORCID:       h.ORCIDID,
		GivenNames:  strings.TrimSpace(h.GivenNames),
		FamilyNames: strings.TrimSpace(h.FamilyNames),
		CreditName:  strings.TrimSpace(h.CreditName),
	}
	for _, n := range h.OtherName {
		if n = strings.TrimSpace(n); n != "" {
			s.OtherNames = append(s.OtherNames, n)
		}
	}
	s.Name = strings.TrimSpace(s.GivenNames + " " + s.FamilyNames)
	switch {
	case s.Name == "":
		s.Name = s.CreditName
	case s.CreditName != "" && s.CreditName != s.Name:
		s.Name += " (" + s.CreditName + ")"
	}
	seen := map[string]bool{}
	s.Institutions = []string{}
	for _, i := range h.InstitutionName {
		if i = strings.TrimSpace(i); i != "" && !seen[i] {
			seen[i] = true
			s.Institutions = append(s.Institutions, i)
		}
	}
	return s
}

// cellText makes untrusted text safe for one table cell in a terminal:
// control characters (escape sequences, tabs, newlines) become spaces.
func cellText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		if unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return "-"
	}
	return s
}

func lastWord(q string) string {
	f := strings.Fields(q)
	if len(f) == 0 {
		return ""
	}
	w := f[len(f)-1]
	if strings.ContainsAny(w, ":\"()") {
		return "NAME"
	}
	return w
}
