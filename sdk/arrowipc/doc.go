// Package arrowipc reads Arrow IPC streams that come from outside the
// process (an HTTP request body, a plugin stream) without trusting any
// length they declare.
//
// Start with NewReader. Unlike arrow-go's ipc.NewReader it
//   - grows each message's buffers only as its bytes arrive, so a tiny
//     body that declares a huge message costs nothing;
//   - counts every byte against Limits and fails with ErrTooLarge past them;
//   - caps what decoding may allocate (decompressed buffers) at the same
//     budget;
//   - checks every record's buffers against the lengths it declares, so no
//     later reader (Go code or DuckDB through the C data interface) can
//     read past a buffer;
//   - rejects Arrow types it cannot check (dictionaries, unions, maps,
//     views) with ErrInvalid.
//
// Errors wrap ErrTooLarge or ErrInvalid so that callers can answer 413 or
// 400.
package arrowipc
