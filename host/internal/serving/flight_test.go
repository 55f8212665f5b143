package serving_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/quiverfs/quiver/host/internal/registry"
	"github.com/quiverfs/quiver/sdk/offlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// flightClient is an Arrow Flight client of e's gRPC port.
func flightClient(t *testing.T, e *env) flight.Client {
	t.Helper()
	c, err := flight.NewClientWithMiddleware(e.grpcAddr, nil, nil, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange runs one DoExchange as Feast's client does: the command, then
// the table, then the result table.
func exchange(t *testing.T, c flight.Client, cmd map[string]any, table arrow.RecordBatch) (arrow.RecordBatch, error) {
	t.Helper()
	return exchangeCtx(context.Background(), t, c, cmd, table)
}

// exchangeCtx is exchange with the call's context (its metadata).
func exchangeCtx(ctx context.Context, t *testing.T, c flight.Client, cmd map[string]any, table arrow.RecordBatch) (arrow.RecordBatch, error) {
	t.Helper()
	b, _ := json.Marshal(cmd)
	stream, err := c.DoExchange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := flight.NewRecordWriter(stream, ipc.WithSchema(table.Schema()))
	w.SetFlightDescriptor(&flight.FlightDescriptor{Type: flight.DescriptorCMD, Cmd: b})
	if err := w.Write(table); err != nil {
		return nil, err
	}
	w.Close()
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	rd, err := flight.NewRecordReader(stream)
	if err != nil {
		return nil, err
	}
	defer rd.Release()
	var recs []arrow.RecordBatch
	for rd.Next() {
		rec := rd.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	tbl := array.NewTableFromRecords(rd.Schema(), recs)
	defer tbl.Release()
	tr := array.NewTableReader(tbl, tbl.NumRows()+1)
	defer tr.Release()
	if !tr.Next() {
		return array.NewRecordBatch(rd.Schema(), emptyColumns(rd.Schema()), 0), nil
	}
	out := tr.RecordBatch()
	out.Retain()
	return out, nil
}

func emptyColumns(s *arrow.Schema) []arrow.Array {
	cols := make([]arrow.Array, s.NumFields())
	for i, f := range s.Fields() {
		cols[i] = array.MakeArrayOfNull(memory.DefaultAllocator, f.Type, 0)
	}
	return cols
}

// seedTrips writes driver 7's trips 10, 11, 12 at t0, t0+1h, t0+2h to the offline store.
func seedTrips(t *testing.T, e *env, t0 time.Time) {
	t.Helper()
	ts := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64, Nullable: true}, {Name: "trips", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "event_timestamp", Type: ts, Nullable: true}, {Name: "created", Type: ts, Nullable: true}}, nil))
	for i := range 3 {
		b.Field(0).(*array.Int64Builder).Append(7)
		b.Field(1).(*array.Int64Builder).Append(int64(10 + i))
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.Add(time.Duration(i) * time.Hour).UnixMicro()))
		b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(t0.UnixMicro()))
	}
	rec := b.NewRecordBatch()
	rd, _ := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if _, err := e.offline.WriteBatch(context.Background(), &offlinestore.WriteBatchRequest{Project: "demo",
		Destination: types.DataSourceSpec{Name: "driver_stats_src"}, Records: rd}); err != nil {
		t.Fatal(err)
	}
}

// entityTable is driver_id and event_timestamp (ns, as pandas uploads it).
func entityTable(ids []int64, times []time.Time) arrow.RecordBatch {
	ts := &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64}, {Name: "event_timestamp", Type: ts}}, nil))
	for i := range ids {
		b.Field(0).(*array.Int64Builder).Append(ids[i])
		b.Field(1).(*array.TimestampBuilder).Append(arrow.Timestamp(times[i].UnixNano()))
	}
	return b.NewRecordBatch()
}

// placeholder is the table Feast's client uploads when a call has no data.
func placeholder() arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{{Name: "key", Type: arrow.BinaryTypes.String, Nullable: true}}, nil))
	b.Field(0).(*array.StringBuilder).Append("mock_key")
	return b.NewRecordBatch()
}

func historicalCommand(extra map[string]any) map[string]any {
	return withKeys(map[string]any{"command_id": "c1", "api": "get_historical_features", "feature_view_names": []string{"driver_stats"},
		"feature_refs": []string{"driver_stats:trips"}, "project": "demo", "full_feature_names": false, "name_aliases": []any{nil}}, extra)
}

// withKeys sets extra's keys in cmd and returns it.
func withKeys(cmd, extra map[string]any) map[string]any {
	for k, v := range extra {
		cmd[k] = v
	}
	return cmd
}

func TestFlightGetHistoricalFeatures(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seedTrips(t, e, t0)
	c := flightClient(t, e)

	got, err := exchange(t, c, historicalCommand(nil), entityTable([]int64{7, 7, 8}, []time.Time{t0.Add(90 * time.Minute), t0, t0.Add(5 * time.Hour)}))
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRows() != 3 || got.Schema().FieldIndices("trips") == nil {
		t.Fatalf("answer: %v", got)
	}
	trips := got.Column(got.Schema().FieldIndices("trips")[0]).String()
	if trips != "[11 10 (null)]" {
		t.Errorf("trips = %s; want [11 10 (null)] (the point-in-time values, in the entity rows' order)", trips)
	}
	got, err = exchange(t, c, historicalCommand(map[string]any{"full_feature_names": true}), entityTable([]int64{7}, []time.Time{t0.Add(3 * time.Hour)}))
	if err != nil || got.Schema().FieldIndices("driver_stats__trips") == nil {
		t.Fatalf("full feature names: %v %v", got, err)
	}

	// Entity-less: the placeholder with a range; a range with no rows still answers a schema.
	got, err = exchange(t, c, historicalCommand(map[string]any{"start_date": "2025-01-01T00:30:00", "end_date": "2025-01-01T02:00:00+00:00"}), placeholder())
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRows() != 2 {
		t.Errorf("entity-less rows = %d; want 2 (t0+1h, t0+2h): %v", got.NumRows(), got)
	}
	got, err = exchange(t, c, historicalCommand(map[string]any{"start_date": "2030-01-01T00:00:00", "end_date": "2030-01-02T00:00:00"}), placeholder())
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRows() != 0 || got.Schema().FieldIndices("trips") == nil {
		t.Errorf("an empty range: %v; want no rows under the full schema", got)
	}
}

// feastDetail checks err is a Flight error Feast's client raises as
// feast.errors.<class>, with code, and returns its message.
func feastDetail(t *testing.T, name string, err error, code codes.Code, class string) string {
	t.Helper()
	st, _ := status.FromError(err)
	msg := st.Message()
	var d struct{ Module, Class, Message string }
	rest, ok := strings.CutPrefix(msg, "Flight error: ")
	if ok {
		ok = json.Unmarshal([]byte(rest), &d) == nil
	}
	if err == nil || st.Code() != code || !ok || d.Module != "feast.errors" || d.Class != class {
		t.Errorf("%s: %v; want %s with Flight error: {module: feast.errors, class: %s}", name, err, code, class)
	}
	return d.Message
}

func TestFlightRefusesBadCommandsWithFeastErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := flightClient(t, e)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	entities := entityTable([]int64{7}, []time.Time{t0})
	for _, tt := range []struct {
		name  string
		cmd   map[string]any
		table arrow.RecordBatch
		code  codes.Code
		class string
		msg   string
	}{
		{"unknown api", map[string]any{"api": "drop_everything"}, placeholder(), codes.InvalidArgument, "FeastError", "not a Feast offline store method"},
		{"no api", map[string]any{"command_id": "x"}, placeholder(), codes.InvalidArgument, "FeastError", `names no "api"`},
		{"other project", historicalCommand(map[string]any{"project": "elsewhere"}), entities, codes.NotFound, "ProjectObjectNotFoundException", `project "elsewhere" does not exist`},
		{"unknown view", historicalCommand(map[string]any{"feature_refs": []string{"nope:trips"}}), entities, codes.InvalidArgument, "FeatureViewNotFoundException", `"nope"`},
		{"unknown feature", historicalCommand(map[string]any{"feature_refs": []string{"driver_stats:nope"}}), entities, codes.InvalidArgument, "FeastError", `"driver_stats:nope"`},
		{"pinned version", historicalCommand(map[string]any{"feature_refs": []string{"driver_stats@v2:trips"}}), entities, codes.InvalidArgument, "FeastError", "pins a view version"},
		{"alias", historicalCommand(map[string]any{"name_aliases": []string{"d"}}), entities, codes.InvalidArgument, "FeastError", "aliases"},
		{"sql entities", historicalCommand(map[string]any{"entity_df_sql": "SELECT 1"}), placeholder(), codes.InvalidArgument, "FeastError", "SQL"},
		{"entities and dates", historicalCommand(map[string]any{"start_date": "2025-01-01T00:00:00"}), entities, codes.InvalidArgument, "FeastError", "not both"},
		{"no entities no dates", historicalCommand(nil), placeholder(), codes.InvalidArgument, "FeastError", "start_date and end_date"},
		{"bad date", historicalCommand(map[string]any{"start_date": "soon", "end_date": "later"}), placeholder(), codes.InvalidArgument, "FeastError", "ISO 8601"},
		{"no timestamp column", historicalCommand(nil), placeholderNamed("driver_id"), codes.InvalidArgument, "FeastError", "event_timestamp"},
	} {
		_, err := exchange(t, c, tt.cmd, tt.table)
		if msg := feastDetail(t, tt.name, err, tt.code, tt.class); !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: message %q; want it to contain %q", tt.name, msg, tt.msg)
		}
	}
}

func placeholderNamed(name string) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{{Name: name, Type: arrow.PrimitiveTypes.Int64}}, nil))
	b.Field(0).(*array.Int64Builder).Append(7)
	return b.NewRecordBatch()
}

// rawExchange sends msgs as they are and returns the call's error.
func rawExchange(t *testing.T, c flight.Client, msgs ...*flight.FlightData) error {
	t.Helper()
	stream, err := c.DoExchange(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := stream.Send(m); err != nil {
			break // the server answered already; Recv gives its status
		}
	}
	stream.CloseSend()
	for {
		if _, err := stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func TestFlightRefusesHostileStreams(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil) // max_body_bytes 4096
	seedTrips(t, e, time.Now().UTC().Add(-time.Hour))
	c := flightClient(t, e)
	cmd, _ := json.Marshal(historicalCommand(nil))
	desc := &flight.FlightDescriptor{Type: flight.DescriptorCMD, Cmd: cmd}
	// One valid IPC schema message of the entity table, as FlightData.
	first := ipcMessages(t, entityTable([]int64{7}, []time.Time{time.Now()}))
	big := ipcMessages(t, entityTable(make([]int64, 200), make([]time.Time, 200)))
	for _, tt := range []struct {
		name string
		msgs []*flight.FlightData
		code codes.Code
		msg  string
	}{
		{"nothing", nil, codes.InvalidArgument, "not a valid Arrow stream"},
		{"descriptor only", []*flight.FlightData{{FlightDescriptor: desc}}, codes.InvalidArgument, "not a valid Arrow stream"},
		{"garbage header", []*flight.FlightData{{FlightDescriptor: desc, DataHeader: []byte("not a flatbuffer at all")}}, codes.InvalidArgument, "not a valid Arrow stream"},
		{"body larger than declared", []*flight.FlightData{withDesc(first[0], desc), {DataHeader: first[1].DataHeader, DataBody: append(first[1].DataBody, make([]byte, 64)...)}}, codes.InvalidArgument, "not a valid Arrow stream"},
		{"body shorter than declared", []*flight.FlightData{withDesc(first[0], desc), {DataHeader: first[1].DataHeader, DataBody: first[1].DataBody[:3]}}, codes.InvalidArgument, "not a valid Arrow stream"},
		{"no descriptor", first, codes.InvalidArgument, "no command"},
		{"path descriptor", []*flight.FlightData{withDesc(first[0], &flight.FlightDescriptor{Type: flight.DescriptorPATH, Path: []string{"x"}}), first[1]}, codes.InvalidArgument, "no command"},
		{"not JSON", []*flight.FlightData{withDesc(first[0], &flight.FlightDescriptor{Type: flight.DescriptorCMD, Cmd: []byte("{nope")}), first[1]}, codes.InvalidArgument, "not a JSON object"},
		{"upload over the limit", append([]*flight.FlightData{withDesc(big[0], desc)}, repeat(big[1], 4)...), codes.ResourceExhausted, "over the limit"},
		{"endless empty messages", repeat(&flight.FlightData{FlightDescriptor: desc}, 40), codes.InvalidArgument, "without data"},
		{"message over the limit", []*flight.FlightData{withDesc(first[0], desc), {DataHeader: first[1].DataHeader, DataBody: make([]byte, 8192)}}, codes.ResourceExhausted, ""},
	} {
		err := rawExchange(t, c, tt.msgs...)
		st, _ := status.FromError(err)
		if err == nil || st.Code() != tt.code || !strings.Contains(st.Message(), tt.msg) {
			t.Errorf("%s: %v; want %s containing %q", tt.name, err, tt.code, tt.msg)
		}
	}
	// The server still answers.
	if _, err := exchange(t, c, historicalCommand(nil), entityTable([]int64{7}, []time.Time{time.Now()})); err != nil {
		t.Errorf("after the hostile streams: %v", err)
	}
}

func withDesc(m *flight.FlightData, d *flight.FlightDescriptor) *flight.FlightData {
	return &flight.FlightData{FlightDescriptor: d, DataHeader: m.DataHeader, DataBody: m.DataBody}
}

func repeat(m *flight.FlightData, n int) []*flight.FlightData {
	out := make([]*flight.FlightData, n)
	for i := range out {
		out[i] = m
	}
	return out
}

// ipcMessages are rec's schema and record batch messages as FlightData.
func ipcMessages(t *testing.T, rec arrow.RecordBatch) []*flight.FlightData {
	t.Helper()
	var msgs []*flight.FlightData
	w := flight.NewRecordWriter(collector{&msgs}, ipc.WithSchema(rec.Schema()))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return msgs
}

type collector struct{ msgs *[]*flight.FlightData }

func (c collector) Send(m *flight.FlightData) error {
	// The writer reuses its message: keep a copy.
	*c.msgs = append(*c.msgs, &flight.FlightData{DataHeader: append([]byte(nil), m.DataHeader...), DataBody: append([]byte(nil), m.DataBody...)})
	return nil
}

func pullCommand(api string, extra map[string]any) map[string]any {
	return withKeys(map[string]any{"command_id": "c2", "api": api, "data_source_name": "driver_stats_src", "join_key_columns": []string{"driver_id"},
		"feature_name_columns": []string{"trips"}, "timestamp_field": "event_timestamp", "created_timestamp_column": "created",
		"start_date": nil, "end_date": nil}, extra)
}

func TestFlightPullsAndColumnTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seedTrips(t, e, t0)
	c := flightClient(t, e)

	got, err := exchange(t, c, pullCommand("pull_all_from_table_or_query", nil), placeholder())
	if err != nil || got.NumRows() != 3 {
		t.Fatalf("pull_all with null dates: %v %v; want all 3 rows", got, err)
	}
	got, err = exchange(t, c, pullCommand("pull_all_from_table_or_query", map[string]any{"start_date": "2025-01-01T01:00:00", "end_date": "2025-01-01T02:00:00+00:00"}), placeholder())
	if err != nil || got.NumRows() != 1 {
		t.Fatalf("pull_all of [t0+1h, t0+2h): %v %v; want 1 row", got, err)
	}
	got, err = exchange(t, c, pullCommand("pull_latest_from_table_or_query", map[string]any{"start_date": "2024-12-31T00:00:00", "end_date": "2025-01-01T01:30:00"}), placeholder())
	if err != nil {
		t.Fatal(err)
	}
	if got.NumRows() != 1 || got.Column(got.Schema().FieldIndices("trips")[0]).String() != "[11]" {
		t.Errorf("pull_latest up to t0+1h30: %v; want driver 7's trips 11", got)
	}
	for _, name := range []string{"driver_id", "event_timestamp", "created"} {
		if got.Schema().FieldIndices(name) == nil {
			t.Errorf("pull_latest answer has no %s column: %v", name, got.Schema())
		}
	}

	got, err = exchange(t, c, map[string]any{"api": "get_table_column_names_and_types_from_data_source",
		"data_source_proto": "{\n  \"type\": \"BATCH_FILE\",\n  \"name\": \"driver_stats_src\",\n  \"meta\": {}\n}"}, placeholder())
	if err != nil {
		t.Fatal(err)
	}
	if got.NumCols() != 2 || got.ColumnName(0) != "name" || got.ColumnName(1) != "type" || !strings.Contains(got.Column(1).String(), `"int64"`) {
		t.Errorf("column types: %v", got)
	}

	for _, tt := range []struct {
		name  string
		cmd   map[string]any
		code  codes.Code
		class string
		msg   string
	}{
		{"unknown source", pullCommand("pull_all_from_table_or_query", map[string]any{"data_source_name": "nope"}), codes.NotFound, "DataSourceObjectNotFoundException", `unknown data source "nope"`},
		{"unknown column", pullCommand("pull_latest_from_table_or_query", map[string]any{"feature_name_columns": []string{"nope"}}), codes.InvalidArgument, "FeastError", `no column "nope"`},
		{"other timestamp field", pullCommand("pull_all_from_table_or_query", map[string]any{"timestamp_field": "ts"}), codes.InvalidArgument, "FeastError", `not "ts"`},
		{"latest without keys", pullCommand("pull_latest_from_table_or_query", map[string]any{"join_key_columns": []string{}}), codes.InvalidArgument, "FeastError", "join_key_columns"},
		{"end before start", pullCommand("pull_all_from_table_or_query", map[string]any{"start_date": "2025-02-01T00:00:00", "end_date": "2025-01-01T00:00:00"}), codes.InvalidArgument, "FeastError", "before"},
		{"push source reads its batch source", pullCommand("pull_all_from_table_or_query", map[string]any{"data_source_name": "driver_push", "join_key_columns": []string{"driver_id"}}), codes.OK, "", ""},
		{"proto without name", map[string]any{"api": "get_table_column_names_and_types_from_data_source", "data_source_proto": "{}"}, codes.InvalidArgument, "FeastError", "with a name"},
	} {
		_, err := exchange(t, c, tt.cmd, placeholder())
		if tt.code == codes.OK {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if msg := feastDetail(t, tt.name, err, tt.code, tt.class); !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: message %q; want it to contain %q", tt.name, msg, tt.msg)
		}
	}
}

// put runs one DoPut as Feast's client does and returns its status.
func put(t *testing.T, c flight.Client, cmd map[string]any, table arrow.RecordBatch) error {
	t.Helper()
	return putCtx(context.Background(), t, c, cmd, table)
}

// putCtx is put with the call's context (its metadata).
func putCtx(ctx context.Context, t *testing.T, c flight.Client, cmd map[string]any, table arrow.RecordBatch) error {
	t.Helper()
	b, _ := json.Marshal(cmd)
	stream, err := c.DoPut(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w := flight.NewRecordWriter(stream, ipc.WithSchema(table.Schema()))
	w.SetFlightDescriptor(&flight.FlightDescriptor{Type: flight.DescriptorCMD, Cmd: b})
	if err := w.Write(table); err != nil {
		return err
	}
	w.Close()
	stream.CloseSend()
	for {
		if _, err := stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// tripsRows is a table of driver_stats rows as Feast's client uploads them.
func tripsRows(ids []int64, trips []string, at time.Time) arrow.RecordBatch {
	ts := &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "driver_id", Type: arrow.PrimitiveTypes.Int64}, {Name: "trips", Type: arrow.BinaryTypes.String},
		{Name: "event_timestamp", Type: ts}, {Name: "created", Type: ts}}, nil))
	for i := range ids {
		b.Field(0).(*array.Int64Builder).Append(ids[i])
		b.Field(1).(*array.StringBuilder).Append(trips[i])
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(at.UnixNano()))
		b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(at.UnixNano()))
	}
	return b.NewRecordBatch()
}

func TestFlightOfflineWriteBatchAndValidate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := flightClient(t, e)
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	write := map[string]any{"command_id": "w", "api": "offline_write_batch", "feature_view_names": []string{"driver_stats"},
		"progress": nil, "name_aliases": []any{nil}}
	// Integers as strings of digits are taken, as in JSON writes.
	if err := put(t, c, write, tripsRows([]int64{21, 22}, []string{"5", "6"}, at)); err != nil {
		t.Fatal(err)
	}
	got, err := exchange(t, c, pullCommand("pull_all_from_table_or_query", nil), placeholder())
	if err != nil || got.NumRows() != 2 || got.Column(got.Schema().FieldIndices("trips")[0]).String() != "[5 6]" {
		t.Fatalf("after offline_write_batch, pull_all: %v %v; want trips [5 6]", got, err)
	}

	// persist saves the training set as a dataset named after the storage file.
	persist := historicalCommand(map[string]any{"api": "persist", "retrieve_func": "get_historical_features",
		"data_source_name": "/feast/data/train_set.parquet", "allow_overwrite": false, "timeout": nil})
	if err := put(t, c, persist, entityTable([]int64{21, 22}, []time.Time{at, at.Add(time.Hour)})); err != nil {
		t.Fatal(err)
	}
	d, err := e.fs.Registry.GetDataset(context.Background(), "demo", "train_set")
	if err != nil || d.Rows != 2 || d.MinEventTime == nil || !d.MinEventTime.Equal(at) || d.MaxEventTime == nil || !d.MaxEventTime.Equal(at.Add(time.Hour)) {
		t.Errorf("after persist, dataset train_set: %+v %v; want 2 rows from %s to %s", d, err, at, at.Add(time.Hour))
	}
	// The dataset reads back as a source named after its storage, as
	// get_saved_dataset(...).to_df() asks for it.
	readBack := pullCommand("pull_all_from_table_or_query", map[string]any{"data_source_name": "quiver_dataset_train_set",
		"created_timestamp_column": nil})
	if got, err := exchange(t, c, readBack, placeholder()); err != nil || got.NumRows() != 2 {
		t.Errorf("pull_all of the saved dataset: %v %v; want its 2 rows", got, err)
	}
	persist["data_source_name"] = "train_set"
	if err := put(t, c, map[string]any{"api": "validate_data_source", "data_source_proto": `{"type": "BATCH_FILE", "name": "driver_stats_src"}`}, placeholder()); err != nil {
		t.Errorf("validate_data_source of a registered source: %v", err)
	}
	for _, tt := range []struct {
		name  string
		cmd   map[string]any
		table arrow.RecordBatch
		code  codes.Code
		class string
		msg   string
	}{
		{"bad value", write, tripsRows([]int64{23}, []string{"many"}, at), codes.InvalidArgument, "FeastError", "trips"},
		{"unknown view", map[string]any{"api": "offline_write_batch", "feature_view_names": []string{"nope"}}, tripsRows([]int64{1}, []string{"1"}, at), codes.NotFound, "FeatureViewNotFoundException", `"nope"`},
		{"two views", map[string]any{"api": "offline_write_batch", "feature_view_names": []string{"a", "b"}}, placeholder(), codes.InvalidArgument, "FeastError", "one feature view"},
		{"unregistered source", map[string]any{"api": "validate_data_source", "data_source_proto": `{"name": "elsewhere"}`}, placeholder(), codes.NotFound, "DataSourceObjectNotFoundException", `"elsewhere"`},
		{"legacy read", historicalCommand(nil), entityTable([]int64{7}, []time.Time{at}), codes.InvalidArgument, "FeastError", "0.67"},
		{"persist of a pull", map[string]any{"api": "persist", "retrieve_func": "pull_all_from_table_or_query", "data_source_name": "x"}, placeholder(), codes.InvalidArgument, "FeastError", "only training sets"},
		{"persist over a dataset", persist, entityTable([]int64{7}, []time.Time{at}), codes.InvalidArgument, "FeastError", "already exists"},
		{"persist under a bad name", historicalCommand(map[string]any{"api": "persist", "retrieve_func": "get_historical_features", "data_source_name": "9 lives"}), entityTable([]int64{7}, []time.Time{at}), codes.InvalidArgument, "FeastError", "9 lives"},
		{"feature logging", map[string]any{"api": "write_logged_features", "feature_service_name": "svc"}, placeholder(), codes.InvalidArgument, "FeastError", "not served yet"},
	} {
		err := put(t, c, tt.cmd, tt.table)
		if msg := feastDetail(t, tt.name, err, tt.code, tt.class); !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: message %q; want it to contain %q", tt.name, msg, tt.msg)
		}
	}
	// The refused writes left nothing behind.
	got, err = exchange(t, c, pullCommand("pull_all_from_table_or_query", nil), placeholder())
	if err != nil || got.NumRows() != 2 {
		t.Errorf("after the refused writes: %v %v; want the 2 rows written", got, err)
	}
}

// TestFlightRBAC: the caller's identity reaches the service through the
// stream interceptors, and each Flight method asks for its own action on
// its own resources (the permissions of TestRBACMatrix).
func TestFlightRBAC(t *testing.T) {
	e := newEnvConfig(t, nil, rbacAuthYAML())
	seedTrips(t, e, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	repo, err := e.fs.Repo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ds := *repo.FeatureViews["driver_stats"]
	ds.Tags = map[string]string{"team": "risk"}
	applyOp(t, e.fs, registry.OpUpdate, &ds)
	apply(t, e.fs, rbacPermissions()...)
	time.Sleep(200 * time.Millisecond) // the server reloads the registry every 50 ms
	c := flightClient(t, e)
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ops := []struct {
		name, allowed string
		call          func(ctx context.Context) error
	}{
		{"get_historical_features", "rita wes pat", func(ctx context.Context) error {
			_, err := exchangeCtx(ctx, t, c, historicalCommand(nil), entityTable([]int64{7}, []time.Time{at}))
			return err
		}},
		{"pull_all_from_table_or_query", "wes pat", func(ctx context.Context) error {
			_, err := exchangeCtx(ctx, t, c, pullCommand("pull_all_from_table_or_query", nil), placeholder())
			return err
		}},
		{"offline_write_batch", "wes pat", func(ctx context.Context) error {
			return putCtx(ctx, t, c, map[string]any{"api": "offline_write_batch", "feature_view_names": []string{"driver_stats"},
				"name_aliases": []any{nil}}, tripsRows([]int64{31}, []string{"1"}, at))
		}},
	}
	for _, op := range ops {
		for _, caller := range rbacCallers {
			want, class := codes.PermissionDenied, "FeastPermissionError"
			switch {
			case caller.name == "anon" || caller.name == "forged":
				want = codes.Unauthenticated
			case strings.Contains(" "+op.allowed+" ", " "+caller.name+" "):
				want = codes.OK
			}
			ctx := context.Background()
			if caller.name != "anon" {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+rbacToken(caller.name))
			}
			err := op.call(ctx)
			name := op.name + " as " + caller.name
			if want == codes.OK {
				if err != nil {
					t.Errorf("%s: %v; want allowed", name, err)
				}
				continue
			}
			feastDetail(t, name, err, want, class)
		}
	}
}

// TestFlightUploadThatNeverEndsIsCutAtTheReadTimeout: a client that sends
// its command and then nothing does not hold the call open.
func TestFlightUploadThatNeverEndsIsCutAtTheReadTimeout(t *testing.T) {
	t.Parallel()
	e := newEnvConfig(t, nil, "  read_timeout: 500ms\n")
	c := flightClient(t, e)
	cmd, _ := json.Marshal(historicalCommand(nil))
	stream, err := c.DoExchange(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&flight.FlightData{FlightDescriptor: &flight.FlightDescriptor{Type: flight.DescriptorCMD, Cmd: cmd}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = stream.Recv()
	st, _ := status.FromError(err)
	if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "did not end within 500ms") {
		t.Errorf("a stalled upload: %v; want InvalidArgument naming the read timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the stalled upload was cut after %s; want about 500ms", d)
	}
}
