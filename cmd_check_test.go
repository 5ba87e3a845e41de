package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/generator"
)

func TestCollapseProblems(t *testing.T) {
	ps := []generator.Problem{
		{File: "404.html", Line: 3, Msg: "broken link /x/"},
		{File: "404.html", Line: 9, Msg: "broken link /x/"},
		{File: "index.html", Line: 3, Msg: "broken link /x/"},
		{File: "index.html", Line: 4, Msg: "missing image /a.png"},
		{Msg: "content/a.md:2: bad front matter"},
		{File: "people/index.html", Line: 3, Msg: "broken link /x/"},
		{File: "site.yaml", Line: 2, Column: 1, Msg: "unknown key"},
	}
	want := []string{
		"404.html:3: broken link /x/ (and 3 more places in 3 files)",
		"index.html:4: missing image /a.png",
		"content/a.md:2: bad front matter",
		"site.yaml:2:1: unknown key",
	}
	if diff := cmp.Diff(want, collapseProblems(ps)); diff != "" {
		t.Errorf("collapseProblems (-want +got):\n%s", diff)
	}
}

// TestExitCodes: 0 for success, 2 for how a command was called, 1 for
// what went wrong while running; the message is on stderr, never stdout.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	if err := os.MkdirAll(good, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(good, "site.yaml"), []byte("title: T\nbase_url: https://example.org/\npeople:\n  - 0000-0002-1825-0097\n"), 0o644)
	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"version"}, exitOK, ""},
		{[]string{"help", "check"}, exitOK, ""},
		{[]string{"check", "--help"}, exitOK, ""},
		{[]string{}, exitUsage, "no command given"},
		{[]string{"chekc"}, exitUsage, `did you mean "check"?`},
		{[]string{"check", "--bogus"}, exitUsage, "unknown flag: --bogus"},
		{[]string{"check", "--site", filepath.Join(dir, "none")}, exitFailure, "no site.yaml in"},
		{[]string{"new"}, exitUsage, "missing DIR"},
		{[]string{"new", good}, exitFailure, "is not empty"},
		{[]string{"new", filepath.Join(dir, "x"), "--orcid", "1234"}, exitUsage, "invalid ORCID iD"},
		{[]string{"search"}, exitUsage, "missing QUERY"},
		{[]string{"search", "--rows", "-1", "x"}, exitUsage, "out of range"},
		{[]string{"serve", "--port", "99999"}, exitUsage, "out of range"},
		{[]string{"help", "nosuchthing"}, exitUsage, "unknown command"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tt.args, &stdout, &stderr)
		code := exitCode(err, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("orcidsite %s: exit %d, stderr %q; want exit %d, stderr containing %q", strings.Join(tt.args, " "), code, stderr.String(), tt.code, tt.want)
		}
		if code != exitOK && strings.Count(strings.TrimRight(stderr.String(), "\n"), "\n") > 0 {
			t.Errorf("orcidsite %s: more than one line on stderr:\n%s", strings.Join(tt.args, " "), stderr.String())
		}
		if code != exitOK && stderr.Len() == 0 {
			t.Errorf("orcidsite %s: exit %d without a message", strings.Join(tt.args, " "), code)
		}
	}
}
