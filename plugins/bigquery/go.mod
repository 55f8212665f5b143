module github.com/quiverfs/quiver/plugins/bigquery

go 1.26.0
