package bqstore

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// tableRef is a fully qualified table.
type tableRef struct{ Project, Dataset, Table string }

// sql is the quoted reference for SQL text: `project.dataset.table`.
func (t tableRef) sql() string {
	return "`" + t.Project + "." + t.Dataset + "." + t.Table + "`"
}

// String is project.dataset.table, for messages.
func (t tableRef) String() string { return t.Project + "." + t.Dataset + "." + t.Table }

// tableNameRE is what BigQuery accepts in a table name (letters, marks,
// digits, connectors, dashes and spaces), at most 1024 bytes.
var tableNameRE = regexp.MustCompile(`^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd} ]+$`)

// parseTableRef reads "table", "dataset.table" or "project.dataset.table"
// (backticks around the whole or a part are dropped); missing parts come
// from the settings.
func parseTableRef(s *Settings, ref string) (tableRef, error) {
	if len(ref) > 2048 {
		return tableRef{}, fmt.Errorf("table reference is %d bytes long, at most 2048", len(ref))
	}
	ref = strings.ReplaceAll(ref, "`", "")
	var domain string // a domain-scoped project's "example.com:" holds dots
	if i := strings.Index(ref, ":"); i >= 0 {
		domain, ref = ref[:i+1], ref[i+1:]
	}
	parts := strings.Split(ref, ".")
	if domain != "" {
		if len(parts) != 3 {
			return tableRef{}, fmt.Errorf("table %q: want domain:project.dataset.table", clip(domain+ref))
		}
		parts[0] = domain + parts[0]
	}
	t := tableRef{Project: s.ProjectID, Dataset: s.Dataset}
	switch len(parts) {
	case 1:
		t.Table = parts[0]
	case 2:
		t.Dataset, t.Table = parts[0], parts[1]
	case 3:
		t.Project, t.Dataset, t.Table = parts[0], parts[1], parts[2]
	default:
		return t, fmt.Errorf("table %q: want table, dataset.table or project.dataset.table", clip(ref))
	}
	switch {
	case !projectRE.MatchString(t.Project):
		return t, fmt.Errorf("table %q: %q is not a Google Cloud project id", clip(ref), clip(t.Project))
	case !datasetRE.MatchString(t.Dataset) || len(t.Dataset) > 1024:
		return t, fmt.Errorf("table %q: dataset %q: use letters, digits and underscores", clip(ref), clip(t.Dataset))
	case !tableNameRE.MatchString(t.Table) || len(t.Table) > 1024:
		return t, fmt.Errorf("table %q: table name %q: use letters, digits, _, - and spaces", clip(ref), clip(t.Table))
	}
	return t, nil
}

// ident quotes a column name. Names with a backtick, a backslash or a
// control character, or longer than 300 bytes, are refused before use.
func ident(name string) string { return "`" + name + "`" }

// checkIdent refuses a column name ident could not quote safely.
func checkIdent(name string) error {
	if name == "" || len(name) > 300 || !utf8.ValidString(name) {
		return fmt.Errorf("column name %q: want 1 to 300 bytes of UTF-8", clip(name))
	}
	for _, r := range name {
		if r == '`' || r == '\\' || r < 0x20 || r == 0x7f {
			return fmt.Errorf("column name %q holds a backtick, backslash or control character", clip(name))
		}
	}
	return nil
}

// tempPrefix starts the names of a project's temporary tables: readable
// (the project's letters and digits) and unique to it (a hash of its
// name), so Teardown finds this project's tables and no other's.
func tempPrefix(project string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(project) {
		if b.Len() >= 40 {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	sum := sha256.Sum256([]byte(project))
	return "quiver_tmp_" + b.String() + "_" + hex.EncodeToString(sum[:4]) + "_"
}

// tempName is a new temporary table name of a project.
func tempName(project, what string) string {
	var r [8]byte
	_, _ = rand.Read(r[:])
	return tempPrefix(project) + what + "_" + hex.EncodeToString(r[:])
}

// The kinds of temporary tables, the "what" of tempName.
const (
	tempPull     = "pull"
	tempJoin     = "join"
	tempKeys     = "keys"
	tempEntities = "ents"
)

// isTempOf reports whether a table name is one of project's temporary
// tables: its prefix, a kind, then 16 hex digits and nothing else (so a
// project whose name extends another's prefix is not taken for it).
func isTempOf(project, name string) bool {
	rest, ok := strings.CutPrefix(name, tempPrefix(project))
	if !ok {
		return false
	}
	kind, hexPart, ok := strings.Cut(rest, "_")
	if !ok || len(hexPart) != 16 {
		return false
	}
	switch kind {
	case tempPull, tempJoin, tempKeys, tempEntities:
	default:
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil
}
