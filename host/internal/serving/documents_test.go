package serving_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// seedDocs applies a docs view of 3-d cosine vectors and writes 4 chunks;
// chunk i points mostly along axis i%3 and has category a or b.
func seedDocs(t *testing.T, e *env) {
	t.Helper()
	apply(t, e.fs,
		&model.Entity{Name: "chunk", JoinKeys: []string{"chunk_id"}, ValueType: types.String},
		&model.DataSource{Name: "docs_src", Kind: model.SourceFile, Path: "data/docs.parquet", TimestampField: "ts"},
		&model.FeatureView{Name: "docs", Entities: []string{"chunk"}, Source: "docs_src", Online: true, Schema: []model.Field{
			{Name: "text", DType: types.String}, {Name: "category", DType: types.String},
			{Name: "embedding", DType: types.Float32List, Vector: &model.VectorField{Dimension: 3, Metric: "cosine"}}}})
	repo, err := e.fs.Repo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := repo.ViewSpec(repo.FeatureViews["docs"])
	if _, err := e.online.ApplyInfra(context.Background(), &onlinestore.ApplyInfraRequest{Project: project, ViewsToKeep: []types.FeatureViewSpec{spec}}); err != nil {
		t.Fatal(err)
	}
	var rows []onlinestore.WriteRow
	for i := range 4 {
		v := []float32{0.1, 0.1, 0.1}
		v[i%3] = 1
		rows = append(rows, onlinestore.WriteRow{EntityKey: types.EntityKey{{JoinKey: "chunk_id", Value: types.StringValue(fmt.Sprintf("c%d", i))}},
			EventTimestamp: now, Values: []types.Value{types.StringValue(fmt.Sprintf("text %d", i)),
				types.StringValue(string(rune('a' + i%2))), types.Float32ListValue(v)}})
	}
	write(t, e.online, &onlinestore.WriteBatchRequest{Project: project, FeatureView: "docs",
		FeatureNames: []string{"text", "category", "embedding"}, Rows: rows})
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms
}

func TestRetrieveOnlineDocumentsHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	seedDocs(t, e)
	status, body := e.post(t, "/retrieve-online-documents", map[string]any{
		"features": []string{"docs:text", "docs:category"}, "query": []float32{1, 0, 0}, "top_k": 2, "api_version": 2,
		"filters": map[string]any{"type": "or", "filters": []any{
			map[string]any{"type": "eq", "key": "category", "value": "a"},
			map[string]any{"type": "in", "key": "chunk_id", "value": []string{"c1"}}}}})
	if status != http.StatusOK {
		t.Fatalf("status %d: %v", status, body)
	}
	names := fmt.Sprint(body["metadata"].(map[string]any)["feature_names"])
	if names != "[chunk_id text category distance]" {
		t.Errorf("feature_names = %s", names)
	}
	results := body["results"].([]any)
	ids := fmt.Sprint(results[0].(map[string]any)["values"])
	// c0 is along the query; c3 along y; c1 along y, c2 (category a) along z: both at the same distance.
	if ids != "[c0 c3]" && ids != "[c0 c1]" {
		t.Errorf("chunk ids = %s, want c0 first then c1 or c3", ids)
	}
	if d := results[3].(map[string]any)["values"].([]any)[0]; fmt.Sprint(d) != "0" && fmt.Sprint(d)[:4] != "0.00" {
		t.Errorf("distance of c0 = %v, want about 0", d)
	}
	status, body = e.post(t, "/retrieve-online-documents", map[string]any{"features": []string{"docs:text"}, "query": []float32{1, 0}, "top_k": 2})
	if status != http.StatusBadRequest {
		t.Errorf("a 2-d query on a 3-d field: status %d, %v", status, body)
	}
	status, body = e.post(t, "/retrieve-online-documents", map[string]any{"features": []string{"docs:text"}, "query_string": "text 1", "top_k": 1})
	if status != http.StatusBadRequest { // the default hashing embedder makes 256-d vectors
		t.Errorf("a text query of the wrong dimension: status %d, %v", status, body)
	}
	status, body = e.post(t, "/retrieve-online-documents", map[string]any{"features": []string{"docs:text"}, "query": []float32{1, 0, 0}, "top_k": 1 << 30})
	if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(body), "top_k must be an integer from 1 to") {
		t.Errorf("top_k 2^30: status %d, %v; want 400 naming the limit", status, body)
	}
}

func TestRetrieveOnlineDocumentsGRPC(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	seedDocs(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := e.grpc.RetrieveOnlineDocuments(ctx, &servingv1.RetrieveOnlineDocumentsRequest{
		FeatureView: "docs", Features: []string{"text"}, Query: []float32{0, 0, 1}, TopK: 3,
		Filters: &servingv1.DocumentFilter{Type: "ne", Key: "category", Value: &servingv1.Value{Kind: &servingv1.Value_StringValue{StringValue: "b"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(resp.GetFeatureNames()) != "[chunk_id text distance]" || len(resp.GetResults()[0].GetValues()) != 2 {
		t.Fatalf("response %v", resp)
	}
	if first := resp.GetResults()[0].GetValues()[0].GetStringValue(); first != "c2" {
		t.Errorf("first chunk %s, want c2", first)
	}
}

// TestSearchIsRetrieveOnlineDocuments: POST /search, which Feast's client
// tries first, answers what /retrieve-online-documents answers.
func TestSearchIsRetrieveOnlineDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	seedDocs(t, e)
	body := map[string]any{"features": []string{"docs:text", "docs:category"}, "query": []float32{1, 0, 0}, "top_k": 3,
		"distance_metric": "L2", "query_string": nil, "api_version": 2}
	status, search := e.post(t, "/search", body)
	if status != http.StatusOK {
		t.Fatalf("POST /search: status %d: %v", status, search)
	}
	_, retrieve := e.post(t, "/retrieve-online-documents", body)
	if fmt.Sprint(search) != fmt.Sprint(retrieve) {
		t.Errorf("POST /search = %v\nPOST /retrieve-online-documents = %v", search, retrieve)
	}
	if names := fmt.Sprint(search["metadata"].(map[string]any)["feature_names"]); names != "[chunk_id text category distance]" {
		t.Errorf("feature_names = %s", names)
	}
}
