package service

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOnlyTheServiceAsksTheAuthorizer keeps access.go the one place that
// turns an operation into (action, resources): no other production file
// of the host asks the authorizer, and no CLI command reaches past the
// service into the stores or the registry.
func TestOnlyTheServiceAsksTheAuthorizer(t *testing.T) {
	t.Parallel()
	asks := regexp.MustCompile(`authz\.Check\(|\.Authorize\(ctx`)
	reaches := regexp.MustCompile(`\bfs\.(Online|Offline|Registry|Repo)\b`)
	root := ".." // host/internal
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		dir := filepath.Dir(rel)
		if dir == "service" || dir == "authz" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := asks.FindIndex(src); loc != nil {
			t.Errorf("%s asks the authorizer itself (%q); add the operation to service/access.go", rel, src[loc[0]:loc[1]])
		}
		if dir == "cli" {
			if loc := reaches.FindIndex(src); loc != nil {
				t.Errorf("%s reaches past the service (%q); CLI commands call service.Service", rel, src[loc[0]:loc[1]])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
