package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/milvus-io/milvus-sdk-go/v2/client"
	"github.com/milvus-io/milvus-sdk-go/v2/entity"

	"github.com/quiverfs/quiver/plugins/milvus/milvusstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

const (
	project = "vbench"
	prefix  = "qbench"
	view    = "vecbench"
)

// features.yaml of the benchmark repository; its source is the empty
// docs file `quiver init` writes.
const definitions = `entities:
  - {name: chunk, join_keys: [chunk_id], value_type: string}
data_sources:
  - {name: docs_source, type: file, path: data/docs.parquet, timestamp_field: event_timestamp}
feature_views:
  - name: vecbench
    entities: [chunk]
    source: docs_source
    online: true
    schema:
      - {name: text, dtype: string}
      - name: embedding
        dtype: list<float32>
        vector: {dimension: %d, metric: l2, index_type: HNSW, index_params: {M: "16", efConstruction: "200", ef: "%d"}}
`

func run(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp("", "quiver-milvus-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cli, err := client.NewClient(ctx, client.Config{Address: o.addr})
	if err != nil {
		return err
	}
	defer cli.Close()
	coll := milvusstore.CollectionName(prefix, project, view)
	if has, err := cli.HasCollection(ctx, coll); err == nil && has { // a previous run's
		if err := cli.DropCollection(ctx, coll); err != nil {
			return err
		}
	}
	if err := setupRepo(o, dir); err != nil {
		return err
	}
	vecs := randomVectors(1, o.rows, o.dim)
	t0 := time.Now()
	if err := load(ctx, o, vecs); err != nil {
		return err
	}
	loadTime := time.Since(t0)
	if err := sealAndIndex(ctx, cli, coll); err != nil {
		return err
	}
	url, stop, err := serve(o, dir)
	if err != nil {
		return err
	}
	defer stop()
	queries := randomVectors(2, o.n+20, o.dim)
	httpLat, httpRecall, err := measure(queries, vecs, o.topK, func(q []float32) ([]string, error) { return searchHTTP(url, q, o.topK) })
	if err != nil {
		return err
	}
	sdkLat, sdkRecall, err := measure(queries, vecs, o.topK, func(q []float32) ([]string, error) { return searchSDK(ctx, cli, coll, q, o.topK, o.ef) })
	if err != nil {
		return err
	}
	fmt.Printf("Milvus 2.3.5 (PyPI `milvus`, standalone lite) on this machine; %d x %d float32, HNSW (M 16, efConstruction 200, ef %d), L2, top-%d, "+
		"%d sequential searches per path after 20 warm-up; load through the plugin's WriteBatch: %s; machine: %s\n\n",
		o.rows, o.dim, o.ef, o.topK, o.n, loadTime.Round(time.Second), machine())
	fmt.Println("| path | p50 | p90 | p99 | recall@10 |")
	fmt.Println("|---|---|---|---|---|")
	fmt.Printf("| HTTP /retrieve-online-documents -> quiver serve -> plugin (go-plugin gRPC) -> Milvus | %s | %s | %s | %.3f |\n",
		ms(percentile(httpLat, 50)), ms(percentile(httpLat, 90)), ms(percentile(httpLat, 99)), httpRecall)
	fmt.Printf("| Milvus Go SDK Search in process (same collection, params, output fields) | %s | %s | %s | %.3f |\n",
		ms(percentile(sdkLat, 50)), ms(percentile(sdkLat, 90)), ms(percentile(sdkLat, 99)), sdkRecall)
	fmt.Printf("\np99 ratio HTTP / SDK: %.2f (target <= 1.3); p50 ratio: %.2f\n",
		float64(percentile(httpLat, 99))/float64(percentile(sdkLat, 99)), float64(percentile(httpLat, 50))/float64(percentile(sdkLat, 50)))
	return nil
}

// measure runs every query (the first 20 as warm-up) and returns latencies and recall.
func measure(queries, vecs [][]float32, k int, search func([]float32) ([]string, error)) ([]time.Duration, float64, error) {
	var lat []time.Duration
	found, total := 0, 0
	for i, q := range queries {
		t0 := time.Now()
		ids, err := search(q)
		if err != nil {
			return nil, 0, err
		}
		if i < 20 {
			continue
		}
		lat = append(lat, time.Since(t0))
		if i < 120 { // recall on 100 queries: the exact oracle is slow
			truth := exactTopK(q, vecs, k)
			for _, id := range ids {
				if truth[id] {
					found++
				}
			}
			total += k
		}
	}
	return lat, float64(found) / float64(total), nil
}

// setupRepo runs quiver init, replaces the definitions and quiver.yaml,
// installs and locks the plugin, and applies.
func setupRepo(o options, dir string) error {
	if out, err := exec.Command(o.quiver, "init", "--project", project, dir).CombinedOutput(); err != nil {
		return fmt.Errorf("quiver init: %v\n%s", err, out)
	}
	cfg := fmt.Sprintf("project: %s\nonline_store:\n  type: milvus\n  address: %s\n  collection_prefix: %s\n", project, o.addr, prefix)
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "features.yaml"), []byte(fmt.Sprintf(definitions, o.dim, o.ef)), 0o644); err != nil {
		return err
	}
	bin, err := os.ReadFile(o.plugin)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "plugins"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "plugins", "quiver-plugin-milvus"), bin, 0o755); err != nil {
		return err
	}
	for _, args := range [][]string{{"plugins", "lock"}, {"apply"}} {
		cmd := exec.Command(o.quiver, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("quiver %v: %v\n%s", args, err, out)
		}
	}
	return nil
}

// load writes the vectors through the plugin's store code in process.
func load(ctx context.Context, o options, vecs [][]float32) error {
	s := milvusstore.New()
	cfg, _ := json.Marshal(map[string]string{"address": o.addr, "collection_prefix": prefix})
	if _, err := s.Configure(ctx, &onlinestore.ConfigureRequest{Project: project, Config: cfg}); err != nil {
		return err
	}
	ts := time.Now().UTC()
	for start := 0; start < len(vecs); start += 1000 {
		var rows []onlinestore.WriteRow
		for i := start; i < min(start+1000, len(vecs)); i++ {
			rows = append(rows, onlinestore.WriteRow{EntityKey: types.EntityKey{{JoinKey: "chunk_id", Value: types.StringValue(fmt.Sprintf("doc-%d", i))}},
				Values: []types.Value{types.StringValue(fmt.Sprintf("text of doc %d", i)), types.Float32ListValue(vecs[i])}, EventTimestamp: ts})
		}
		if _, err := s.WriteBatch(ctx, &onlinestore.WriteBatchRequest{Project: project, FeatureView: view,
			FeatureNames: []string{"text", "embedding"}, Rows: rows}); err != nil {
			return err
		}
	}
	return nil
}

// sealAndIndex flushes the collection so its segments are sealed and
// HNSW-indexed, and waits for the index.
func sealAndIndex(ctx context.Context, cli client.Client, coll string) error {
	if err := cli.Flush(ctx, coll, false); err != nil {
		return err
	}
	for range 600 {
		total, indexed, err := cli.GetIndexBuildProgress(ctx, coll, "f_embedding")
		if err != nil {
			return err
		}
		if total > 0 && indexed == total {
			time.Sleep(3 * time.Second) // let the query node load the indexed segments
			return nil
		}
		time.Sleep(time.Second)
	}
	return fmt.Errorf("index of %s not built after 10 minutes", coll)
}

// serve starts quiver serve on a free port.
func serve(o options, dir string) (string, func(), error) {
	port := func() string {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		defer l.Close()
		return l.Addr().String()
	}
	httpAddr := port()
	cmd := exec.Command(o.quiver, "serve", "--http-addr", httpAddr, "--grpc-addr", port())
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	// Interrupt, not kill: quiver serve then stops its plugins too.
	stop := func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }
	url := "http://" + httpAddr
	for range 300 {
		if resp, err := http.Get(url + "/health"); err == nil {
			resp.Body.Close()
			return url, stop, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("quiver serve did not answer on %s", httpAddr)
}

func searchHTTP(url string, q []float32, k int) ([]string, error) {
	body, _ := json.Marshal(map[string]any{"feature_view": view, "features": []string{"text"}, "query": q, "top_k": k})
	resp, err := http.Post(url+"/retrieve-online-documents", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("retrieve-online-documents: %s: %s", resp.Status, raw)
	}
	var out struct {
		Results []struct {
			Values []any `json:"values"`
		} `json:"results"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Results) == 0 {
		return nil, fmt.Errorf("retrieve-online-documents answer: %v", err)
	}
	ids := make([]string, len(out.Results[0].Values))
	for i, v := range out.Results[0].Values {
		ids[i], _ = v.(string)
	}
	return ids, nil
}

func searchSDK(ctx context.Context, cli client.Client, coll string, q []float32, k, ef int) ([]string, error) {
	sp, _ := entity.NewIndexHNSWSearchParam(ef)
	res, err := cli.Search(ctx, coll, nil, "", []string{"event_us", "row"}, []entity.Vector{entity.FloatVector(q)}, "f_embedding",
		entity.L2, k, sp, client.WithSearchQueryConsistencyLevel(entity.ClSession))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, k)
	pks, _ := res[0].IDs.(*entity.ColumnVarChar)
	for _, pk := range pks.Data() {
		key, err := milvusstore.DecodeKey(pk)
		if err != nil {
			return nil, err
		}
		ids = append(ids, key[0].Value.Str())
	}
	return ids, nil
}
