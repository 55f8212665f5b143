package offlinestore

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
	return storeerr.Unsupported("%s offline store: %s is not implemented yet", u.Name, method)
}

// Configure implements Store.
func (u Unimplemented) Configure(context.Context, *ConfigureRequest) (*ConfigureResponse, error) {
	return nil, u.err("Configure")
}

// GetSourceSchema implements Store.
func (u Unimplemented) GetSourceSchema(context.Context, *GetSourceSchemaRequest) (*GetSourceSchemaResponse, error) {
	return nil, u.err("GetSourceSchema")
}

// PullLatest implements Store.
func (u Unimplemented) PullLatest(context.Context, *PullRequest) (*PullResponse, error) {
	return nil, u.err("PullLatest")
}

// PullRange implements Store.
func (u Unimplemented) PullRange(context.Context, *PullRequest) (*PullResponse, error) {
	return nil, u.err("PullRange")
}

// WriteBatch implements Store.
func (u Unimplemented) WriteBatch(context.Context, *WriteBatchRequest) (*WriteBatchResponse, error) {
	return nil, u.err("WriteBatch")
}

// Teardown implements Store.
func (u Unimplemented) Teardown(context.Context, *TeardownRequest) (*TeardownResponse, error) {
	return nil, u.err("Teardown")
}
