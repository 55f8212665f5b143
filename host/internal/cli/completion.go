package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"
)

// bashCompletion asks quiver itself for the candidates of the word being
// completed (urfave/cli's --generate-bash-completion): subcommands, or
// flags when the word starts with "-".
const bashCompletion = `# bash completion of quiver: eval "$(quiver completion bash)"
_quiver_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local -a args=("${COMP_WORDS[@]:0:COMP_CWORD}")
  [[ $cur == -* ]] && args+=("$cur")
  local IFS=$'\n'
  COMPREPLY=($(compgen -W "$("${args[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o bashdefault -o default -F _quiver_complete quiver
`

// zshCompletion is the same question, with each candidate's usage shown.
const zshCompletion = `#compdef quiver
# zsh completion of quiver: eval "$(quiver completion zsh)", or save it as _quiver in $fpath
_quiver() {
  local -a args candidates
  args=("${words[@]:0:$((CURRENT-1))}")
  [[ ${words[CURRENT]} == -* ]] && args+=("${words[CURRENT]}")
  # urfave/cli answers "name:usage" when the environment's "0" ends in zsh.
  candidates=("${(@f)$(env 0=zsh "${args[@]}" --generate-bash-completion 2>/dev/null)}")
  if [[ ${#candidates} -gt 0 && -n ${candidates[1]} ]]; then
    _describe 'quiver' candidates
  else
    _files
  fi
}
compdef _quiver quiver
`

// completionCommand is `quiver completion bash|zsh|fish`.
func completionCommand(r *run) *ucli.Command {
	return &ucli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script of quiver: bash, zsh or fish",
		ArgsUsage: "SHELL",
		Description: "bash: eval \"$(quiver completion bash)\" in ~/.bashrc\n" +
			"zsh:  eval \"$(quiver completion zsh)\" in ~/.zshrc (after compinit)\n" +
			"fish: quiver completion fish > ~/.config/fish/completions/quiver.fish",
		Action: func(c *ucli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("completion needs one SHELL: bash, zsh or fish")
			}
			switch shell := c.Args().First(); shell {
			case "bash":
				_, err := fmt.Fprint(r.stdout, bashCompletion)
				return err
			case "zsh":
				_, err := fmt.Fprint(r.stdout, zshCompletion)
				return err
			case "fish":
				script, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(r.stdout, script)
				return err
			default:
				return fmt.Errorf("unknown shell %q; use bash, zsh or fish", shell)
			}
		},
	}
}
