package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/arrowcopy"
	"github.com/quiverfs/quiver/host/internal/pitjoin"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/sdk/arrowipc"
)

// arrowStream is the media type of Arrow IPC streams.
const arrowStream = "application/vnd.apache.arrow.stream"

// historicalRequest is the JSON body of /get-historical-features.
type historicalRequest struct {
	Features         []string                     `json:"features"`
	FeatureService   string                       `json:"feature_service"`
	FullFeatureNames bool                         `json:"full_feature_names"`
	Entities         columns                      `json:"entities"`
	TimestampColumn  string                       `json:"timestamp_column"`
	JoinKeyMap       map[string]map[string]string `json:"join_key_map"`
	Start            string                       `json:"start"`
	End              string                       `json:"end"`
}

// getHistoricalFeatures answers with the training set as an Arrow IPC
// stream. The entity rows come either as JSON columns in a JSON body, or
// as an Arrow IPC stream body (Content-Type application/vnd.apache.arrow.stream)
// with the other fields as query parameters.
func (a *api) getHistoricalFeatures(w http.ResponseWriter, r *http.Request) {
	req, err := a.historicalRequest(w, r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	resp, err := a.svc.GetHistoricalFeatures(r.Context(), req)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer resp.Records.Release()
	w.Header().Set("Content-Type", arrowStream)
	iw := ipc.NewWriter(w, ipc.WithSchema(resp.Records.Schema()))
	for resp.Records.Next() {
		if err := iw.Write(resp.Records.RecordBatch()); err != nil {
			a.log.Warn("writing the training set", "error", err)
			return
		}
	}
	if err := resp.Records.Err(); err != nil {
		// The status is sent: end the stream without its end marker.
		a.log.Warn("historical retrieval failed midway", "error", err)
		return
	}
	iw.Close()
}

// historicalRequest decodes either request form.
func (a *api) historicalRequest(w http.ResponseWriter, r *http.Request) (*pitjoin.Request, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), arrowStream) {
		return a.arrowHistoricalRequest(w, r)
	}
	var body historicalRequest
	if err := a.decodeBody(w, r, &body); err != nil {
		return nil, err
	}
	req := &pitjoin.Request{Features: body.Features, FeatureService: body.FeatureService, FullFeatureNames: body.FullFeatureNames,
		TimestampColumn: body.TimestampColumn, JoinKeyMaps: body.JoinKeyMap}
	if len(body.Entities.names) == 0 {
		var err error
		if req.Start, err = service.ParseTime("start", body.Start); err != nil {
			return nil, apierr.Invalid("give entities, or start and end for entity-less retrieval: %v", err)
		}
		if req.End, err = service.ParseTime("end", body.End); err != nil {
			return nil, err
		}
		return req, nil
	}
	ts := body.TimestampColumn
	if ts == "" {
		ts = pitjoin.DefaultTimestampColumn
	}
	rec, err := entityRecord(a.svc.Repo(), body.Entities, ts)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	req.Entities, err = array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	return req, err
}

// arrowHistoricalRequest reads the entity rows from an Arrow IPC body.
func (a *api) arrowHistoricalRequest(w http.ResponseWriter, r *http.Request) (*pitjoin.Request, error) {
	q := r.URL.Query()
	full, _ := strconv.ParseBool(q.Get("full_feature_names"))
	req := &pitjoin.Request{FeatureService: q.Get("feature_service"), FullFeatureNames: full, TimestampColumn: q.Get("timestamp_column")}
	for _, f := range q["features"] {
		for _, s := range strings.Split(f, ",") {
			if s = strings.TrimSpace(s); s != "" {
				req.Features = append(req.Features, s)
			}
		}
	}
	rd, err := readEntityStream(r.Body, a.maxBody)
	if err != nil {
		return nil, err
	}
	req.Entities = rd
	return req, nil
}

// readEntityStream reads a whole Arrow IPC entity table of at most
// maxBody bytes, checked record by record, before any work starts: a
// malformed or oversized body is a 400 or 413, not an error midway
// through the join.
func readEntityStream(body io.Reader, maxBody int64) (array.RecordReader, error) {
	rd, err := arrowipc.NewReader(body, arrowipc.Limits{MaxBytes: maxBody})
	if err != nil {
		return nil, arrowError(err)
	}
	all, err := arrowcopy.ReadAll(rd)
	if err != nil {
		return nil, arrowError(err)
	}
	defer all.Release()
	return array.NewRecordReader(all.Schema(), []arrow.RecordBatch{all})
}

// arrowError turns an arrowipc error into a request error.
func arrowError(err error) error {
	if errors.Is(err, arrowipc.ErrTooLarge) {
		return apierr.TooLarge("the Arrow entity table is over the limit (feature_server.max_body_bytes): %v", err)
	}
	return apierr.Invalid("the body is not a valid Arrow IPC stream: %v", err)
}
