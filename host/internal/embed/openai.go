package embed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultOpenAIBaseURL is the API root used when base_url is not set.
const DefaultOpenAIBaseURL = "https://api.openai.com/v1"

// openAIBatch bounds the texts of one request.
const openAIBatch = 64

// OpenAIOptions configure an OpenAI-compatible embedder.
type OpenAIOptions struct {
	// BaseURL is the API root (…/v1); the embedder posts to BaseURL/embeddings.
	// Optional; default DefaultOpenAIBaseURL.
	BaseURL string
	// APIKey is sent as a bearer token. Optional; never logged.
	APIKey string
	// Model is the embedding model. Required.
	Model string
	// Dimension is sent as `dimensions` and checked in answers. Optional.
	Dimension int
	// Client makes the requests. Optional; default a client with a 60 s timeout.
	Client *http.Client
}

// OpenAI embeds through an OpenAI-compatible /v1/embeddings endpoint.
type OpenAI struct {
	opts OpenAIOptions
	url  string
}

// NewOpenAI returns an OpenAI-compatible embedder.
func NewOpenAI(opts OpenAIOptions) (*OpenAI, error) {
	if opts.Model == "" {
		return nil, fmt.Errorf("openai embedder: model is required")
	}
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultOpenAIBaseURL
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 60 * time.Second}
	}
	return &OpenAI{opts: opts, url: strings.TrimRight(opts.BaseURL, "/") + "/embeddings"}, nil
}

// Dimension implements Embedder.
func (o *OpenAI) Dimension() int { return o.opts.Dimension }

// Name implements Embedder; it never includes the key.
func (o *OpenAI) Name() string { return fmt.Sprintf("openai %s at %s", o.opts.Model, o.opts.BaseURL) }

type embeddingsRequest struct {
	Model          string   `json:"model"`
	Input          []string `json:"input"`
	Dimensions     int      `json:"dimensions,omitempty"`
	EncodingFormat string   `json:"encoding_format"`
}

type embeddingsResponse struct {
	Data []struct {
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	} `json:"data"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// Embed implements Embedder, in batches of 64 texts.
func (o *OpenAI) Embed(ctx context.Context, req *Request) (*Response, error) {
	out := &Response{Vectors: make([][]float32, 0, len(req.Texts))}
	for start := 0; start < len(req.Texts); start += openAIBatch {
		batch := req.Texts[start:min(start+openAIBatch, len(req.Texts))]
		vecs, err := o.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		out.Vectors = append(out.Vectors, vecs...)
	}
	return out, nil
}

func (o *OpenAI) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	body, err := json.Marshal(embeddingsRequest{Model: o.opts.Model, Input: texts, Dimensions: o.opts.Dimension, EncodingFormat: "float"})
	if err != nil {
		return nil, err
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, o.url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("openai embedder: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	if o.opts.APIKey != "" {
		hreq.Header.Set("Authorization", "Bearer "+o.opts.APIKey)
	}
	resp, err := o.opts.Client.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("openai embedder: POST %s: %w", o.url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("openai embedder: reading the answer of %s: %w", o.url, err)
	}
	var parsed embeddingsResponse
	jsonErr := json.Unmarshal(raw, &parsed)
	if resp.StatusCode/100 != 2 {
		msg := strings.TrimSpace(string(raw[:min(len(raw), 300)]))
		if jsonErr == nil && parsed.Error != nil {
			msg = parsed.Error.Message
		}
		return nil, fmt.Errorf("openai embedder: POST %s: %s: %s", o.url, resp.Status, msg)
	}
	if jsonErr != nil {
		return nil, fmt.Errorf("openai embedder: answer of %s is not embeddings JSON: %w", o.url, jsonErr)
	}
	return o.collect(parsed, len(texts))
}

// collect orders the answer's vectors by index and checks them.
func (o *OpenAI) collect(parsed embeddingsResponse, n int) ([][]float32, error) {
	if len(parsed.Data) != n {
		return nil, fmt.Errorf("openai embedder: %d embeddings for %d texts", len(parsed.Data), n)
	}
	out := make([][]float32, n)
	for _, d := range parsed.Data {
		if d.Index < 0 || d.Index >= n || out[d.Index] != nil {
			return nil, fmt.Errorf("openai embedder: bad or repeated index %d in the answer", d.Index)
		}
		if o.opts.Dimension > 0 && len(d.Embedding) != o.opts.Dimension {
			return nil, fmt.Errorf("openai embedder: embedding of dimension %d, want %d", len(d.Embedding), o.opts.Dimension)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}
