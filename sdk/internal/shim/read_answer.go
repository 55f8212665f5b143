package shim

import (
	"google.golang.org/protobuf/proto"

	"github.com/quiverfs/quiver/sdk/internal/convert"
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// readAnswer reassembles a Read's answer from the chunks a plugin sends, on
// either path. Every row asked for must come exactly once: a row sent
// twice, or missing at the end, fails the read rather than answering it
// wrong. The chunks may number at most the rows asked for plus one, so a
// plugin that keeps sending is cut off after as much work as the request.
type readAnswer struct {
	plugin string // names the plugin in errors
	req    *onlinestore.ReadRequest
	resp   *onlinestore.ReadResponse
	placed [][]bool // per view, per row: answered yet
	rows   int      // rows placed so far
	asked  int      // rows asked for
	chunks int      // chunks taken
}

func newReadAnswer(plugin string, req *onlinestore.ReadRequest) *readAnswer {
	a := &readAnswer{plugin: plugin, req: req, resp: &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))},
		placed: make([][]bool, len(req.Views))}
	for _, v := range req.Views {
		a.asked += len(v.EntityKeys)
	}
	rows, placed := make([]onlinestore.ReadRow, a.asked), make([]bool, a.asked)
	for i, v := range req.Views {
		n := len(v.EntityKeys)
		a.resp.Views[i], a.placed[i] = rows[:n:n], placed[:n:n]
		rows, placed = rows[n:], placed[n:]
	}
	return a
}

// complete checks that every row asked for was answered.
func (a *readAnswer) complete() error {
	if a.rows != a.asked {
		return storeerr.Internal("plugin %s answered %d of the %d rows asked for", a.plugin, a.rows, a.asked)
	}
	return nil
}

// place copies one chunk's rows into the answer.
func (a *readAnswer) place(msg *pb.ReadResponse) error {
	a.chunks++
	if a.chunks > a.asked+1 {
		return storeerr.Internal("plugin %s answered more read chunks (%d) than the %d rows asked for allow", a.plugin, a.chunks, a.asked)
	}
	for _, vr := range msg.GetViews() {
		vi, first, n := int(vr.GetViewIndex()), int(vr.GetFirstRow()), len(vr.GetFound())
		if vi >= len(a.resp.Views) || first+n > len(a.resp.Views[vi]) {
			return storeerr.Internal("plugin %s answered rows outside the request (view %d, rows %d..%d)", a.plugin, vi, first, first+n)
		}
		for i := first; i < first+n; i++ {
			if a.placed[vi][i] {
				return storeerr.Internal("plugin %s answered row %d of view %d twice", a.plugin, i, vi)
			}
			a.placed[vi][i] = true
		}
		a.rows += n
		if err := convert.ViewRowsFromProto(vr, a.resp.Views[vi][first:first+n], len(a.req.Views[vi].Features)); err != nil {
			return storeerr.Internal("plugin %s answered a bad read chunk: %w", a.plugin, err)
		}
	}
	return nil
}

// EncodedReadSize returns the encoded size of resp, the answer to req, as
// one ReadResponse message.
func EncodedReadSize(req *onlinestore.ReadRequest, resp *onlinestore.ReadResponse) int {
	msg := &pb.ReadResponse{}
	for vi, rows := range resp.Views {
		msg.Views = append(msg.Views, convert.ViewRowsToProto(vi, 0, rows, len(req.Views[vi].Features)))
	}
	return proto.Size(msg)
}
