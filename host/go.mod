module github.com/quiverfs/quiver/host

go 1.26.0
