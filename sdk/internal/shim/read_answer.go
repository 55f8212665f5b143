package shim

import (
	"google.golang.org/protobuf/proto"

	"github.com/quiverfs/quiver/sdk/internal/convert"
	pb "github.com/quiverfs/quiver/sdk/internal/gen/quiver/plugin/v1"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
)

// readAnswer reassembles a Read's answer from the chunks a plugin sends, on
// either path. The chunks may hold at most the rows asked for, and one
// empty chunk besides, so a plugin that keeps sending is cut off after as
// much work as the request itself.
type readAnswer struct {
	req    *onlinestore.ReadRequest
	resp   *onlinestore.ReadResponse
	rows   int // rows placed so far
	asked  int // rows asked for
	chunks int // chunks taken
}

func newReadAnswer(req *onlinestore.ReadRequest) *readAnswer {
	a := &readAnswer{req: req, resp: &onlinestore.ReadResponse{Views: make([][]onlinestore.ReadRow, len(req.Views))}}
	for i, v := range req.Views {
		a.resp.Views[i] = make([]onlinestore.ReadRow, len(v.EntityKeys))
		a.asked += len(v.EntityKeys)
	}
	return a
}

// place copies one chunk's rows into the answer.
func (a *readAnswer) place(msg *pb.ReadResponse) error {
	a.chunks++
	if a.chunks > a.asked+1 {
		return storeerr.Internal("plugin answered more read chunks (%d) than the %d rows asked for allow", a.chunks, a.asked)
	}
	for _, vr := range msg.GetViews() {
		vi, first, n := int(vr.GetViewIndex()), int(vr.GetFirstRow()), len(vr.GetFound())
		if vi >= len(a.resp.Views) || first+n > len(a.resp.Views[vi]) {
			return storeerr.Internal("plugin answered rows outside the request (view %d, rows %d..%d)", vi, first, first+n)
		}
		if a.rows += n; a.rows > a.asked {
			return storeerr.Internal("plugin answered more rows than the %d asked for", a.asked)
		}
		if err := convert.ViewRowsFromProto(vr, a.resp.Views[vi][first:first+n], len(a.req.Views[vi].Features)); err != nil {
			return storeerr.Internal("plugin answered a bad read chunk: %w", err)
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
