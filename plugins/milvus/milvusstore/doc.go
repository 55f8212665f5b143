// Package milvusstore is the Milvus online store of Quiver, served by the
// quiver-plugin-milvus binary (cmd/quiver-plugin-milvus).
//
// Start with New and Config. Each (project, feature view) is one Milvus
// collection (see collectionName): the entity key, encoded with sdk/codec
// and base64url-encoded, is its VarChar primary key; join keys and scalar
// features are typed fields that filters can use; every feature value is
// also kept exactly in a VarChar blob (sdk/codec), so reads round-trip every
// Quiver type; a vector feature is a FloatVector field indexed with FLAT,
// IVF_FLAT or HNSW and the view's metric. Milvus 2.3 allows one vector
// field per collection, so a view has at most one vector feature; a view
// without one gets a two-dimensional placeholder vector, as Milvus requires.
//
// Writes keep the newest row per key: within a batch, and against the stored
// row, whose (event, created) timestamps are read before the upsert under a
// per-key lock. SearchVectors translates filters to Milvus boolean
// expressions and returns distances in Quiver's convention (Euclidean for
// l2, 1 - similarity for cosine, the negated dot product for inner product).
package milvusstore
