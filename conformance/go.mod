module github.com/quiverfs/quiver/conformance

go 1.26.0
