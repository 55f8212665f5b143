module github.com/quiverfs/quiver/plugins/milvus

go 1.26.0
