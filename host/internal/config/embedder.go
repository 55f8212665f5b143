package config

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// Embedder is the `embedder` block of quiver.yaml: how text becomes vectors
// for `quiver ingest-documents` and text queries. Optional; the default is
// the built-in hashing embedder.
type Embedder struct {
	// Type is "hashing" (default: built in, deterministic, no model) or
	// "openai" (any OpenAI-compatible /v1/embeddings endpoint).
	Type string
	// Model names the model of an openai embedder. Required for openai.
	Model string
	// BaseURL is the API root of an openai embedder, e.g.
	// https://api.openai.com/v1. Optional; default the OpenAI API.
	BaseURL string
	// APIKey is a secret: write it as ${ENV}; never log it. Optional.
	APIKey string
	// Dimension is the vector size. Required for hashing (default 256);
	// for openai it is sent as `dimensions` when set.
	Dimension int
}

// String describes the embedder without its key.
func (e Embedder) String() string {
	s := e.Type
	if e.Model != "" {
		s += " " + e.Model
	}
	if e.Dimension > 0 {
		s += " (dimension " + strconv.Itoa(e.Dimension) + ")"
	}
	return s
}

// DefaultEmbedderDimension is the hashing embedder's default dimension.
const DefaultEmbedderDimension = 256

func (p *parser) embedder(e *Embedder, n *yaml.Node) {
	p.mapping(n, "embedder", func(k, v *yaml.Node) {
		switch k.Value {
		case "type":
			e.Type = p.str(v)
			if e.Type != "hashing" && e.Type != "openai" {
				p.errorf(v, "embedder type %q is not supported (use hashing or openai)", e.Type)
			}
		case "model":
			e.Model = p.str(v)
		case "base_url":
			e.BaseURL = p.str(v)
		case "api_key":
			e.APIKey = p.str(v)
		case "dimension":
			d, err := strconv.Atoi(p.str(v))
			if err != nil || d <= 0 {
				p.errorf(v, "embedder dimension must be a positive integer")
			}
			e.Dimension = d
		default:
			p.errorf(k, "unknown key %q in embedder (known: type, model, base_url, api_key, dimension)", k.Value)
		}
	})
	if e.Type == "openai" && e.Model == "" {
		p.errorf(n, "an openai embedder needs a model")
	}
}

func (e *Embedder) applyDefaults() {
	if e.Type == "" {
		e.Type = "hashing"
	}
	if e.Type == "hashing" && e.Dimension == 0 {
		e.Dimension = DefaultEmbedderDimension
	}
}
