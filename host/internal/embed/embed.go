package embed

import (
	"context"
	"fmt"

	"github.com/quiverfs/quiver/host/internal/config"
)

// Embedder turns texts into vectors of a fixed dimension. Implementations
// are safe for concurrent use.
type Embedder interface {
	// Embed returns one vector per text, in order.
	Embed(ctx context.Context, req *Request) (*Response, error)
	// Dimension is the length of every vector; 0 when only the first
	// answer tells (an openai embedder with no configured dimension).
	Dimension() int
	// Name describes the embedder for messages, without secrets.
	Name() string
}

// Request lists the texts to embed.
type Request struct {
	Texts []string // required
}

// Response holds one vector per text of the request.
type Response struct {
	Vectors [][]float32
}

// New builds the embedder of a quiver.yaml embedder block.
func New(cfg config.Embedder) (Embedder, error) {
	switch cfg.Type {
	case "", "hashing":
		dim := cfg.Dimension
		if dim == 0 {
			dim = config.DefaultEmbedderDimension
		}
		return NewHashing(dim), nil
	case "openai":
		return NewOpenAI(OpenAIOptions{BaseURL: cfg.BaseURL, APIKey: cfg.APIKey, Model: cfg.Model, Dimension: cfg.Dimension})
	}
	return nil, fmt.Errorf("embedder type %q is not supported (use hashing or openai)", cfg.Type)
}

// One embeds a single text.
func One(ctx context.Context, e Embedder, text string) ([]float32, error) {
	resp, err := e.Embed(ctx, &Request{Texts: []string{text}})
	if err != nil {
		return nil, err
	}
	if len(resp.Vectors) != 1 {
		return nil, fmt.Errorf("embedder %s returned %d vectors for one text", e.Name(), len(resp.Vectors))
	}
	return resp.Vectors[0], nil
}
