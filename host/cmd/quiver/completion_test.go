package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shell runs script in a real shell with the built quiver first on PATH.
func shell(t *testing.T, name, script string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: run `make test`, which installs it (scripts/install-deps.sh shells)", name)
	}
	cmd := exec.Command(path, "-c", script)
	cmd.Env = []string{"PATH=" + filepath.Dir(quiverBin) + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s -c %q: %v\n%s", name, script, err, out)
	}
	return string(out)
}

func lines(s string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		out[strings.TrimSpace(l)] = true
	}
	return out
}

// TestBashCompletesCommandsAndFlags sources `quiver completion bash` in
// bash and completes words as the shell would on TAB.
func TestBashCompletesCommandsAndFlags(t *testing.T) {
	complete := func(words string, cword int) map[string]bool {
		return lines(shell(t, "bash", `eval "$(quiver completion bash)"; COMP_WORDS=(`+words+`); COMP_CWORD=`+
			strconv.Itoa(cword)+`; _quiver_complete; printf '%s\n' "${COMPREPLY[@]}"`))
	}
	if got := complete("quiver ma", 1); !got["materialize"] || !got["materialize-incremental"] || got["list"] {
		t.Errorf("quiver ma<TAB>: %v", got)
	}
	if got := complete("quiver list feature", 2); !got["feature-views"] || !got["feature-services"] || got["entities"] {
		t.Errorf("quiver list feature<TAB>: %v", got)
	}
	if got := complete("quiver get-online-features --feat", 2); !got["--features"] || !got["--feature-service"] {
		t.Errorf("quiver get-online-features --feat<TAB>: %v", got)
	}
}

// TestZshCompletionLoadsAndDescribes loads `quiver completion zsh` after
// compinit and checks the candidates it asks for carry their usage.
func TestZshCompletionLoadsAndDescribes(t *testing.T) {
	out := shell(t, "zsh", `autoload -U compinit && compinit -u && eval "$(quiver completion zsh)" && whence -w _quiver && `+
		`env 0=zsh quiver list --generate-bash-completion`)
	if !strings.Contains(out, "_quiver: function") || !strings.Contains(out, "feature-views:list the registered feature views") {
		t.Errorf("zsh: %s", out)
	}
}

// TestFishCompletesCommands loads `quiver completion fish` in fish and asks
// fish what it would complete.
func TestFishCompletesCommands(t *testing.T) {
	got := shell(t, "fish", `quiver completion fish | source; complete -C "quiver mat"`)
	if !strings.Contains(got, "materialize") || strings.Contains(got, "serve") {
		t.Errorf("fish: quiver mat<TAB>: %s", got)
	}
}

// TestCompletionNeedsAKnownShell: an unknown shell is a clear error.
func TestCompletionNeedsAKnownShell(t *testing.T) {
	if r := quiver(t, "completion", "tcsh"); r.code == 0 || !strings.Contains(r.stderr, "bash, zsh or fish") {
		t.Errorf("completion tcsh: exit %d, %s", r.code, r.stderr)
	}
}
