package embed

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/quiverfs/quiver/host/internal/config"
)

func TestHashingIsDeterministicAndNormalised(t *testing.T) {
	t.Parallel()
	h := NewHashing(64)
	a, _ := One(context.Background(), h, "The feature store serves features")
	b, _ := One(context.Background(), h, "the FEATURE store serves features!")
	if len(a) != 64 {
		t.Fatalf("dimension %d, want 64", len(a))
	}
	var norm float64
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("case and punctuation changed the vector at %d", i)
		}
		norm += float64(a[i]) * float64(a[i])
	}
	if math.Abs(norm-1) > 1e-5 {
		t.Errorf("norm² %g, want 1", norm)
	}
	zero, _ := One(context.Background(), h, "the of and")
	for _, x := range zero {
		if x != 0 {
			t.Fatalf("stop words only: want the zero vector, got %v", zero)
		}
	}
}

func TestHashingSharedWordsAreNearer(t *testing.T) {
	t.Parallel()
	h := NewHashing(256)
	dot := func(a, b []float32) (s float64) {
		for i := range a {
			s += float64(a[i]) * float64(b[i])
		}
		return s
	}
	q, _ := One(context.Background(), h, "how do I materialize features")
	near, _ := One(context.Background(), h, "quiver materialize loads features into the online store")
	far, _ := One(context.Background(), h, "plugins talk gRPC over a unix socket")
	if dot(q, near) <= dot(q, far) {
		t.Errorf("similarity to a text sharing words %g <= to an unrelated one %g", dot(q, near), dot(q, far))
	}
}

// fakeEmbeddings is an httptest server speaking /v1/embeddings: each text
// becomes [len(text), index, 1].
func fakeEmbeddings(t *testing.T, wantKey string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
			http.Error(w, `{"error":{"message":"no such route"}}`, http.StatusNotFound)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+wantKey {
			http.Error(w, `{"error":{"message":"Incorrect API key provided"}}`, http.StatusUnauthorized)
			return
		}
		var req embeddingsRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != "tiny" {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		type item struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		var data []item
		for i := len(req.Input) - 1; i >= 0; i-- { // out of order on purpose
			data = append(data, item{Index: i, Embedding: []float32{float32(len(req.Input[i])), float32(i), 1}})
		}
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": req.Model})
	}))
}

func TestOpenAIEmbedsInOrderAndBatches(t *testing.T) {
	t.Parallel()
	srv := fakeEmbeddings(t, "sk-test")
	defer srv.Close()
	e, err := New(config.Embedder{Type: "openai", Model: "tiny", BaseURL: srv.URL + "/v1", APIKey: "sk-test", Dimension: 3})
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 70) // two batches
	for i := range texts {
		texts[i] = strings.Repeat("x", i)
	}
	resp, err := e.Embed(context.Background(), &Request{Texts: texts})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range resp.Vectors {
		if v[0] != float32(i) || v[2] != 1 {
			t.Fatalf("vector %d = %v, want [%d, _, 1]", i, v, i)
		}
	}
}

func TestOpenAIErrorsNeverShowTheKey(t *testing.T) {
	t.Parallel()
	srv := fakeEmbeddings(t, "right-key")
	defer srv.Close()
	e, _ := New(config.Embedder{Type: "openai", Model: "tiny", BaseURL: srv.URL + "/v1", APIKey: "sk-secret-123"})
	_, err := One(context.Background(), e, "hello")
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "Incorrect API key") {
		t.Fatalf("error %v, want the 401 and the server's message", err)
	}
	if strings.Contains(err.Error(), "sk-secret-123") || strings.Contains(e.Name(), "sk-secret-123") {
		t.Fatalf("the key leaked: %v / %s", err, e.Name())
	}
}

func TestOpenAIChecksDimension(t *testing.T) {
	t.Parallel()
	srv := fakeEmbeddings(t, "k")
	defer srv.Close()
	e, _ := New(config.Embedder{Type: "openai", Model: "tiny", BaseURL: srv.URL + "/v1", APIKey: "k", Dimension: 8})
	if _, err := One(context.Background(), e, "hello"); err == nil || !strings.Contains(err.Error(), "dimension 3, want 8") {
		t.Fatalf("error %v, want a dimension mismatch", err)
	}
}
