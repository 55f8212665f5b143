package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
	"github.com/quiverfs/quiver/sdk/redact"
	"github.com/quiverfs/quiver/sdk/telemetry"
)

// Run runs the quiver command line with os.Args-style args and returns the
// process exit code. SIGINT and SIGTERM stop every plugin and end the run.
func Run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunContext(ctx, args, os.Stdout, os.Stderr)
}

// RunContext is Run with its context and output streams given. Cancelling
// ctx stops every plugin the run launched.
func RunContext(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	r := &run{stdout: stdout, stderr: stderr}
	defer func() {
		if p := recover(); p != nil {
			r.closeAll()
			fmt.Fprintf(stderr, "quiver: internal error: %v\n", p)
			code = 1
		}
	}()
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			r.closeAll()
		case <-done:
		}
	}()
	err := newApp(r).RunContext(ctx, args)
	close(done)
	r.closeAll()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(stderr, "quiver: interrupted")
		return 130
	}
	return report(stderr, err)
}

// run is the state of one invocation: its output and the plugin managers
// to stop at the end.
type run struct {
	stdout, stderr io.Writer
	mu             sync.Mutex
	managers       []*pluginhost.Manager
	closed         bool
	closeOnce      sync.Once
	// tracing is where spans go once `quiver serve` started tracing; its
	// plugins are told (pluginhost.Launcher.Values).
	tracing telemetry.Options
}

// track registers m to be closed when the run ends.
func (r *run) track(m *pluginhost.Manager) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		m.Close()
		return errors.New("interrupted")
	}
	r.managers = append(r.managers, m)
	return nil
}

// closeAll stops every plugin of the run; safe to call more than once, and
// every call returns only once the plugins are stopped, so that the process
// does not exit while an interrupt is still stopping them (leaving their
// sockets behind).
func (r *run) closeAll() {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		ms := r.managers
		r.managers, r.closed = nil, true
		r.mu.Unlock()
		for _, m := range ms {
			m.Close()
		}
	})
}

// report prints err, credentials masked (sdk/redact), and returns the exit
// code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var ec ucli.ExitCoder
	if errors.As(err, &ec) {
		if msg := strings.TrimSpace(redact.Error(err)); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		if ec.ExitCode() == 0 {
			return 1
		}
		return ec.ExitCode()
	}
	fmt.Fprintf(stderr, "quiver: %s\n", redact.Error(err))
	return 1
}

func newApp(r *run) *ucli.App {
	app := &ucli.App{
		Name:                 "quiver",
		Usage:                "a feature store: definitions, training sets, online serving and vector retrieval",
		Writer:               r.stdout,
		ErrWriter:            r.stderr,
		HideVersion:          true,
		EnableBashCompletion: true, // quiver completion bash|zsh|fish
		Flags:                globalFlags(),
		ExitErrHandler:       func(*ucli.Context, error) {}, // RunContext reports errors
		OnUsageError:         usageError,
		Action:               unknownCommand,
		Commands: append([]*ucli.Command{
			versionCommand(r),
			initCommand(r),
			pluginsCommand(r),
			authCommand(r),
			completionCommand(r),
		}, repoCommands(r)...),
	}
	setUsageErrors(app.Commands)
	return app
}

// unknownCommand is the action of a command group: help without
// arguments, an error for an unknown subcommand.
func unknownCommand(c *ucli.Context) error {
	if c.Args().Present() {
		return fmt.Errorf("unknown command %q; run `%s --help`", c.Args().First(), c.Command.HelpName)
	}
	return ucli.ShowSubcommandHelp(c)
}

func usageError(c *ucli.Context, err error, _ bool) error {
	name := "quiver"
	if c.Command != nil && c.Command.HelpName != "" {
		name = c.Command.HelpName
	}
	return fmt.Errorf("%w; run `%s --help`", err, name)
}

func setUsageErrors(cmds []*ucli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageError
		setUsageErrors(c.Subcommands)
	}
}
