package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/quiverfs/quiver/host/internal/vector"
)

// retrieveDocumentsRequest is Feast's v2 /retrieve-online-documents body;
// feature_view is optional when features are "view:feature" references.
type retrieveDocumentsRequest struct {
	Features       []string        `json:"features"`
	FeatureView    string          `json:"feature_view"`
	Query          []float32       `json:"query"`
	QueryString    string          `json:"query_string"`
	TopK           int             `json:"top_k"`
	DistanceMetric string          `json:"distance_metric"`
	Filters        json.RawMessage `json:"filters"`
	APIVersion     int             `json:"api_version"`
}

func (a *api) retrieveDocuments(w http.ResponseWriter, r *http.Request) {
	var req retrieveDocumentsRequest
	if err := a.decodeBody(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	filter, err := vector.DecodeJSONFilter(req.Filters)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	resp, err := a.svc.RetrieveDocuments(r.Context(), &vector.Request{FeatureView: req.FeatureView, Features: req.Features,
		QueryVector: req.Query, QueryText: req.QueryString, TopK: req.TopK, Metric: req.DistanceMetric, Filter: filter})
	a.answer(w, r, feastOrNil(resp), err)
}

// feastOrNil converts a response, keeping a nil one nil.
func feastOrNil(resp *vector.Response) any {
	if resp == nil {
		return nil
	}
	return resp.Feast()
}
