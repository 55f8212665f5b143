package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/onlineread"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/host/internal/textclip"
)

// getOnlineFeaturesRequest is Feast's request body.
type getOnlineFeaturesRequest struct {
	Features         []string `json:"features"`
	FeatureService   string   `json:"feature_service"`
	Entities         columns  `json:"entities"`
	FullFeatureNames bool     `json:"full_feature_names"`
	// IncludeFeatureViewVersionMetadata adds Feast's
	// metadata.feature_view_metadata: the views read, in order.
	IncludeFeatureViewVersionMetadata bool `json:"include_feature_view_version_metadata"`
}

var responseBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

func (a *api) getOnlineFeatures(w http.ResponseWriter, r *http.Request) {
	var req getOnlineFeaturesRequest
	if err := a.decodeBody(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	resp, err := a.svc.GetOnlineFeatures(r.Context(), &onlineread.Request{
		Features: req.Features, FeatureService: req.FeatureService, FullFeatureNames: req.FullFeatureNames,
		JoinKeys: req.Entities.names, Entities: req.Entities.data,
	})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	bp := responseBuffers.Get().(*[]byte)
	b := appendResponse((*bp)[:0], resp, req.IncludeFeatureViewVersionMetadata)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	// A known length spares the chunked encoding of answers over 4 KiB.
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
	if cap(b) <= 1<<20 { // do not keep huge buffers around
		*bp = b
		responseBuffers.Put(bp)
	}
}

// pushRequest is Feast's push body.
type pushRequest struct {
	PushSourceName string  `json:"push_source_name"`
	DF             columns `json:"df"`
	To             string  `json:"to"`
}

func (a *api) push(w http.ResponseWriter, r *http.Request) {
	var req pushRequest
	if err := a.decodeBody(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	to, err := service.ParsePushTo(req.To)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	res, err := a.svc.Push(r.Context(), &service.PushRequest{Source: req.PushSourceName, Frame: req.DF.frame(), To: to})
	a.answer(w, r, res, err)
}

// writeRequest is Feast's write-to-online-store body.
type writeRequest struct {
	FeatureViewName string  `json:"feature_view_name"`
	DF              columns `json:"df"`
}

func (a *api) writeToOnlineStore(w http.ResponseWriter, r *http.Request) {
	var req writeRequest
	if err := a.decodeBody(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	res, err := a.svc.WriteToOnlineStore(r.Context(), &service.WriteRequest{FeatureView: req.FeatureViewName, Frame: req.DF.frame()})
	a.answer(w, r, res, err)
}

// materializeRequest is Feast's materialize body; StartTS is unused by
// the incremental endpoint.
type materializeRequest struct {
	StartTS      string   `json:"start_ts"`
	EndTS        string   `json:"end_ts"`
	FeatureViews []string `json:"feature_views"`
}

func (a *api) materialize(w http.ResponseWriter, r *http.Request) { a.runMaterialize(w, r, false) }

func (a *api) materializeIncremental(w http.ResponseWriter, r *http.Request) {
	a.runMaterialize(w, r, true)
}

func (a *api) runMaterialize(w http.ResponseWriter, r *http.Request, incremental bool) {
	var req materializeRequest
	if err := a.decodeBody(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	sreq := &service.MaterializeRequest{Start: req.StartTS, End: req.EndTS, Views: req.FeatureViews, Incremental: incremental}
	async, err := queryBool(r, "async")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if async {
		// Feast's ?async=true: 202 once checked, the run in the background.
		res, err := a.svc.MaterializeAsync(r.Context(), sreq)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusAccepted, res)
		return
	}
	res, err := a.svc.Materialize(r.Context(), sreq)
	a.answer(w, r, res, err)
}

// health answers 200 when every component serves, 503 otherwise.
func (a *api) health(w http.ResponseWriter, r *http.Request) {
	h, err := a.svc.Health(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if !h.Serving {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, h)
}

// metricsEndpoint serves Prometheus metrics to authorized callers.
func (a *api) metricsEndpoint(w http.ResponseWriter, r *http.Request) {
	if err := a.svc.AuthorizeMetrics(r.Context()); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.metricsH.ServeHTTP(w, r)
}

// answer writes res as JSON, or err.
func (a *api) answer(w http.ResponseWriter, r *http.Request, res any, err error) {
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// writeJSON writes v with encoding/json (used off the hot path).
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		quiverForm.write(w, nil, http.StatusInternalServerError, "internal", "encoding the answer: "+err.Error(), "")
		return
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// queryBool reads a boolean query parameter; absent is false.
func queryBool(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, apierr.Invalid("query parameter %s=%q: want true or false", name, textclip.Clip(v, 64))
	}
	return b, nil
}
