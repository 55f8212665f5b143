package serving_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	feastcore "github.com/quiverfs/quiver/host/internal/gen/feast/core"
	feastregistry "github.com/quiverfs/quiver/host/internal/gen/feast/registry"
	feasttypes "github.com/quiverfs/quiver/host/internal/gen/feast/types"
	"github.com/quiverfs/quiver/host/internal/model"
	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/types"
)

// registryClient is a client of Feast's registry service on e's gRPC port.
func registryClient(t testing.TB, e *env) feastregistry.RegistryServerClient {
	t.Helper()
	conn, err := grpc.NewClient(e.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return feastregistry.NewRegistryServerClient(conn)
}

// registryDetail checks that err has code and, as its message, Feast's
// error detail naming class; it returns the detail's message.
func registryDetail(t *testing.T, name string, err error, code codes.Code, class string) string {
	t.Helper()
	st, _ := status.FromError(err)
	var d struct{ Module, Class, Message string }
	ok := json.Unmarshal([]byte(st.Message()), &d) == nil
	if err == nil || st.Code() != code || !ok || d.Module != "feast.errors" || d.Class != class {
		t.Errorf("%s: %v; want %s with {module: feast.errors, class: %s}", name, err, code, class)
	}
	return d.Message
}

func names[T interface{ GetSpec() S }, S interface{ GetName() string }](objs []T) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.GetSpec().GetName()
	}
	return out
}

func TestRegistryServesTheRepositoryAsFeastMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := registryClient(t, e)
	ctx := context.Background()

	ents, err := c.ListEntities(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(ents.Entities); !slices.Equal(got, []string{"customer", "driver"}) {
		t.Errorf("entities %v", got)
	}
	if d := ents.Entities[1].Spec; d.JoinKey != "driver_id" || d.ValueType != feasttypes.ValueType_INT64 || ents.Entities[1].Meta.CreatedTimestamp == nil {
		t.Errorf("driver %v", ents.Entities[1])
	}

	srcs, err := c.ListDataSources(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[string]*feastcore.DataSource{}
	for _, s := range srcs.DataSources {
		bySource[s.Name] = s
	}
	file, push := bySource["driver_stats_src"], bySource["driver_push"]
	if file.GetType() != feastcore.DataSource_BATCH_FILE || file.GetFileOptions().GetUri() != "data/driver_stats.parquet" ||
		file.GetFileOptions().GetFileFormat().GetParquetFormat() == nil || file.TimestampField != "event_timestamp" ||
		file.CreatedTimestampColumn != "created" || file.DataSourceClassType != "feast.infra.offline_stores.file_source.FileSource" {
		t.Errorf("file source %v", file)
	}
	if push.GetType() != feastcore.DataSource_PUSH_SOURCE || push.GetBatchSource().GetName() != "driver_stats_src" {
		t.Errorf("push source %v", push)
	}

	fv, err := c.GetFeatureView(ctx, &feastregistry.GetRequest{Name: "driver_stats", Project: project})
	if err != nil {
		t.Fatal(err)
	}
	var features []string
	for _, f := range fv.Spec.Features {
		features = append(features, f.Name+":"+f.ValueType.String())
	}
	if want := []string{"conv_rate:FLOAT", "acc_rate:DOUBLE", "trips:INT64", "note:STRING"}; !slices.Equal(features, want) {
		t.Errorf("features %v, want %v", features, want)
	}
	if cols := fv.Spec.EntityColumns; len(cols) != 1 || cols[0].Name != "driver_id" || cols[0].ValueType != feasttypes.ValueType_INT64 {
		t.Errorf("entity columns %v", cols)
	}
	if fv.Spec.Ttl.AsDuration() != 24*time.Hour || !fv.Spec.Online || fv.Spec.StreamSource.GetName() != "driver_push" ||
		fv.Spec.BatchSource.GetName() != "driver_stats_src" || fv.Meta.State != feastcore.FeatureViewState_STATE_UNSPECIFIED {
		t.Errorf("driver_stats %v", fv)
	}
	anyView, err := c.GetAnyFeatureView(ctx, &feastregistry.GetRequest{Name: "customer_profile", Project: project})
	if err != nil || anyView.GetAnyFeatureView().GetFeatureView().GetSpec().GetName() != "customer_profile" {
		t.Errorf("GetAnyFeatureView: %v, %v", anyView, err)
	}

	svc, err := c.GetFeatureService(ctx, &feastregistry.GetRequest{Name: "svc", Project: project})
	if err != nil {
		t.Fatal(err)
	}
	var projections []string
	for _, p := range svc.Spec.Features {
		for _, f := range p.FeatureColumns {
			projections = append(projections, p.FeatureViewName+":"+f.Name)
		}
	}
	if want := []string{"driver_stats:conv_rate", "customer_profile:tier"}; !slices.Equal(projections, want) {
		t.Errorf("service projections %v, want %v", projections, want)
	}

	projects, err := c.ListProjects(ctx, &feastregistry.ListProjectsRequest{})
	if err != nil || names(projects.Projects)[0] != project || len(projects.Projects) != 1 {
		t.Errorf("ListProjects: %v, %v", projects, err)
	}
	reg, err := c.Proto(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.FeatureViews) != 2 || len(reg.Entities) != 2 || len(reg.DataSources) != 3 || reg.VersionId == "" || reg.LastUpdated == nil {
		t.Errorf("Proto: %d views, %d entities, %d sources, version %q", len(reg.FeatureViews), len(reg.Entities), len(reg.DataSources), reg.VersionId)
	}
	if _, err := c.Refresh(ctx, &feastregistry.RefreshRequest{Project: "None"}); err != nil {
		t.Errorf("Refresh: %v", err)
	}
}

func TestRegistryFiltersSortsAndPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := registryClient(t, e)
	ctx := context.Background()
	all := func(req *feastregistry.ListAllFeatureViewsRequest) []string {
		t.Helper()
		req.Project = project
		resp, err := c.ListAllFeatureViews(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range resp.FeatureViews {
			out = append(out, v.GetFeatureView().GetSpec().GetName())
		}
		return out
	}
	for _, tt := range []struct {
		name string
		req  *feastregistry.ListAllFeatureViewsRequest
		want []string
	}{
		{"no filter", &feastregistry.ListAllFeatureViewsRequest{}, []string{"customer_profile", "driver_stats"}},
		{"entity", &feastregistry.ListAllFeatureViewsRequest{Entity: "customer"}, []string{"customer_profile"}},
		{"feature", &feastregistry.ListAllFeatureViewsRequest{Feature: "trips"}, []string{"driver_stats"}},
		{"feature service", &feastregistry.ListAllFeatureViewsRequest{FeatureService: "svc"}, []string{"customer_profile", "driver_stats"}},
		{"batch source behind a push source", &feastregistry.ListAllFeatureViewsRequest{DataSource: "driver_stats_src"}, []string{"driver_stats"}},
		{"unknown service", &feastregistry.ListAllFeatureViewsRequest{FeatureService: "nope"}, nil},
		{"updated in the future", &feastregistry.ListAllFeatureViewsRequest{UpdatedSince: timestamppb.New(time.Now().Add(time.Hour))}, nil},
		{"descending", &feastregistry.ListAllFeatureViewsRequest{Sorting: &feastregistry.SortingParams{SortBy: "name", SortOrder: "desc"}},
			[]string{"driver_stats", "customer_profile"}},
		{"second page of one", &feastregistry.ListAllFeatureViewsRequest{Pagination: &feastregistry.PaginationParams{Page: 2, Limit: 1}},
			[]string{"driver_stats"}},
		{"past the last page", &feastregistry.ListAllFeatureViewsRequest{Pagination: &feastregistry.PaginationParams{Page: 1 << 30, Limit: 1 << 30}}, nil},
	} {
		if got := all(tt.req); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	page, err := c.ListFeatureViews(ctx, &feastregistry.ListRequest{Project: project, Pagination: &feastregistry.PaginationParams{Page: 1, Limit: 1}})
	if err != nil || page.Pagination.GetTotalCount() != 2 || page.Pagination.GetTotalPages() != 2 || !page.Pagination.GetHasNext() || page.Pagination.GetHasPrevious() {
		t.Errorf("page metadata %v, %v", page.GetPagination(), err)
	}
	svcs, err := c.ListFeatureServices(ctx, &feastregistry.ListFeatureServicesRequest{Project: project, FeatureView: "customer_profile"})
	if err != nil || len(svcs.FeatureServices) != 1 {
		t.Errorf("services reading customer_profile: %v, %v", svcs, err)
	}
	other, err := c.ListFeatureViews(ctx, &feastregistry.ListRequest{Project: "other"})
	if err != nil || len(other.FeatureViews) != 0 {
		t.Errorf("another project lists %v, %v", other, err)
	}
	_, err = c.GetFeatureView(ctx, &feastregistry.GetRequest{Name: "driver_stats", Project: "other"})
	registryDetail(t, "a view of another project", err, codes.NotFound, "FeatureViewNotFoundException")
	_, err = c.GetEntity(ctx, &feastregistry.GetRequest{Name: "nope", Project: project})
	registryDetail(t, "unknown entity", err, codes.NotFound, "EntityNotFoundException")
	_, err = c.GetStreamFeatureView(ctx, &feastregistry.GetRequest{Name: "driver_stats", Project: project})
	registryDetail(t, "stream view", err, codes.NotFound, "FeatureViewNotFoundException")
	_, err = c.GetProject(ctx, &feastregistry.GetProjectRequest{Name: "other"})
	registryDetail(t, "unknown project", err, codes.NotFound, "ProjectObjectNotFoundException")

	for name, req := range map[string]*feastregistry.ListRequest{
		"unknown sort field": {Project: project, Sorting: &feastregistry.SortingParams{SortBy: "owner"}},
		"unknown sort order": {Project: project, Sorting: &feastregistry.SortingParams{SortOrder: "sideways"}},
		"negative page":      {Project: project, Pagination: &feastregistry.PaginationParams{Page: -1, Limit: 5}},
		"too many tags":      {Project: project, Tags: manyTags(65)},
	} {
		_, err := c.ListEntities(ctx, req)
		registryDetail(t, name, err, codes.InvalidArgument, "FeastError")
	}
}

func manyTags(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[strings.Repeat("k", i+1)] = "v"
	}
	return m
}

func TestRegistryIsReadOnlyButRecordsMaterialization(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := registryClient(t, e)
	ctx := context.Background()
	_, err := c.ApplyEntity(ctx, &feastregistry.ApplyRequest{Project: project})
	if msg := registryDetail(t, "ApplyEntity", err, codes.Unimplemented, "FeastError"); !strings.Contains(msg, "quiver apply") {
		t.Errorf("ApplyEntity: %q does not point to quiver apply", msg)
	}
	_, err = c.DeleteFeatureView(ctx, &feastregistry.DeleteRequest{Name: "driver_stats", Project: project})
	registryDetail(t, "DeleteFeatureView", err, codes.Unimplemented, "FeastError")
	if _, err := c.GetFeatureView(ctx, &feastregistry.GetRequest{Name: "driver_stats", Project: project}); err != nil {
		t.Fatalf("the view is gone after a refused delete: %v", err)
	}
	_, err = c.ApplySavedDataset(ctx, &feastregistry.ApplySavedDatasetRequest{Project: project,
		SavedDataset: &feastcore.SavedDataset{Spec: &feastcore.SavedDatasetSpec{Name: "never_saved"}}})
	registryDetail(t, "ApplySavedDataset of a dataset Quiver does not hold", err, codes.FailedPrecondition, "FeastError")

	view := func(name string) *feastcore.FeatureView {
		return &feastcore.FeatureView{Spec: &feastcore.FeatureViewSpec{Name: name}}
	}
	t0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ts := timestamppb.New
	for _, tt := range []struct {
		name  string
		req   *feastregistry.ApplyMaterializationRequest
		code  codes.Code
		class string
	}{
		{"unknown view", &feastregistry.ApplyMaterializationRequest{FeatureView: view("nope"), Project: project, StartDate: ts(t0), EndDate: ts(t0.Add(time.Hour))},
			codes.NotFound, "FeatureViewNotFoundException"},
		{"another project", &feastregistry.ApplyMaterializationRequest{FeatureView: view("driver_stats"), Project: "other", StartDate: ts(t0), EndDate: ts(t0.Add(time.Hour))},
			codes.NotFound, "FeatureViewNotFoundException"},
		{"no start", &feastregistry.ApplyMaterializationRequest{FeatureView: view("driver_stats"), Project: project, EndDate: ts(t0)},
			codes.InvalidArgument, "FeastError"},
		{"end before start", &feastregistry.ApplyMaterializationRequest{FeatureView: view("driver_stats"), Project: project, StartDate: ts(t0), EndDate: ts(t0.Add(-time.Hour))},
			codes.InvalidArgument, "FeastError"},
		{"a time past year 9999", &feastregistry.ApplyMaterializationRequest{FeatureView: view("driver_stats"), Project: project,
			StartDate: ts(t0), EndDate: &timestamppb.Timestamp{Seconds: 1 << 62}}, codes.InvalidArgument, "FeastError"},
		{"no view", &feastregistry.ApplyMaterializationRequest{Project: project, StartDate: ts(t0), EndDate: ts(t0)},
			codes.NotFound, "FeatureViewNotFoundException"},
	} {
		_, err := c.ApplyMaterialization(ctx, tt.req)
		registryDetail(t, tt.name, err, tt.code, tt.class)
	}
	done, err := e.fs.Registry.Materialized(ctx, project, "driver_stats")
	if err != nil || len(done) != 0 {
		t.Fatalf("refused calls recorded %v (%v)", done, err)
	}
	if _, err := c.ApplyMaterialization(ctx, &feastregistry.ApplyMaterializationRequest{FeatureView: view("driver_stats"),
		Project: project, StartDate: ts(t0), EndDate: ts(t0.Add(6 * time.Hour)), Commit: true}); err != nil {
		t.Fatal(err)
	}
	fv, err := c.GetFeatureView(ctx, &feastregistry.GetRequest{Name: "driver_stats", Project: project})
	if err != nil {
		t.Fatal(err)
	}
	iv := fv.Meta.MaterializationIntervals
	if len(iv) != 1 || !iv[0].StartTime.AsTime().Equal(t0) || !iv[0].EndTime.AsTime().Equal(t0.Add(6*time.Hour)) {
		t.Errorf("materialization intervals %v", iv)
	}
}

func TestRegistryGivesViewsWithoutEntitiesFeastsDummyEntity(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	apply(t, e.fs, &model.FeatureView{Name: "global_stats", Source: "customer_src",
		Schema: []model.Field{{Name: "total", DType: types.Int64}}})
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms
	c := registryClient(t, e)
	ctx := context.Background()
	ents, err := c.ListEntities(ctx, &feastregistry.ListRequest{Project: project})
	if err != nil || !slices.Contains(names(ents.Entities), "__dummy") {
		t.Fatalf("entities %v, %v", ents, err)
	}
	fv, err := c.GetFeatureView(ctx, &feastregistry.GetRequest{Name: "global_stats", Project: project})
	if err != nil || !slices.Equal(fv.Spec.Entities, []string{"__dummy"}) || fv.Spec.EntityColumns[0].Name != "__dummy_id" {
		t.Errorf("global_stats %v, %v", fv, err)
	}
	if d, err := c.GetEntity(ctx, &feastregistry.GetRequest{Name: "__dummy", Project: project}); err != nil || d.Spec.JoinKey != "__dummy_id" {
		t.Errorf("GetEntity(__dummy): %v, %v", d, err)
	}
}

// TestRegistryRBAC: every call is authenticated, lists hold only what the
// caller may DESCRIBE, and recording a materialization needs what
// materializing needs; refusals are Feast's FeastPermissionError.
func TestRegistryRBAC(t *testing.T) {
	t.Parallel()
	e := newEnvConfig(t, nil, rbacAuthYAML())
	repo, err := e.fs.Repo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ds := *repo.FeatureViews["driver_stats"]
	ds.Tags = map[string]string{"team": "risk"}
	applyOp(t, e.fs, registry.OpUpdate, &ds)
	apply(t, e.fs, rbacPermissions()...)
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms
	c := registryClient(t, e)
	as := func(caller string) context.Context {
		return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+rbacToken(caller))
	}
	_, err = c.ListFeatureViews(context.Background(), &feastregistry.ListRequest{Project: project})
	registryDetail(t, "anonymous list", err, codes.Unauthenticated, "FeastPermissionError")
	_, err = c.ListFeatureViews(as("forged"), &feastregistry.ListRequest{Project: project})
	registryDetail(t, "forged token", err, codes.Unauthenticated, "FeastPermissionError")
	for caller, want := range map[string][]string{
		"ann":  nil,                                  // READ_ONLINE only: no DESCRIBE
		"rita": {"driver_stats"},                     // ALL on what is tagged team=risk
		"pat":  {"customer_profile", "driver_stats"}, // ALL
		"nob":  nil,
	} {
		resp, err := c.ListFeatureViews(as(caller), &feastregistry.ListRequest{Project: project})
		if err != nil {
			t.Errorf("%s lists: %v", caller, err)
			continue
		}
		if got := names(resp.FeatureViews); !slices.Equal(got, want) {
			t.Errorf("%s sees %v, want %v", caller, got, want)
		}
	}
	_, err = c.GetFeatureView(as("ann"), &feastregistry.GetRequest{Name: "driver_stats", Project: project})
	registryDetail(t, "ann gets driver_stats", err, codes.PermissionDenied, "FeastPermissionError")
	if _, err := c.GetFeatureView(as("rita"), &feastregistry.GetRequest{Name: "driver_stats", Project: project}); err != nil {
		t.Errorf("rita gets driver_stats: %v", err)
	}
	t0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	record := &feastregistry.ApplyMaterializationRequest{Project: project, StartDate: timestamppb.New(t0), EndDate: timestamppb.New(t0.Add(time.Hour)),
		FeatureView: &feastcore.FeatureView{Spec: &feastcore.FeatureViewSpec{Name: "driver_stats"}}}
	_, err = c.ApplyMaterialization(as("eve"), record) // WRITE_ONLINE but not DESCRIBE or READ_OFFLINE
	registryDetail(t, "eve records a materialization", err, codes.PermissionDenied, "FeastPermissionError")
	if _, err := c.ApplyMaterialization(as("rita"), record); err != nil {
		t.Errorf("rita records a materialization: %v", err)
	}
	if projects, err := c.ListProjects(as("ann"), &feastregistry.ListProjectsRequest{}); err != nil || len(projects.Projects) != 0 {
		t.Errorf("ann, who may not DESCRIBE the project, lists %v (%v)", projects, err)
	}
}
