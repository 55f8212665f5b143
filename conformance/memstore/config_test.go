package memstore

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

func TestParseSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		config  string
		wantErr string // "" for success
		wantDim int
	}{
		{"", "", defaultMaxVectorDimension},
		{"{}", "", defaultMaxVectorDimension},
		{`{"max_vector_dimension": 16}`, "", 16},
		{`{"max_vector_dimension": 16, "hosts": ["a"]}`, `unknown key "hosts"`, 0},
		{`{"max_vector_dimension": 0}`, "must be positive", 0},
		{`{"max_vector_dimension": "x"}`, "memory store config", 0},
		{`[1]`, "must be a JSON object", 0},
	}
	for _, tt := range tests {
		s, err := parseSettings(json.RawMessage(tt.config))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("parseSettings(%s): %v", tt.config, err)
		case tt.wantErr == "" && s.MaxVectorDimension != tt.wantDim:
			t.Errorf("parseSettings(%s): dimension %d, want %d", tt.config, s.MaxVectorDimension, tt.wantDim)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, storeerr.ErrInvalidArgument)):
			t.Errorf("parseSettings(%s) = %v, want InvalidArgument containing %q", tt.config, err, tt.wantErr)
		}
	}
}
