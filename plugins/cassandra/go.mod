module github.com/quiverfs/quiver/plugins/cassandra

go 1.26.0
