package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReportMasksCredentialsInErrors(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	code := report(&buf, errors.New("online store redis: dial redis://u:s3cret@h:6379 with password=s3cret"))
	if code != 1 || strings.Contains(buf.String(), "s3cret") || !strings.Contains(buf.String(), "***") {
		t.Errorf("report = %d, %q", code, buf.String())
	}
}
