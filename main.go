// Command orcidsite turns a list of ORCID iDs into a static website:
// researcher profiles and publication lists rendered through html/template
// themes. Run "orcidsite help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/orcidsite/orcidsite/generator"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	generator.TuneGC()
	ctx, stop := signalContext()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// signalContext is cancelled by Ctrl-C (SIGINT) or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// usageError marks an error in how the command was called (exit 2).
type usageError struct{ msg string }

// Error returns the message.
func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitCode prints err (one line) and maps it to the exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	// Several problems (joined errors) print one line each.
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		fmt.Fprintln(stderr, "orcidsite:", line)
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string // the arguments after the command name
	example string
	run     func(ctx context.Context, env *cmdEnv, args []string) error
}

// cmdEnv is what a command may use: its output streams.
type cmdEnv struct {
	stdout, stderr io.Writer
	// cmd is the command being run.
	cmd *command
}

// run executes the command line args (without the program name).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	env := &cmdEnv{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printHelp(stdout)
		return usagef("no command given")
	}
	name := args[0]
	switch name {
	case "-h", "--help", "help":
		if len(args) > 1 {
			return helpCommand(stdout, args[1])
		}
		printHelp(stdout)
		return nil
	case "-v", "--version":
		name = "version"
	}
	cmd := findCommand(name)
	if cmd == nil {
		msg := fmt.Sprintf("unknown command %q", name)
		if s := closest(name, commandNames()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return usagef("%s; run 'orcidsite help' for the list", msg)
	}
	env.cmd = cmd
	return cmd.run(ctx, env, args[1:])
}

// newFlagSet makes a command's flag set; errors come back to the caller.
func newFlagSet(env *cmdEnv) *pflag.FlagSet {
	fs := pflag.NewFlagSet("orcidsite "+env.cmd.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors with a
// suggestion for a mistyped flag, and --help into the command's help.
func parseFlags(fs *pflag.FlagSet, env *cmdEnv, args []string) error {
	cmd := env.cmd
	fs.BoolP("help", "h", false, "show this help")
	err := fs.Parse(args)
	if h, _ := fs.GetBool("help"); h || errors.Is(err, pflag.ErrHelp) {
		printCommandHelp(env.stdout, cmd, fs)
		return pflag.ErrHelp
	}
	if err != nil {
		msg := err.Error()
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, "--"+f.Name) })
		if bad := unknownFlagName(msg); bad != "" {
			if s := closest(bad, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
		}
		return usagef("%s: %s; run 'orcidsite %s --help'", cmd.name, msg, cmd.name)
	}
	return nil
}
