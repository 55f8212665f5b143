package cli

import (
	"encoding/hex"
	"errors"

	ucli "github.com/urfave/cli/v2"

	"github.com/quiverfs/quiver/host/internal/pluginhost"
)

// flagTrustUnlocked lets `plugins list` launch binaries no lock lists.
const flagTrustUnlocked = "trust-unlocked"

// noteNotLocked is the note of a binary left unqueried because no lock
// lists it.
const noteNotLocked = "not locked (run `quiver plugins lock` or pass --" + flagTrustUnlocked + " to query capabilities)"

// inspect checks b against the lock and, if it may run, launches it to ask
// for its stores and capabilities. A binary whose checksum matches the lock
// runs; one the lock lists with another checksum never does (an error); one
// no lock lists (or every binary, without a lock file) runs only when
// trustUnlocked, pinned to its current checksum, and is otherwise listed
// with a note.
func inspect(c *ucli.Context, m *pluginhost.Manager, lock *pluginhost.Lock, b pluginhost.Binary, trustUnlocked bool) pluginListing {
	row := pluginListing{Name: b.Name, File: b.File, Capabilities: capabilityReport{Metrics: []string{}}}
	sum, err := pluginhost.HashFile(b.Path)
	if err != nil {
		row.Lock, row.Error = lockNoLockFile, err.Error()
		return row
	}
	row.SHA256 = hex.EncodeToString(sum)
	row.Lock = lockNoLockFile
	if lock != nil {
		_, err := lock.Verify(b)
		switch {
		case errors.Is(err, pluginhost.ErrNotLocked):
			row.Lock = lockNotLocked
		case err != nil:
			row.Lock, row.Error = lockMismatch, err.Error()
			return row
		default:
			row.Lock = lockOK
		}
	}
	if row.Lock != lockOK && !trustUnlocked {
		row.Note = noteNotLocked
		return row
	}
	client, err := m.Probe(c.Context, b, sum)
	if err != nil {
		row.Error = err.Error()
		return row
	}
	defer client.Close()
	row.Version = client.Info().Version
	_, row.Online = client.Online()
	_, row.Offline = client.Offline()
	row.Capabilities = capabilitiesOf(client.OnlineCapabilities(), client.OfflineCapabilities())
	return row
}
