package serving_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// benchWide adds a view of 50 float64 features over 100 drivers and
// returns a /get-online-features body for n of them.
func benchWide(b *testing.B, e *env, n int) []byte {
	var schema []model.Field
	var names []string
	for i := range 50 {
		schema = append(schema, model.Field{Name: fmt.Sprintf("f%02d", i), DType: types.Float64})
		names = append(names, fmt.Sprintf("wide:f%02d", i))
	}
	v := &model.FeatureView{Name: "wide", Entities: []string{"driver"}, Source: "driver_push", Online: true, Schema: schema}
	apply(b, e.fs, v)
	repo, _ := e.fs.Repo(context.Background())
	spec, _ := repo.ViewSpec(repo.FeatureViews["wide"])
	ctx := context.Background()
	if _, err := e.online.ApplyInfra(ctx, &onlinestore.ApplyInfraRequest{Project: project, Partial: true,
		ViewsToKeep: []types.FeatureViewSpec{spec}}); err != nil {
		b.Fatal(err)
	}
	req := &onlinestore.WriteBatchRequest{Project: project, FeatureView: "wide"}
	for _, f := range schema {
		req.FeatureNames = append(req.FeatureNames, f.Name)
	}
	ids := make([]any, n)
	for d := range 100 {
		row := onlinestore.WriteRow{EntityKey: types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(int64(d))}}, EventTimestamp: now}
		for i := range schema {
			row.Values = append(row.Values, types.Float64Value(float64(d*i)/7))
		}
		req.Rows = append(req.Rows, row)
		if d < n {
			ids[d] = d
		}
	}
	if _, err := e.online.WriteBatch(ctx, req); err != nil {
		b.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the snapshot refresh picks the view up
	body, _ := json.Marshal(map[string]any{"features": names, "entities": map[string]any{"driver_id": ids}})
	return body
}

func BenchmarkGetOnlineFeaturesHTTP(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("%dx50", n), func(b *testing.B) {
			e := newEnv(b, nil)
			body := benchWide(b, e, n)
			client := &http.Client{}
			for b.Loop() {
				resp, err := client.Post(e.url+"/get-online-features", "application/json", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
