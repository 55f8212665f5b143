package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// HTTPLoad drives any Feast-compatible `POST /get-online-features` endpoint
// (Quiver's or `feast serve`) with the load shapes of the Redis benchmark,
// so both servers are measured by the same Go load generator.
type HTTPLoad struct {
	URL         string   // the endpoint, e.g. http://127.0.0.1:6566/get-online-features
	Drivers     int      // driver ids FirstDriver .. FirstDriver+Drivers-1 exist
	FirstDriver int      // default 1001
	Features    []string // view:feature references
	Duration    time.Duration
	Rates       []int // open-loop rates of the 1 x N runs
	Clients     int   // closed-loop clients of the throughput run
	// Token is sent as "Authorization: Bearer Token" when set.
	Token string
	// singleOnly leaves out the 100 x N shape (the floor's server has one
	// answer, of 1 x N).
	singleOnly bool
}

func (l *HTTPLoad) defaults() {
	if l.FirstDriver == 0 {
		l.FirstDriver = 1001
	}
}

// Run measures and prints the table.
func (l *HTTPLoad) Run(ctx context.Context, w io.Writer) error {
	rows, err := l.Measure(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "HTTP load on %s, %d drivers x %d features, %s per run; %s\n\n", l.URL, l.Drivers, len(l.Features), l.Duration, Machine())
	WriteTable(w, rows)
	return nil
}

// Measure runs the shapes: 1 x N open loop at each rate, 100 x N from one
// client back to back, and 1 x N closed loop from Clients clients.
func (l *HTTPLoad) Measure(ctx context.Context) ([]Summary, error) {
	l.defaults()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	ask := func(entities int) func(context.Context) error {
		return func(ctx context.Context) error { return l.post(ctx, client, entities) }
	}
	// Warm up connections, caches and the server's lazy paths.
	if _, _, err := ClosedLoop(ctx, 4, time.Second, ask(1)); err != nil {
		return nil, fmt.Errorf("warm-up: %w", err)
	}
	n := len(l.Features)
	var rows []Summary
	for _, rate := range l.Rates {
		lat, errs, err := OpenLoop(ctx, rate, l.Duration, 64, ask(1))
		name := fmt.Sprintf("HTTP 1x%d, open loop %d req/s", n, rate)
		if err != nil { // an overloaded server: report, do not hide
			name += fmt.Sprintf(" (%d of %d failed, first: %.80s)", errs, len(lat), err.Error())
		}
		rows = append(rows, lat.Summarize(name))
	}
	if !l.singleOnly {
		lat, _, err := ClosedLoop(ctx, 1, l.Duration, ask(100))
		if err != nil {
			return nil, err
		}
		rows = append(rows, lat.Summarize(fmt.Sprintf("HTTP 100x%d, one client back to back", n)))
	}
	lat, rate, err := ClosedLoop(ctx, l.Clients, l.Duration, ask(1))
	if err != nil {
		return nil, err
	}
	closed := lat.Summarize(fmt.Sprintf("HTTP 1x%d, closed loop %d clients: %.0f req/s", n, l.Clients, rate))
	closed.Rate = rate
	return append(rows, closed), nil
}

// post asks for the features of `entities` random drivers and checks the answer.
func (l *HTTPLoad) post(ctx context.Context, c *http.Client, entities int) error {
	return l.ask(ctx, c, entities, nil)
}

// ask is post that hands the answer's body to got, when set.
func (l *HTTPLoad) ask(ctx context.Context, c *http.Client, entities int, got func([]byte)) error {
	ids := make([]string, entities)
	for i := range ids {
		ids[i] = fmt.Sprint(l.FirstDriver + rand.IntN(l.Drivers))
	}
	body := fmt.Sprintf(`{"features":["%s"],"entities":{"driver_id":[%s]}}`, strings.Join(l.Features, `","`), strings.Join(ids, ","))
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, l.URL, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if l.Token != "" {
		req.Header.Set("Authorization", "Bearer "+l.Token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(data, []byte("PRESENT")) {
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, data)
	}
	if got != nil {
		got(data)
	}
	return nil
}
