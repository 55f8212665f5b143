package remotestore

import (
	"net"
	"testing"
)

// UpBackend listens on a loopback port that accepts and closes every
// connection until the test ends, and returns its address: the store's
// backend, up.
func UpBackend(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l.Addr().String()
}

// DownBackend returns a loopback address nothing listens on: the store's
// backend, down.
func DownBackend(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
