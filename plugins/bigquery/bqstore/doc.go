// Package bqstore is Quiver's BigQuery offline store, on
// cloud.google.com/go/bigquery.
//
// Sources are tables ("table": table, dataset.table or
// project.dataset.table) or queries ("query"). Pulls and pushed-down
// point-in-time joins run as CREATE TABLE AS SELECT into a temporary table
// (temp_dataset, expiring by itself), read back as Arrow through the
// Storage Read API and dropped. WriteBatch writes a Parquet file and
// appends it with one load job; tables it creates carry a marker in their
// description (the projects that wrote to them and their float32/int32
// columns), which Teardown and GetSourceSchema read. Settings are the
// offline_store block's keys (Settings); docs/bigquery.md describes them,
// the type mapping and the emulator the tests use.
package bqstore
