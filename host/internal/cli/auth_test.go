package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runAuthCLI runs `quiver auth args...` in process with stdin as standard
// input and returns the exit code, stdout and stderr.
func runAuthCLI(stdin string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	r := &run{stdout: &out, stderr: &errOut}
	app := newApp(r)
	app.Reader = strings.NewReader(stdin)
	err := app.RunContext(context.Background(), append([]string{"quiver", "auth"}, args...))
	return report(&errOut, err), out.String(), errOut.String()
}

// sha256("password"), a well-known value.
const passwordSHA256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"

func TestAuthHashTokenReadsStdinOrAnEnvironmentVariable(t *testing.T) {
	for _, in := range []string{"password", "password\n", "password\r\n"} {
		code, out, errOut := runAuthCLI(in, "hash-token")
		if code != 0 || out != passwordSHA256+"\n" || errOut != "" {
			t.Errorf("stdin %q: exit %d, stdout %q, stderr %q", in, code, out, errOut)
		}
	}
	t.Setenv("QUIVER_TEST_TOKEN", "password")
	if code, out, errOut := runAuthCLI("", "hash-token", "--token-env", "QUIVER_TEST_TOKEN"); code != 0 || out != passwordSHA256+"\n" {
		t.Errorf("--token-env: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestAuthHashTokenRefusals(t *testing.T) {
	t.Setenv("QUIVER_TEST_EMPTY", "")
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"hash-token", "s3cret-on-argv"}, "not taken from the command line"},
		{"", []string{"hash-token"}, "no token on standard input"},
		{"\n", []string{"hash-token"}, "no token on standard input"},
		{"a\nb\n", []string{"hash-token"}, "more than one line"},
		{"has space", []string{"hash-token"}, "characters an Authorization: Bearer header cannot carry"},
		{strings.Repeat("x", 20000), []string{"hash-token"}, "over 16384 bytes"},
		{"", []string{"hash-token", "--token-env", "QUIVER_TEST_UNSET_VAR"}, "QUIVER_TEST_UNSET_VAR is not set or empty"},
		{"", []string{"hash-token", "--token-env", "QUIVER_TEST_EMPTY"}, "QUIVER_TEST_EMPTY is not set or empty"},
		{"", []string{"hash-tokens"}, `unknown command "hash-tokens"`},
	} {
		code, out, errOut := runAuthCLI(tc.stdin, tc.args...)
		if code == 0 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q with stdin %.20q: exit %d, stdout %q, stderr %q; want %q", tc.args, tc.stdin, code, out, errOut, tc.want)
		}
		if strings.Contains(errOut, "s3cret") || strings.Contains(errOut, "has space") {
			t.Errorf("%q: stderr echoes the token: %q", tc.args, errOut)
		}
	}
}
