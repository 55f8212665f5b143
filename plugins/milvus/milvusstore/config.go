package milvusstore

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/milvus-io/milvus-sdk-go/v2/entity"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Config is the online_store block of quiver.yaml for type milvus.
type Config struct {
	// Address is the Milvus proxy, host:port. Required.
	Address string `json:"address"`
	// Username and Password authenticate when set. Optional.
	Username string `json:"username"`
	Password string `json:"password"`
	// Database selects a Milvus database. Optional; default "default".
	Database string `json:"database"`
	// CollectionPrefix starts every collection name. Optional; default "quiver".
	CollectionPrefix string `json:"collection_prefix"`
	// Consistency is the level of reads and searches: session (default:
	// a plugin sees its own writes), strong, bounded or eventually.
	Consistency string `json:"consistency"`
	// IndexType is used for vector fields whose definition names none.
	// Optional; default HNSW (FLAT and IVF_FLAT also work).
	IndexType string `json:"index_type"`
	// WriteChunkRows bounds the rows of one upsert. Optional; default 500.
	WriteChunkRows int `json:"write_chunk_rows"`
	// DialTimeout bounds how long Configure waits for the server, a Go
	// duration. Optional; default 5s.
	DialTimeout string `json:"dial_timeout"`

	dialTimeout time.Duration // DialTimeout parsed
}

// defaultDialTimeout is DialTimeout's default.
const defaultDialTimeout = 5 * time.Second

// consistencyLevels maps Config.Consistency to Milvus levels.
var consistencyLevels = map[string]entity.ConsistencyLevel{
	"session": entity.ClSession, "strong": entity.ClStrong,
	"bounded": entity.ClBounded, "eventually": entity.ClEventually,
}

// parseConfig decodes and checks a Configure payload.
func parseConfig(raw json.RawMessage) (Config, error) {
	var c Config
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, storeerr.InvalidArgument("milvus online store: config: %v", err)
	}
	if c.Address == "" {
		return c, storeerr.InvalidArgument("milvus online store: config: address is required (host:port of the Milvus proxy)")
	}
	if c.CollectionPrefix == "" {
		c.CollectionPrefix = "quiver"
	}
	if !validName(c.CollectionPrefix) {
		return c, storeerr.InvalidArgument("milvus online store: config: collection_prefix %q must be letters, digits and underscores, starting with a letter", c.CollectionPrefix)
	}
	if c.Consistency == "" {
		c.Consistency = "session"
	}
	if _, ok := consistencyLevels[c.Consistency]; !ok {
		return c, storeerr.InvalidArgument("milvus online store: config: consistency %q is not session, strong, bounded or eventually", c.Consistency)
	}
	if c.IndexType == "" {
		c.IndexType = "HNSW"
	}
	if _, ok := indexTypes[strings.ToUpper(c.IndexType)]; !ok {
		return c, storeerr.InvalidArgument("milvus online store: config: index_type %q is not FLAT, IVF_FLAT or HNSW", c.IndexType)
	}
	if c.WriteChunkRows <= 0 {
		c.WriteChunkRows = 500
	}
	c.dialTimeout = defaultDialTimeout
	if c.DialTimeout != "" {
		d, err := time.ParseDuration(c.DialTimeout)
		if err != nil || d <= 0 {
			return c, storeerr.InvalidArgument("milvus online store: config: dial_timeout %q is not a positive duration like \"5s\"", c.DialTimeout)
		}
		c.dialTimeout = d
	}
	return c, nil
}
