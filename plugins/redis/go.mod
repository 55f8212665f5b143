module github.com/quiverfs/quiver/plugins/redis

go 1.26.0
