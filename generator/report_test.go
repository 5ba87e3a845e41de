package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/orcidsite/orcidsite/orcid"
)

func sampleReport() *Report {
	r := &Report{
		Researchers: 4,
		Fetched:     []orcid.ID{"0000-0002-7413-0129", "0000-0002-7413-0014"},
		Unchanged:   []orcid.ID{"0000-0002-7413-0137"},
		Stale:       []PersonIssue{{"0000-0002-7413-0145", "orcid 0000-0002-7413-0145/record: connection reset"}},
		Added: []WorkChange{
			{ORCID: "0000-0002-7413-0129", PutCode: 7, Title: "Soil <script>alert(1)</script> *microbes* | [link](javascript:x)"},
			{ORCID: "0000-0002-7413-0014", PutCode: 3, Title: ""},
		},
		Removed:  []WorkChange{{ORCID: "0000-0002-7413-0014", PutCode: 2, Title: "Old paper"}},
		Requests: 9, Retries: 2, Throttled: 2,
		Duration: 1500 * time.Millisecond,
		Warnings: []string{"0000-0002-7413-0145 (site.yaml:6): connection reset; keeping the previous snapshot"},
	}
	r.sort()
	return r
}

func TestReportSummary(t *testing.T) {
	got := sampleReport().Summary()
	want := "researchers: 2 fetched, 1 unchanged, 1 stale, 0 dropped\n" +
		"works: 2 added, 1 removed, 0 changed\n" +
		"  + 0000-0002-7413-0014 (untitled)\n" +
		"  + 0000-0002-7413-0129 Soil <script>alert(1)</script> *microbes* | [link](javascript:x)\n" +
		"  - 0000-0002-7413-0014 Old paper\n" +
		"requests: 9 (2 retries, 2 throttled) in 1.5s\n"
	if got != want {
		t.Errorf("Summary() =\n%s\nwant\n%s", got, want)
	}
}

func TestReportMarkdown(t *testing.T) {
	md := sampleReport().Markdown()
	tests := []struct {
		name string
		want string
	}{
		{"counts table", "| fetched | 2 |\n| unchanged | 1 |\n| stale (previous snapshot kept) | 1 |"},
		{"requests", "| requests | 9 |\n| retries | 2 |\n| duration | 1.5s |"},
		{"stale with reason", "- `0000-0002-7413-0145`: orcid 0000\\-0002\\-7413\\-0145/record: connection reset"},
		{"untitled work", "- \\(untitled\\) (`0000-0002-7413-0014`, put-code 3)"},
		{"removed title", "### Works removed\n\n- Old paper (`0000-0002-7413-0014`, put-code 2)"},
		{"escaped ORCID text", `Soil \<script\>alert\(1\)\</script\> \*microbes\* \| \[link\]\(javascript:x\)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(md, tt.want) {
				t.Errorf("Markdown lacks %q:\n%s", tt.want, md)
			}
		})
	}
	// Works are listed in iD, then put-code order.
	if i, j := strings.Index(md, "put-code 3"), strings.Index(md, "put-code 7"); i < 0 || j < 0 || i > j {
		t.Error("added works not sorted by iD")
	}
	if strings.Contains(md, "<script>") {
		t.Error("raw HTML from ORCID reached the Markdown")
	}
}

func TestReportSummaryCapsLists(t *testing.T) {
	r := &Report{}
	for i := range 8 {
		r.Changed = append(r.Changed, WorkChange{ORCID: "0000-0002-7413-0129", PutCode: int64(i), Title: fmt.Sprint("t", i)})
	}
	s := r.Summary()
	if n := strings.Count(s, "  ~ 0000-0002-7413-0129 t"); n != summaryListMax {
		t.Errorf("%d changed works listed, want %d:\n%s", n, summaryListMax, s)
	}
	if !strings.Contains(s, "  ~ … and 3 more\n") {
		t.Errorf("no note of the works left out:\n%s", s)
	}
}

func TestReportMarkdownCapsLists(t *testing.T) {
	r := &Report{}
	for i := range 250 {
		r.Added = append(r.Added, WorkChange{ORCID: "0000-0002-7413-0129", PutCode: int64(i), Title: "t"})
	}
	md := r.Markdown()
	if n := strings.Count(md, "(`0000-0002-7413-0129`, put-code"); n != reportListMax {
		t.Errorf("%d works listed, want %d", n, reportListMax)
	}
	if !strings.Contains(md, "- … and 150 more\n") {
		t.Error("no note of the works left out")
	}
}

func TestWriteAnnotations(t *testing.T) {
	var b bytes.Buffer
	err := WriteAnnotations(&b, []string{"plain", "100% sure\n::error::injected\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := "::warning title=orcidsite::plain\n" +
		"::warning title=orcidsite::100%25 sure%0A::error::injected%0D%0A\n"
	if b.String() != want {
		t.Errorf("annotations:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	r := sampleReport()
	name := filepath.Join(dir, "report.md")
	for range 2 {
		if err := WriteReportFile(name, r); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(name); string(b) != r.Markdown() {
		t.Error("--report file is not the Markdown report (written twice: replaced, not appended)")
	}
	summary := filepath.Join(dir, "step_summary")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := AppendStepSummary(summary, r); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(summary)
	if !strings.HasPrefix(string(b), "earlier step\n## ORCID fetch report") || strings.Count(string(b), "## ORCID fetch report") != 2 {
		t.Errorf("step summary not appended:\n%s", b)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a\nb\t\tc", "a b c"},
		{"\u202Eevil", "evil"},
		{"x_y*z", `x\_y\*z`},
		{"<img src=x>", `\<img src=x\>`},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSiteWorkflow checks the example site workflow users copy: valid
// YAML with the triggers, permissions and steps the README promises.
func TestSiteWorkflow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "site.yml"))
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		Name string            `yaml:"name"`
		Uses string            `yaml:"uses"`
		Run  string            `yaml:"run"`
		Env  map[string]string `yaml:"env"`
		With map[string]any    `yaml:"with"`
	}
	type job struct {
		Needs       any               `yaml:"needs"`
		Permissions map[string]string `yaml:"permissions"`
		Environment map[string]string `yaml:"environment"`
		Steps       []step            `yaml:"steps"`
	}
	var wf struct {
		Name string `yaml:"name"`
		On   struct {
			Schedule         []map[string]string `yaml:"schedule"`
			WorkflowDispatch any                 `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Jobs map[string]job `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("site.yml is not valid YAML: %v", err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	on, _ := raw["on"].(map[string]any)
	if _, ok := on["workflow_dispatch"]; !ok {
		t.Error("no manual dispatch (on.workflow_dispatch)")
	}
	if len(wf.On.Schedule) != 1 || !regexp.MustCompile(`^(\S+\s+){4}\S+$`).MatchString(wf.On.Schedule[0]["cron"]) {
		t.Errorf("schedule %v: want one five-field cron", wf.On.Schedule)
	}

	build, deploy := wf.Jobs["build"], wf.Jobs["deploy"]
	if build.Permissions["contents"] != "write" {
		t.Error("build job cannot commit data/orcid/ (permissions.contents: write)")
	}
	if deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" || deploy.Needs != "build" {
		t.Errorf("deploy job: permissions %v, needs %v", deploy.Permissions, deploy.Needs)
	}
	if deploy.Environment["name"] != "github-pages" {
		t.Error("deploy job does not use the github-pages environment")
	}
	has := func(steps []step, f func(step) bool) bool {
		for _, s := range steps {
			if f(s) {
				return true
			}
		}
		return false
	}
	checks := []struct {
		what  string
		steps []step
		f     func(step) bool
	}{
		{"checkout", build.Steps, func(s step) bool { return strings.HasPrefix(s.Uses, "actions/checkout@") }},
		{"orcidsite build with secrets", build.Steps, func(s step) bool {
			return strings.Contains(s.Run, "orcidsite build") &&
				s.Env["ORCID_CLIENT_ID"] == "${{ secrets.ORCID_CLIENT_ID }}" &&
				s.Env["ORCID_CLIENT_SECRET"] == "${{ secrets.ORCID_CLIENT_SECRET }}"
		}},
		{"commit data/orcid", build.Steps, func(s step) bool {
			return strings.Contains(s.Run, "git add data/orcid") && strings.Contains(s.Run, "git push")
		}},
		{"upload public/", build.Steps, func(s step) bool {
			return strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") && s.With["path"] == "public"
		}},
		{"deploy", deploy.Steps, func(s step) bool { return strings.HasPrefix(s.Uses, "actions/deploy-pages@") }},
	}
	for _, c := range checks {
		if !has(c.steps, c.f) {
			t.Errorf("workflow lacks a step: %s", c.what)
		}
	}
}
