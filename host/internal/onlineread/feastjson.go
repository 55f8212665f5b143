package onlineread

import (
	"encoding/json"
	"io"
	"time"

	"github.com/quiverfs/quiver/host/internal/valuejson"
)

// FeastResponse is a Response in Feast's JSON shape, the body of
// /get-online-features and the output of `quiver get-online-features -o
// json`:
//
//	{"metadata": {"feature_names": ["driver_id", "conv_rate"]},
//	 "results": [{"values": [1001], "statuses": ["PRESENT"],
//	              "event_timestamps": ["1970-01-01T00:00:00Z"]}, ...]}
//
// There is one result per feature name, join keys first, each with one
// entry per requested entity.
type FeastResponse struct {
	Metadata FeastMetadata `json:"metadata"`
	Results  []FeastResult `json:"results"`
}

// FeastMetadata names the output columns.
type FeastMetadata struct {
	FeatureNames []string `json:"feature_names"`
}

// FeastResult is one output column. Values are JSON values as valuejson
// encodes them (null for a missing value); EventTimestamps are RFC 3339
// in UTC, the Unix epoch when there is none (as Feast writes it).
type FeastResult struct {
	Values          []any    `json:"values"`
	Statuses        []Status `json:"statuses"`
	EventTimestamps []string `json:"event_timestamps"`
}

// epoch is what Feast reports for a value without an event time.
var epoch = time.Unix(0, 0).UTC()

// Feast converts the response to Feast's JSON shape.
func (r *Response) Feast() *FeastResponse {
	out := &FeastResponse{
		Metadata: FeastMetadata{FeatureNames: append([]string{}, r.FeatureNames...)},
		Results:  make([]FeastResult, len(r.Results)),
	}
	for i, col := range r.Results {
		res := FeastResult{
			Values:          make([]any, len(col.Values)),
			Statuses:        make([]Status, len(col.Values)),
			EventTimestamps: make([]string, len(col.Values)),
		}
		for j, v := range col.Values {
			res.Values[j] = valuejson.Encode(v)
			res.Statuses[j] = NotFound
			if j < len(col.Statuses) && col.Statuses[j] != "" {
				res.Statuses[j] = col.Statuses[j]
			}
			ts := epoch
			if j < len(col.EventTimestamps) && !col.EventTimestamps[j].IsZero() {
				ts = col.EventTimestamps[j].UTC()
			}
			res.EventTimestamps[j] = ts.Format(time.RFC3339Nano)
		}
		out.Results[i] = res
	}
	return out
}

// WriteFeastJSON writes the response as Feast's JSON, followed by a newline.
// indent is "" for compact output.
func WriteFeastJSON(w io.Writer, r *Response, indent string) error {
	enc := json.NewEncoder(w)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	enc.SetEscapeHTML(false)
	return enc.Encode(r.Feast())
}
