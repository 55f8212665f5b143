package redisstore_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quiverfs/quiver/sdk/types"
)

// fixture is testdata/feast_redis.json, written by scripts/feast-redis-fixtures.sh
// from what Feast itself wrote to and read from Redis.
type fixture struct {
	FeastVersion string       `json:"feast_version"`
	Project      string       `json:"project"`
	Rows         []fixtureRow `json:"rows"`
	Redis        []struct {
		Key    string            `json:"key"`
		Fields map[string]string `json:"fields"`
	} `json:"redis"`
	Online []struct {
		View     string                     `json:"view"`
		Features []string                   `json:"features"`
		RawRows  []map[string]any           `json:"entity_rows"`
		Response map[string]json.RawMessage `json:"response"`
	} `json:"online"`
}

// fixtureRow is a row Feast was given: typed join keys and features.
type fixtureRow struct {
	View           string              `json:"view"`
	Entity         [][]json.RawMessage `json:"entity"` // [name, type, value]
	EventTimestamp string              `json:"event_timestamp"`
	Created        string              `json:"created"`
	Features       [][]json.RawMessage `json:"features"` // [name, type, value]
}

func loadFixture(t *testing.T) *fixture {
	t.Helper()
	data, err := os.ReadFile("../testdata/feast_redis.json")
	if err != nil {
		t.Fatalf("reading the Feast fixture (scripts/feast-redis-fixtures.sh writes it): %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var f fixture
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// triple decodes a [name, type, value] entry.
func triple(t *testing.T, e []json.RawMessage) (string, types.ValueType, types.Value) {
	t.Helper()
	var name, typ string
	if err := json.Unmarshal(e[0], &name); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(e[1], &typ); err != nil {
		t.Fatal(err)
	}
	vt, err := types.ParseValueType(typ)
	if err != nil {
		t.Fatal(err)
	}
	v, err := typedValue(vt, e[2], false)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return name, vt, v
}

// typedValue reads a JSON value as type vt. In the fixture's rows bytes are
// hex strings and timestamps whole seconds; in Feast's responses (feast
// true) bytes are {"bytes_hex": ...} and timestamps ISO strings.
func typedValue(vt types.ValueType, raw json.RawMessage, feast bool) (types.Value, error) {
	if string(raw) == "null" {
		return types.Null(), nil
	}
	if vt.IsList() {
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return types.Null(), err
		}
		vals := make([]types.Value, len(elems))
		for i, e := range elems {
			v, err := typedValue(vt.Elem(), e, feast)
			if err != nil {
				return types.Null(), err
			}
			vals[i] = v
		}
		return types.ListOf(vt, vals), nil
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return types.Null(), err
	}
	return scalar(vt, x, feast)
}

func scalar(vt types.ValueType, x any, feast bool) (types.Value, error) {
	num, _ := x.(json.Number)
	switch vt {
	case types.Int64:
		n, err := strconv.ParseInt(string(num), 10, 64)
		return types.Int64Value(n), err
	case types.Int32:
		n, err := strconv.ParseInt(string(num), 10, 32)
		return types.Int32Value(int32(n)), err
	case types.Float64:
		f, err := strconv.ParseFloat(string(num), 64)
		return types.Float64Value(f), err
	case types.Float32:
		f, err := strconv.ParseFloat(string(num), 32)
		return types.Float32Value(float32(f)), err
	case types.String:
		return types.StringValue(x.(string)), nil
	case types.Bool:
		return types.BoolValue(x.(bool)), nil
	case types.Bytes:
		s, ok := x.(string)
		if feast {
			s = x.(map[string]any)["bytes_hex"].(string)
		} else if !ok {
			return types.Null(), fmt.Errorf("bytes value %v is not a hex string", x)
		}
		b, err := hex.DecodeString(s)
		return types.BytesValue(b), err
	case types.Timestamp:
		if feast {
			ts, err := time.Parse(time.RFC3339Nano, x.(string))
			return types.TimestampValue(ts), err
		}
		n, err := strconv.ParseInt(string(num), 10, 64)
		return types.TimestampMicrosValue(n * 1_000_000), err
	}
	return types.Null(), fmt.Errorf("type %s not in the fixture", vt)
}
