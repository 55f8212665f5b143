package definitions

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/yamlstrict"
)

// Problem is one thing wrong with the definitions, with where it is.
type Problem struct {
	Pos     model.Position
	Message string
}

// String renders "file:line:col: message".
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.Pos.File, p.Pos.Line, p.Pos.Column, p.Message)
}

// Problems is a list of problems; as an error it lists them all.
type Problems []Problem

// Error renders one problem per line, sorted by position.
func (ps Problems) Error() string {
	ps.Sort()
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the definitions:\n%s", len(ps), strings.Join(lines, "\n"))
}

// Sort orders problems by file, line and column.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// collector gathers problems while reading one file.
type collector struct {
	file     string
	problems *Problems
}

func (c collector) pos(n *yaml.Node) model.Position {
	return model.Position{File: c.file, Line: n.Line, Column: n.Column}
}

func (c collector) add(n *yaml.Node, format string, args ...any) {
	*c.problems = append(*c.problems, Problem{Pos: c.pos(n), Message: yamlstrict.Clip(fmt.Sprintf(format, args...))})
}
