package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/serving/frame"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest body buffer kept for reuse.
const maxPooledBuffer = 1 << 20

// checkJSONContentType accepts a JSON media type, or none (Feast's
// clients send application/json). Anything else, a form post in
// particular, is refused: browsers send forms across origins without
// asking, JSON they do not.
func checkJSONContentType(ct string) error {
	if ct == "" || ct == "application/json" { // what clients send, without parsing
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return apierr.UnsupportedMediaType("Content-Type %q is not JSON: send the body as Content-Type: application/json (curl: -H 'Content-Type: application/json')",
		textclip.Clip(ct, 60))
}

// decodeBody reads the whole body (at most a.maxBody bytes) and decodes
// it into v. A body over the limit is KindTooLarge; malformed JSON is
// KindInvalid with the parse error.
func (a *api) decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	if err := checkJSONContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer { // do not keep big bodies' buffers
			bodyBuffers.Put(buf)
		}
	}()
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, a.maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return apierr.TooLarge("request body is larger than the limit of %d bytes (feature_server.max_body_bytes)", tooLarge.Limit)
	case err != nil:
		return apierr.Invalid("reading the request body: %v", err)
	}
	return decodeJSON(buf.Bytes(), v)
}

// decodeJSON decodes body into v: through v's fast path when it has one
// and the body takes it, else with encoding/json.
func decodeJSON(body []byte, v any) error {
	if fd, ok := v.(fastDecoder); ok {
		if fd.decodeFast(body) {
			return nil
		}
		resetValue(v)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return apierr.Invalid("the request body is empty; send a JSON object")
		}
		return apierr.Invalid("invalid JSON in the request body: %v", err)
	}
	if dec.More() {
		return apierr.Invalid("invalid JSON in the request body: unexpected data after the JSON object")
	}
	return nil
}

// resetValue sets *v to its zero value (v is a pointer).
func resetValue(v any) { reflect.ValueOf(v).Elem().SetZero() }

// columns is a JSON object of columns, {"name": [v1, v2, ...]}, that keeps
// the order of its keys.
type columns struct {
	names []string
	data  map[string][]any
}

// UnmarshalJSON decodes the object, keeping key order; values are decoded
// with json.Number for numbers.
func (c *columns) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected an object of columns {\"name\": [values...]}, got %v", tok)
	}
	c.data = map[string][]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		if _, dup := c.data[name]; dup {
			return fmt.Errorf("column %q is given twice", name)
		}
		var vals []any
		if err := dec.Decode(&vals); err != nil {
			return fmt.Errorf("column %q must be a list of values: %v", name, err)
		}
		if vals == nil {
			vals = []any{}
		}
		c.names = append(c.names, name)
		c.data[name] = vals
	}
	_, err = dec.Token()
	return err
}

// frame returns the columns as a frame.
func (c *columns) frame() frame.Frame { return frame.Frame{Columns: c.names, Data: c.data} }
