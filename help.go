package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/orcidsite/orcidsite/generator"
)

// commands lists the subcommands in help order.
var commands []*command

func init() {
	commands = []*command{
		newCommand, buildCommand, serveCommand, checkCommand, fetchCommand,
		searchCommand, versionCommand,
	}
	commands = append(commands, extraCommands...)
}

// extraCommands are registered by the files that define them.
var extraCommands []*command

func findCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func commandNames() []string {
	var ns []string
	for _, c := range commands {
		ns = append(ns, c.name)
	}
	return append(ns, "help")
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `orcidsite turns a list of ORCID iDs into a static website.

Usage:
  orcidsite <command> [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help      show help for a command

Getting started:
  orcidsite search 'family-name:Carberry'           # find ORCID iDs
  orcidsite new lab --orcid 0000-0002-1825-0097     # a new site folder
  cd lab && orcidsite fetch && orcidsite serve      # preview it, live

Run 'orcidsite help <command>' or 'orcidsite <command> --help' for details.
`)
}

func helpCommand(w io.Writer, name string) error {
	if name == "help" {
		printHelp(w)
		return nil
	}
	c := findCommand(name)
	if c == nil {
		msg := fmt.Sprintf("unknown command %q", name)
		if s := closest(name, commandNames()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return usagef("help: %s", msg)
	}
	env := &cmdEnv{stdout: w, stderr: io.Discard, cmd: c}
	return c.run(nil, env, []string{"--help"})
}

func printCommandHelp(w io.Writer, c *command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  orcidsite %s %s\n", c.summary, c.name, c.usage)
	if u := flagUsages(fs); u != "" {
		fmt.Fprintf(w, "\nFlags:\n%s", u)
	}
	if c.example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(c.example, "\n"))
	}
}

// flagUsages lists the flags in a table: "-h, --help", the value's name
// (from `backquotes` in the usage, else its type; none for booleans),
// the usage and any non-zero default.
func flagUsages(fs *pflag.FlagSet) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 3, ' ', 0)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "    --" + f.Name
		if f.Shorthand != "" {
			name = "-" + f.Shorthand + ", --" + f.Name
		}
		varname, usage := pflag.UnquoteUsage(f)
		switch {
		case f.Value.Type() == "bool":
			varname = ""
		case varname == "stringArray" || varname == "strings":
			varname = "string"
		}
		if varname != "" {
			name += " " + varname
		}
		switch f.DefValue {
		case "", "false", "0", "[]":
		default:
			if f.Value.Type() == "string" {
				usage += fmt.Sprintf(" (default %q)", f.DefValue)
			} else {
				usage += " (default " + f.DefValue + ")"
			}
		}
		if f.Value.Type() == "stringArray" {
			usage += " (repeatable)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", name, usage)
	})
	tw.Flush()
	return b.String()
}

var unknownFlagRE = regexp.MustCompile(`unknown (?:shorthand )?flag: '?(-{1,2}[^' ]+)'?`)

// unknownFlagName extracts the flag from pflag's "unknown flag: --x".
func unknownFlagName(msg string) string {
	m := unknownFlagRE.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	return m[1]
}

// closest returns the candidate nearest to s by edit distance, if it is
// near enough to be a likely typo.
func closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := generator.EditDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}
