package scaffold

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/quiverfs/quiver/host/internal/config"
	"github.com/quiverfs/quiver/sdk/types"
)

// DocsFile is the (empty) batch source of the demo's docs view: documents
// reach the online store through `quiver ingest-documents`, and
// materializing the view finds no rows.
const DocsFile = "data/docs.parquet"

// DocsDimension is the dimension of the docs view's embedding: the
// hashing embedder's default.
const DocsDimension = config.DefaultEmbedderDimension

// docsColumns are the columns of DocsFile, as the docs view declares them.
var docsColumns = []struct {
	name string
	t    types.ValueType
}{
	{"chunk_id", types.String}, {"source", types.String}, {"chunk_index", types.Int64},
	{"text", types.String}, {"embedding", types.Float32List}, {ColumnEventTime, types.Timestamp},
}

// writeEmptyDocs writes DocsFile with its schema and no rows.
func writeEmptyDocs(path string) error {
	fields := make([]arrow.Field, len(docsColumns))
	for i, c := range docsColumns {
		fields[i] = arrow.Field{Name: c.name, Type: types.ArrowType(c.t), Nullable: true}
	}
	return writeParquet(path, arrow.NewSchema(fields, nil), func(*array.RecordBuilder, int) int { return 0 })
}
