package generator

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/orcidsite/orcidsite/orcid"
)

// Report is the run report of a fetch: what happened to each researcher
// and to their works, and what it cost. It is printed at the end of a
// build, written as Markdown with --report, and appended to the GitHub
// Actions step summary.
type Report struct {
	// Researchers is the number of people considered (listed and
	// discovered).
	Researchers int
	// Fetched are the researchers whose record changed and whose snapshot
	// was refreshed (or written for the first time).
	Fetched []orcid.ID
	// Unchanged are the researchers whose record's last-modified date did
	// not move: nothing beyond the /record call was fetched.
	Unchanged []orcid.ID
	// Stale are the researchers whose previous snapshot (if any) was kept
	// because fetching failed or was not attempted.
	Stale []PersonIssue
	// Dropped are the researchers whose record is locked or deactivated:
	// their snapshot was removed and their ORCID data left out.
	Dropped []PersonIssue
	// Added, Removed and Changed are the works (preferred versions) that
	// entered, left or were modified in the snapshots.
	Added, Removed, Changed []WorkChange
	// Requests, Retries and Throttled count the HTTP requests sent during
	// the fetch (retries included), the retries, and the 503 replies.
	Requests, Retries, Throttled int
	// Duration is the wall time of the fetch (of the whole build when
	// the report comes from Build).
	Duration time.Duration
	// QuotaExceeded tells that ORCID's daily quota ran out: fetching
	// stopped and the remaining researchers kept their snapshot.
	QuotaExceeded bool
	// Strict tells that the run was strict: any problem fails it, and
	// nothing is written.
	Strict bool
	// Warnings are the warnings of the fetch, in the order they occurred.
	Warnings []string
	// Failure is the error that failed the run, empty on success.
	Failure string
}

// PersonIssue names a researcher and why they were kept stale or dropped.
type PersonIssue struct {
	ORCID  orcid.ID
	Reason string
}

// WorkChange is one work added to, removed from or changed in a
// researcher's snapshot.
type WorkChange struct {
	ORCID   orcid.ID
	PutCode int64
	// Title is the work's title, cleaned to one line (ORCID text).
	Title string
}

// sort puts every list of the report in a stable order.
func (r *Report) sort() {
	slices.Sort(r.Fetched)
	slices.Sort(r.Unchanged)
	byID := func(a, b PersonIssue) int { return cmp.Compare(a.ORCID, b.ORCID) }
	slices.SortFunc(r.Stale, byID)
	slices.SortFunc(r.Dropped, byID)
	byWork := func(a, b WorkChange) int {
		return cmp.Or(cmp.Compare(a.ORCID, b.ORCID), cmp.Compare(a.PutCode, b.PutCode))
	}
	slices.SortFunc(r.Added, byWork)
	slices.SortFunc(r.Removed, byWork)
	slices.SortFunc(r.Changed, byWork)
}

// Summary returns the report as a few plain-text lines for a terminal.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "researchers: %d fetched, %d unchanged, %d stale, %d dropped\n",
		len(r.Fetched), len(r.Unchanged), len(r.Stale), len(r.Dropped))
	fmt.Fprintf(&b, "works: %d added, %d removed, %d changed\n", len(r.Added), len(r.Removed), len(r.Changed))
	for _, l := range []struct {
		sign string
		list []WorkChange
	}{{"+", r.Added}, {"-", r.Removed}, {"~", r.Changed}} {
		for i, w := range l.list {
			if i == summaryListMax {
				fmt.Fprintf(&b, "  %s … and %d more\n", l.sign, len(l.list)-i)
				break
			}
			fmt.Fprintf(&b, "  %s %s %s\n", l.sign, w.ORCID, cmp.Or(w.Title, "(untitled)"))
		}
	}
	fmt.Fprintf(&b, "requests: %d (%d retries, %d throttled) in %s\n", r.Requests, r.Retries, r.Throttled, r.Duration.Round(time.Millisecond))
	if r.QuotaExceeded {
		b.WriteString("ORCID's daily quota was exceeded: researchers not fetched kept their snapshot\n")
	}
	return b.String()
}

// summaryListMax bounds each list of works in the terminal summary.
const summaryListMax = 5

// reportListMax bounds each list in the Markdown report, so that a cold
// build of a large site stays readable (and within GitHub's step summary
// limit).
const reportListMax = 100

// Markdown renders the report as a Markdown document. ORCID text (work
// titles, error messages) is escaped so that it shows as plain text.
func (r *Report) Markdown() string {
	var b strings.Builder
	b.WriteString("## ORCID fetch report\n\n")
	if r.Failure != "" {
		fmt.Fprintf(&b, "**The run failed:** %s\n\n", escapeMarkdown(r.Failure))
	}
	if r.QuotaExceeded {
		b.WriteString("**ORCID's daily request quota was exceeded.** Fetching stopped; researchers not fetched kept their previous snapshot.\n\n")
	}
	b.WriteString("| | count |\n|---|---:|\n")
	rows := []struct {
		name string
		n    int
	}{
		{"researchers", r.Researchers},
		{"fetched", len(r.Fetched)},
		{"unchanged", len(r.Unchanged)},
		{"stale (previous snapshot kept)", len(r.Stale)},
		{"dropped (locked or deactivated)", len(r.Dropped)},
		{"works added", len(r.Added)},
		{"works removed", len(r.Removed)},
		{"works changed", len(r.Changed)},
		{"requests", r.Requests},
		{"retries", r.Retries},
	}
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s | %d |\n", row.name, row.n)
	}
	fmt.Fprintf(&b, "| duration | %s |\n", r.Duration.Round(time.Millisecond))

	issues := func(title string, list []PersonIssue) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n### %s\n\n", title)
		for i, p := range list {
			if i == reportListMax {
				fmt.Fprintf(&b, "- … and %d more\n", len(list)-i)
				break
			}
			fmt.Fprintf(&b, "- `%s`: %s\n", p.ORCID, escapeMarkdown(p.Reason))
		}
	}
	works := func(title string, list []WorkChange) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n### %s\n\n", title)
		for i, w := range list {
			if i == reportListMax {
				fmt.Fprintf(&b, "- … and %d more\n", len(list)-i)
				break
			}
			t := w.Title
			if t == "" {
				t = "(untitled)"
			}
			fmt.Fprintf(&b, "- %s (`%s`, put-code %d)\n", escapeMarkdown(t), w.ORCID, w.PutCode)
		}
	}
	issues("Stale", r.Stale)
	issues("Dropped", r.Dropped)
	works("Works added", r.Added)
	works("Works removed", r.Removed)
	works("Works changed", r.Changed)
	if len(r.Warnings) > 0 {
		b.WriteString("\n### Warnings\n\n")
		for i, w := range r.Warnings {
			if i == reportListMax {
				fmt.Fprintf(&b, "- … and %d more\n", len(r.Warnings)-i)
				break
			}
			fmt.Fprintf(&b, "- %s\n", escapeMarkdown(w))
		}
	}
	return b.String()
}

// WriteReportFile writes the Markdown report to name (replacing it).
func WriteReportFile(name string, r *Report) error {
	if err := os.WriteFile(name, []byte(r.Markdown()), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// AppendStepSummary appends the Markdown report to name, the file named
// by GitHub Actions' GITHUB_STEP_SUMMARY.
func AppendStepSummary(name string, r *Report) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	_, err = io.WriteString(f, r.Markdown()+"\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY %s: %w", name, err)
	}
	return nil
}

// WriteAnnotations writes each warning as a GitHub Actions workflow
// command ("::warning title=orcidsite::message"), one line each. The
// message is escaped so that ORCID text cannot end the command or start
// another one.
func WriteAnnotations(w io.Writer, warnings []string) error {
	for _, msg := range warnings {
		if _, err := fmt.Fprintf(w, "::warning title=orcidsite::%s\n", escapeWorkflowData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// escapeWorkflowData escapes a workflow command's data as the runner
// expects: %, CR and LF.
func escapeWorkflowData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeMarkdown makes text safe to show literally in Markdown: one line,
// with Markdown and HTML punctuation backslash-escaped.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s, 500) {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '!', '|', '~', '>', '<', '&', '"':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLine turns untrusted text into one line: control characters and runs
// of space become one space; the result is cut to max runes.
func oneLine(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Bidi_Control, r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if n == max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
