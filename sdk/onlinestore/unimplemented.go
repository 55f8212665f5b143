package onlinestore

import (
	"context"

	"github.com/quiverfs/quiver/sdk/storeerr"
)

// Unimplemented answers every Store method with an Unsupported error saying
// it is not implemented yet. Embed it in a store under construction; the
// methods the store defines itself take precedence.
type Unimplemented struct {
	Name string // the store's name, for messages
}

var _ Store = Unimplemented{}

func (u Unimplemented) err(method string) error {
	return storeerr.Unsupported("%s online store: %s is not implemented yet", u.Name, method)
}

// Configure implements Store.
func (u Unimplemented) Configure(context.Context, *ConfigureRequest) (*ConfigureResponse, error) {
	return nil, u.err("Configure")
}

// ApplyInfra implements Store.
func (u Unimplemented) ApplyInfra(context.Context, *ApplyInfraRequest) (*ApplyInfraResponse, error) {
	return nil, u.err("ApplyInfra")
}

// Teardown implements Store.
func (u Unimplemented) Teardown(context.Context, *TeardownRequest) (*TeardownResponse, error) {
	return nil, u.err("Teardown")
}

// WriteBatch implements Store.
func (u Unimplemented) WriteBatch(context.Context, *WriteBatchRequest) (*WriteBatchResponse, error) {
	return nil, u.err("WriteBatch")
}

// Read implements Store.
func (u Unimplemented) Read(context.Context, *ReadRequest) (*ReadResponse, error) {
	return nil, u.err("Read")
}

// Health implements Store.
func (u Unimplemented) Health(context.Context, *HealthRequest) (*HealthResponse, error) {
	return nil, u.err("Health")
}
