package serving_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/quiverfs/quiver/conformance/memstore"
	"github.com/quiverfs/quiver/host/internal/featurestore"
	servingv1 "github.com/quiverfs/quiver/host/internal/gen/quiver/serving/v1"
	"github.com/quiverfs/quiver/host/internal/localstore/sqliteonline"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/host/internal/serving"
	"github.com/quiverfs/quiver/host/internal/stores"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

const project = "demo"

// maxBody is the feature_server.max_body_bytes of the test repository.
const maxBody = 4096

var now = time.Now().UTC().Truncate(time.Second)

// env is a running feature server over a seeded repository with the
// embedded sqlite online store and the in-memory reference offline store.
type env struct {
	fs      *featurestore.FeatureStore
	online  onlinestore.Store
	offline *memstore.Offline
	url     string
	grpc    servingv1.FeatureServerClient
	// handler is the server's HTTP handler, for calls without a socket.
	handler http.Handler
	// grpcAddr is where the gRPC server listens.
	grpcAddr string
}

// wrapOnline lets a test put a decorator around the real online store.
type wrapOnline func(onlinestore.Store) onlinestore.Store

func newEnv(t testing.TB, wrap wrapOnline) *env { return newEnvConfig(t, wrap, "") }

// newEnvConfig is newEnv with more feature_server settings (YAML lines
// indented by two spaces) in quiver.yaml.
func newEnvConfig(t testing.TB, wrap wrapOnline, serverYAML string) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	yaml := "project: demo\nonline_store:\n  type: sqlite\n  path: data/online.db\noffline_store:\n  type: memory\n" +
		"feature_server:\n  max_body_bytes: 4096\n" + serverYAML
	if err := os.WriteFile(filepath.Join(dir, "quiver.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &env{offline: memstore.NewOffline()}
	opener := &stores.Opener{Embedded: stores.Embedded{
		Online: map[string]func() onlinestore.Store{"sqlite": func() onlinestore.Store {
			var s onlinestore.Store = sqliteonline.New()
			if wrap != nil {
				s = wrap(s)
			}
			return s
		}},
		Offline: map[string]func() offlinestore.Store{"memory": func() offlinestore.Store { return e.offline }},
	}}
	fs, err := featurestore.Open(ctx, featurestore.Options{RepoDir: dir, Opener: opener})
	if err != nil {
		t.Fatal(err)
	}
	e.fs = fs
	if e.online, err = fs.Online(ctx); err != nil {
		t.Fatal(err)
	}
	e.seed(t)
	srv, err := serving.New(ctx, serving.Options{FS: fs, RefreshInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, hl, gl) }()
	conn, err := grpc.NewClient(gl.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	e.url, e.grpc = "http://"+hl.Addr().String(), servingv1.NewFeatureServerClient(conn)
	e.handler, e.grpcAddr = srv.Handler(), gl.Addr().String()
	t.Cleanup(func() {
		conn.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		fs.Close()
	})
	return e
}

// repoObjects are the seeded definitions: drivers (int64 key) and customers
// (string key); driver_stats is fed by a push source with a file batch source.
func repoObjects() []any {
	return []any{
		&model.Entity{Name: "driver", JoinKeys: []string{"driver_id"}, ValueType: types.Int64},
		&model.Entity{Name: "customer", JoinKeys: []string{"customer_id"}, ValueType: types.String},
		&model.DataSource{Name: "driver_stats_src", Kind: model.SourceFile, Path: "data/driver_stats.parquet",
			TimestampField: "event_timestamp", CreatedTimestampColumn: "created"},
		&model.DataSource{Name: "driver_push", Kind: model.SourcePush, BatchSource: "driver_stats_src"},
		&model.DataSource{Name: "customer_src", Kind: model.SourceFile, Path: "data/customers.parquet", TimestampField: "ts"},
		&model.FeatureView{Name: "driver_stats", Entities: []string{"driver"}, Source: "driver_push", Online: true,
			TTL: model.Duration{Duration: 24 * time.Hour}, Schema: []model.Field{
				{Name: "conv_rate", DType: types.Float32}, {Name: "acc_rate", DType: types.Float64},
				{Name: "trips", DType: types.Int64}, {Name: "note", DType: types.String}}},
		&model.FeatureView{Name: "customer_profile", Entities: []string{"customer"}, Source: "customer_src", Online: true,
			Schema: []model.Field{{Name: "tier", DType: types.String}}},
		&model.FeatureService{Name: "svc", Features: []string{"driver_stats:conv_rate", "customer_profile"}},
	}
}

func (e *env) seed(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	apply(t, e.fs, repoObjects()...)
	repo, err := e.fs.Repo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	infra := &onlinestore.ApplyInfraRequest{Project: project}
	for _, name := range repo.Names(model.KindFeatureView) {
		spec, err := repo.ViewSpec(repo.FeatureViews[name])
		if err != nil {
			t.Fatal(err)
		}
		infra.ViewsToKeep = append(infra.ViewsToKeep, spec)
	}
	for _, name := range repo.Names(model.KindEntity) {
		infra.EntitiesToKeep = append(infra.EntitiesToKeep, repo.Entities[name].EntitySpec())
	}
	if _, err := e.online.ApplyInfra(ctx, infra); err != nil {
		t.Fatal(err)
	}
	driver := func(id int64) types.EntityKey {
		return types.EntityKey{{JoinKey: "driver_id", Value: types.Int64Value(id)}}
	}
	row := func(id int64, conv float32, acc float64, trips int64, note types.Value, ts time.Time) onlinestore.WriteRow {
		return onlinestore.WriteRow{EntityKey: driver(id), EventTimestamp: ts,
			Values: []types.Value{types.Float32Value(conv), types.Float64Value(acc), types.Int64Value(trips), note}}
	}
	write(t, e.online, &onlinestore.WriteBatchRequest{Project: project, FeatureView: "driver_stats",
		FeatureNames: []string{"conv_rate", "acc_rate", "trips", "note"}, Rows: []onlinestore.WriteRow{
			row(1001, 0.5, 0.25, 7, types.StringValue("hi \"there\""), now.Add(-time.Hour)),
			row(1002, 0.75, 0.5, 3, types.StringValue("old"), now.Add(-48*time.Hour)),
			row(1003, 0.125, 1, 9, types.Null(), now.Add(-2*time.Hour)),
		}})
	write(t, e.online, &onlinestore.WriteBatchRequest{Project: project, FeatureView: "customer_profile",
		FeatureNames: []string{"tier"}, Rows: []onlinestore.WriteRow{{
			EntityKey: types.EntityKey{{JoinKey: "customer_id", Value: types.StringValue("c1")}},
			Values:    []types.Value{types.StringValue("gold")}, EventTimestamp: now.Add(-time.Minute)}}})
}

func apply(t testing.TB, fs *featurestore.FeatureStore, objs ...any) {
	t.Helper()
	applyOp(t, fs, registry.OpCreate, objs...)
}

// applyOp records objs in the registry with op (create or update).
func applyOp(t testing.TB, fs *featurestore.FeatureStore, op registry.Op, objs ...any) {
	t.Helper()
	var changes []registry.Change
	for _, o := range objs {
		var kind model.Kind
		var name string
		switch x := o.(type) {
		case *model.Entity:
			kind, name = model.KindEntity, x.Name
		case *model.DataSource:
			kind, name = model.KindDataSource, x.Name
		case *model.FeatureView:
			kind, name = model.KindFeatureView, x.Name
		case *model.FeatureService:
			kind, name = model.KindFeatureService, x.Name
		case *model.Permission:
			kind, name = model.KindPermission, x.Name
		}
		changes = append(changes, registry.Change{Op: op, Kind: kind, Name: name, Object: o})
	}
	if err := fs.Registry.Apply(context.Background(), project, changes); err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, s onlinestore.Store, req *onlinestore.WriteBatchRequest) {
	t.Helper()
	if _, err := s.WriteBatch(context.Background(), req); err != nil {
		t.Fatal(err)
	}
}

// post sends body (a string or a value to marshal) and returns the status
// and the decoded JSON answer (numbers as json.Number).
func (e *env) post(t *testing.T, path string, body any) (int, map[string]any) {
	t.Helper()
	b, ok := body.(string)
	if !ok {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		b = string(raw)
	}
	resp, err := http.Post(e.url+path, "application/json", bytes.NewReader([]byte(b)))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func (e *env) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(e.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func decode(t *testing.T, resp *http.Response) (int, map[string]any) {
	t.Helper()
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q for %s", ct, raw)
	}
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("answer is not a JSON object: %v\n%s", err, raw)
	}
	return resp.StatusCode, out
}
