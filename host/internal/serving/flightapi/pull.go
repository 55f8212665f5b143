package flightapi

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/service"
	"github.com/quiverfs/quiver/sdk/types"
)

// pull answers pull_latest_from_table_or_query and
// pull_all_from_table_or_query: a registered source's rows in
// [start_date, end_date) under the source's own column names (a null date
// is unbounded).
func (s *server) pull(ctx context.Context, cmd *command, out dataSender) error {
	if cmd.DataSourceName == "" {
		return apierr.Invalid("%s needs \"data_source_name\"", cmd.API)
	}
	req := &service.SourcePull{Source: cmd.DataSourceName, JoinKeys: cmd.JoinKeyColumns, Features: cmd.FeatureNameColumns,
		TimestampField: cmd.TimestampField, Latest: cmd.API == apiPullLatest}
	if cmd.CreatedTimestampColumn != nil {
		req.CreatedTimestampColumn = *cmd.CreatedTimestampColumn
	}
	var err error
	if req.Start, _, err = timeParam("start_date", cmd.StartDate); err != nil {
		return err
	}
	if req.End, _, err = timeParam("end_date", cmd.EndDate); err != nil {
		return err
	}
	rd, err := s.svc.PullSource(ctx, req)
	if err != nil {
		return err
	}
	defer rd.Release()
	return sendRecords(out, rd, s.maxBytes)
}

// columnTypes answers get_table_column_names_and_types_from_data_source:
// a table of the source's column names and types, the types spelled as
// Feast's client reads them for that kind of source (pyarrow's names for
// files, BigQuery's for BigQuery). The source is found by the name in the
// proto the client sends.
func (s *server) columnTypes(ctx context.Context, cmd *command, out dataSender) error {
	src, err := cmd.dataSource()
	if err != nil {
		return err
	}
	cols, err := s.svc.SourceColumns(ctx, src.Name)
	if err != nil {
		return err
	}
	spell := pyarrowType
	if src.Type == "BATCH_BIGQUERY" {
		spell = bigQueryType
	}
	names, typs := array.NewStringBuilder(memory.DefaultAllocator), array.NewStringBuilder(memory.DefaultAllocator)
	defer names.Release()
	defer typs.Release()
	for _, c := range cols {
		names.Append(c.Name)
		typs.Append(spell(c.Type))
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "type", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{names.NewArray(), typs.NewArray()}, int64(len(cols)))
	defer rec.Release()
	rd, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	defer rd.Release()
	return sendRecords(out, rd, s.maxBytes)
}

// pyarrowScalar spells the scalar types as pyarrow's str(DataType) does.
var pyarrowScalar = map[types.ValueType]string{
	types.Bool: "bool", types.Int32: "int32", types.Int64: "int64", types.Float32: "float", types.Float64: "double",
	types.String: "string", types.Bytes: "binary", types.Timestamp: "timestamp[us, tz=UTC]",
}

// bigQueryScalar spells the scalar types as BigQuery does.
var bigQueryScalar = map[types.ValueType]string{
	types.Bool: "BOOL", types.Int32: "INT64", types.Int64: "INT64", types.Float32: "FLOAT64", types.Float64: "FLOAT64",
	types.String: "STRING", types.Bytes: "BYTES", types.Timestamp: "TIMESTAMP",
}

// pyarrowType is t as pyarrow spells it, which Feast maps back for file sources.
func pyarrowType(t types.ValueType) string {
	if t.IsList() {
		return "list<item: " + pyarrowScalar[t.Elem()] + ">"
	}
	return pyarrowScalar[t]
}

// bigQueryType is t as BigQuery spells it, which Feast maps back for BigQuery sources.
func bigQueryType(t types.ValueType) string {
	if t.IsList() {
		return "ARRAY<" + bigQueryScalar[t.Elem()] + ">"
	}
	return bigQueryScalar[t]
}
