package redisstore

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/quiverfs/quiver/sdk/onlinestore"
)

func TestReadShapesRememberTheArgumentsOfEachShape(t *testing.T) {
	var c readShapes
	a := onlinestore.ReadView{FeatureView: "a", Features: []string{"b:c", "d"}}
	b := onlinestore.ReadView{FeatureView: "a:b", Features: []string{"c", "d"}} // runs together with a's names
	for range 2 {
		for _, rv := range []onlinestore.ReadView{a, b} {
			if got, want := c.args(rv), readArgs(rv); !reflect.DeepEqual(got, want) {
				t.Fatalf("%+v: %v, want %v", rv, got, want)
			}
		}
	}
	for i := range maxReadShapes + 50 {
		c.args(onlinestore.ReadView{FeatureView: "v", Features: []string{fmt.Sprint("f", i)}})
	}
	if n := c.n.Load(); n > maxReadShapes {
		t.Fatalf("%d shapes remembered, more than %d", n, maxReadShapes)
	}
	if got, want := c.args(a), readArgs(a); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the bound: %v, want %v", got, want)
	}
}

func BenchmarkReadArgs50(b *testing.B) {
	rv := onlinestore.ReadView{FeatureView: "driver_stats"}
	for i := range 50 {
		rv.Features = append(rv.Features, fmt.Sprintf("feature_%02d", i))
	}
	b.Run("built", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			readArgs(rv)
		}
	})
	b.Run("remembered", func(b *testing.B) {
		var c readShapes
		b.ReportAllocs()
		for range b.N {
			c.args(rv)
		}
	})
}
