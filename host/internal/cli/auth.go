package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	ucli "github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/quiverfs/quiver/host/internal/authn"
)

const flagTokenEnv = "token-env"

func authCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:   "auth",
		Usage:  "helpers for the feature server's authentication (the auth block of quiver.yaml)",
		Action: unknownCommand,
		Subcommands: []*ucli.Command{{
			Name:  "hash-token",
			Usage: "print the SHA-256 of a token, as auth.tokens[].sha256 of a static_tokens quiver.yaml lists it",
			Description: "The token is read from standard input (one line; asked for without echo on a terminal), " +
				"or from the environment variable --token-env names. It is never taken from the command line, " +
				"where the shell history and the process list would show it.",
			ArgsUsage: " ",
			Flags: []ucli.Flag{&ucli.StringFlag{Name: flagTokenEnv,
				Usage: "read the token from environment variable `NAME` instead of standard input"}},
			Action: r.authHashToken,
		}},
	}
}

func (r *run) authHashToken(c *ucli.Context) error {
	if c.Args().Present() {
		return errors.New("the token is not taken from the command line (the shell history and the process list would show it): " +
			"pipe it on standard input or name an environment variable with --" + flagTokenEnv)
	}
	var token string
	if name := c.String(flagTokenEnv); name != "" {
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			return fmt.Errorf("environment variable %s is not set or empty", name)
		}
		token = v
	} else {
		var err error
		if token, err = r.readToken(c.App.Reader); err != nil {
			return err
		}
	}
	if err := authn.CheckToken(token); err != nil {
		var ae *authn.Error
		if errors.As(err, &ae) {
			if ae.Reason == authn.ReasonBadCharacters {
				return errors.New("the token holds characters an Authorization: Bearer header cannot carry " +
					"(use letters, digits and - . _ ~ + /, with = only at the end); no caller could send it")
			}
			return fmt.Errorf("the token cannot be used: %s", ae.Reason)
		}
		return err
	}
	fmt.Fprintln(r.stdout, authn.HashToken(token))
	return nil
}

// readToken reads one token from in: without echo after a prompt when in
// is a terminal, else its first line (a trailing newline is dropped).
func (r *run) readToken(in io.Reader) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(r.stderr, "token: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(r.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the token: %w", err)
		}
		return string(b), nil
	}
	b, err := io.ReadAll(io.LimitReader(in, authn.MaxTokenBytes+3))
	if err != nil {
		return "", fmt.Errorf("reading the token from standard input: %w", err)
	}
	s := string(b)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
	switch {
	case len(s) > authn.MaxTokenBytes:
		return "", fmt.Errorf("the token is over %d bytes", authn.MaxTokenBytes)
	case s == "":
		return "", errors.New("no token on standard input (pipe it in, or use --" + flagTokenEnv + ")")
	case strings.ContainsAny(s, "\n"):
		return "", errors.New("standard input holds more than one line: give one token")
	}
	return s, nil
}
