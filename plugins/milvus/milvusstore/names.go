package milvusstore

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/quiverfs/quiver/sdk/codec"
	"github.com/quiverfs/quiver/sdk/types"
)

// The fields every collection has besides its features.
const (
	fieldPK      = "pk"         // VarChar primary key: the encoded entity key
	fieldEvent   = "event_us"   // Int64: event timestamp, microseconds
	fieldCreated = "created_us" // Int64: created timestamp, microseconds; minInt64 when unset
	fieldRow     = "row"        // VarChar: every non-vector feature, sdk/codec, base64
	fieldNoVec   = "novec"      // placeholder FloatVector of views without a vector
	noVecDim     = 2
	maxVarChar   = 65535
	maxPKLen     = 4096
)

var nameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// validName reports whether s can be part of a Milvus name.
func validName(s string) bool { return nameRE.MatchString(s) }

// sanitize keeps letters, digits and underscores of s, at most n of them.
func sanitize(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= n {
			break
		}
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shortHash is 8 hex digits of s's SHA-256, which keeps names of
// different projects or views apart after sanitizing.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

// projectPrefix starts the names of every collection of a project.
func projectPrefix(prefix, project string) string {
	return prefix + "_" + sanitize(project, 60) + "_" + shortHash(project) + "__"
}

// collectionName is the collection of one view of one project.
func collectionName(prefix, project, view string) string {
	return projectPrefix(prefix, project) + sanitize(view, 60) + "_" + shortHash(view)
}

// featureField is the typed field of a feature or join key.
func featureField(name string) string { return "f_" + name }

// nullField is the Bool field telling that a feature is null.
func nullField(name string) string { return "n_" + name }

// encodeKey is the primary key of an entity key.
func encodeKey(k types.EntityKey) string {
	return base64.RawURLEncoding.EncodeToString(codec.EncodeEntityKey(k))
}

// decodeKey reverses encodeKey.
func decodeKey(pk string) (types.EntityKey, error) {
	b, err := base64.RawURLEncoding.DecodeString(pk)
	if err != nil {
		return nil, err
	}
	return codec.DecodeEntityKey(b)
}

// CollectionName is the collection that holds view of project under prefix
// (Config.CollectionPrefix), for tools that talk to Milvus directly.
func CollectionName(prefix, project, view string) string {
	return collectionName(prefix, project, view)
}

// DecodeKey decodes a primary key of a collection back to the entity key.
func DecodeKey(pk string) (types.EntityKey, error) { return decodeKey(pk) }
