package pluginhost

import (
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/quiverfs/quiver/host/internal/pluginhost/plugintest"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/storeerr"
	"github.com/quiverfs/quiver/sdk/types"
)

// newManager installs the test plugin as quiver-plugin-memory in a fresh
// plugins directory, locks it, and returns a manager for that directory.
func newManager(t *testing.T, env ...string) (*Manager, string) {
	t.Helper()
	dir := t.TempDir()
	plugintest.Install(t, dir, "memory")
	lockDir(t, dir)
	lock, err := ReadLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	logger := hclog.New(&hclog.LoggerOptions{Name: "test", Level: hclog.Warn, Output: os.Stderr})
	m := NewManager(&Launcher{Dir: dir, Lock: lock, Logger: logger, Env: env}, SupervisorConfig{
		Logger: logger, InitialBackoff: 50 * time.Millisecond, MaxBackoff: time.Second, PollInterval: 50 * time.Millisecond,
	})
	t.Cleanup(m.Close)
	return m, dir
}

func lockDir(t *testing.T, dir string) {
	t.Helper()
	bins, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := NewLock(bins)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteLock(dir, lock); err != nil {
		t.Fatal(err)
	}
}

var userKey = types.EntityKey{{JoinKey: "user_id", Value: types.Int64Value(7)}}

func writeRow(ctx context.Context, st onlinestore.Store) error {
	_, err := st.WriteBatch(ctx, &onlinestore.WriteBatchRequest{
		Project: "demo", FeatureView: "user_stats", FeatureNames: []string{"clicks"},
		Rows: []onlinestore.WriteRow{{EntityKey: userKey, Values: []types.Value{types.Int64Value(42)},
			EventTimestamp: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}},
	})
	return err
}

func readRow(ctx context.Context, st onlinestore.Store) (onlinestore.ReadRow, error) {
	resp, err := st.Read(ctx, &onlinestore.ReadRequest{Project: "demo", Views: []onlinestore.ReadView{
		{FeatureView: "user_stats", Features: []string{"clicks"}, EntityKeys: []types.EntityKey{userKey}},
	}})
	if err != nil {
		return onlinestore.ReadRow{}, err
	}
	return resp.Views[0][0], nil
}

// configured launches the plugin and configures its online store.
func configured(t *testing.T, m *Manager) (*Supervisor, onlinestore.Store) {
	t.Helper()
	ctx := context.Background()
	s, err := m.Plugin(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	st, ok := s.Online()
	if !ok {
		t.Fatal("plugin memory serves no online store")
	}
	if _, err := st.Configure(ctx, &onlinestore.ConfigureRequest{Project: "demo", Config: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	return s, st
}

func TestSupervisorRoundTrip(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t)
	s, st := configured(t, m)
	ctx := context.Background()
	if info := s.Info(); info.Name != "memory" || info.Version != "0.0.1-test" {
		t.Errorf("Info() = %+v; want memory 0.0.1-test", info)
	}
	if _, ok := st.(onlinestore.StoreWithVectorSearch); ok {
		t.Error("online store implements StoreWithVectorSearch though the plugin did not advertise it")
	}
	if _, ok := s.Offline(); ok {
		t.Error("Offline() reports an offline store the plugin does not serve")
	}
	if err := writeRow(ctx, st); err != nil {
		t.Fatal(err)
	}
	row, err := readRow(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if !row.Found || row.Values[0].Int64() != 42 {
		t.Errorf("Read = %+v; want found clicks=42", row)
	}
}

func TestSupervisorVectorSearchOnlyWhenAdvertised(t *testing.T) {
	t.Setenv("TESTPLUGIN_VECTOR", "1") // reaches the plugin only when listed
	tests := []struct {
		name       string
		env        []string
		wantVector bool
	}{
		{name: "variable not passed", wantVector: false},
		{name: "variable passed", env: []string{"TESTPLUGIN_VECTOR"}, wantVector: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newManager(t, tt.env...)
			s, st := configured(t, m)
			vs, ok := st.(onlinestore.StoreWithVectorSearch)
			if ok != tt.wantVector || s.OnlineCapabilities().VectorSearch != tt.wantVector {
				t.Fatalf("vector search handed out = %v, advertised = %v; want %v", ok, s.OnlineCapabilities().VectorSearch, tt.wantVector)
			}
			if !ok {
				return
			}
			resp, err := vs.SearchVectors(context.Background(), &onlinestore.SearchVectorsRequest{
				Project: "demo", FeatureView: "docs", VectorField: "emb", QueryVector: []float32{1}, TopK: 3, Metric: types.MetricL2,
			})
			if err != nil || len(resp.Hits) != 0 {
				t.Errorf("SearchVectors on an empty store = %+v, %v; want no hits", resp, err)
			}
		})
	}
}

func TestManagerRefusesModifiedBinary(t *testing.T) {
	t.Parallel()
	m, dir := newManager(t)
	path := BinaryPath(dir, "memory")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("tampered"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = m.Plugin(context.Background(), "memory")
	if !errors.Is(err, ErrChecksumMismatch) {
		t.Fatalf("Plugin(memory) error = %v; want ErrChecksumMismatch", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the binary %s", err, path)
	}
}

func TestLaunchBinaryChecksumAtExec(t *testing.T) {
	t.Parallel()
	m, dir := newManager(t)
	bin, err := Find(dir, "memory")
	if err != nil {
		t.Fatal(err)
	}
	wrong := make([]byte, 32)
	if _, err := m.Launcher().LaunchBinary(context.Background(), bin, wrong); err == nil {
		t.Fatal("LaunchBinary with a wrong checksum succeeded; want go-plugin to refuse it")
	}
}

func TestSupervisorRelaunchesKilledPlugin(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t)
	s, st := configured(t, m)
	ctx := context.Background()
	if err := writeRow(ctx, st); err != nil {
		t.Fatal(err)
	}
	pid := s.PID()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}

	_, err := readRow(ctx, st)
	if !errors.Is(err, storeerr.ErrUnavailable) {
		t.Fatalf("Read after SIGKILL error = %v; want Unavailable", err)
	}
	if !strings.Contains(err.Error(), "plugin memory exited; relaunching") {
		t.Errorf("Read after SIGKILL error = %q; want it to say the plugin exited", err)
	}

	deadline := time.Now().Add(20 * time.Second)
	for {
		row, err := readRow(ctx, st)
		if err == nil {
			if row.Found {
				t.Errorf("Read after relaunch found a row; the relaunched in-memory store should be empty")
			}
			break
		}
		if !errors.Is(err, storeerr.ErrUnavailable) {
			t.Fatalf("Read while relaunching error = %v; want Unavailable (Configure not replayed?)", err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("plugin not back within 20s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	health, err := st.Health(ctx, &onlinestore.HealthRequest{})
	if err != nil || health.Message != "project=demo" {
		t.Errorf("Health after relaunch = %+v, %v; want the replayed project demo", health, err)
	}
	if newPID := s.PID(); newPID == pid || newPID == 0 {
		t.Errorf("PID after relaunch = %d; want a new process (old %d)", newPID, pid)
	}
	if processAlive(pid) {
		t.Errorf("killed plugin process %d was not reaped", pid)
	}
	if err := writeRow(ctx, st); err != nil {
		t.Errorf("WriteBatch after relaunch: %v", err)
	}
}

func TestSupervisorCloseIsClean(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t)
	s, st := configured(t, m)
	pid := s.PID()
	if !processAlive(pid) {
		t.Fatalf("plugin process %d not running", pid)
	}
	s.Close()
	s.Close() // a second Close does nothing
	m.Close()
	m.Close()
	if processAlive(pid) {
		t.Errorf("plugin process %d still exists after Close", pid)
	}
	_, err := readRow(context.Background(), st)
	if !errors.Is(err, storeerr.ErrUnavailable) {
		t.Errorf("Read after Close error = %v; want Unavailable", err)
	}
	if _, err := m.Plugin(context.Background(), "memory"); err == nil {
		t.Error("Plugin after Manager.Close succeeded; want an error")
	}
}

// processAlive reports whether a process (not yet reaped) has this pid.
func processAlive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}

func TestSupervisorFailsInFlightCallOfKilledPlugin(t *testing.T) {
	t.Parallel()
	m, _ := newManager(t)
	s, st := configured(t, m)
	errc := make(chan error, 1)
	go func() {
		_, err := st.Read(context.Background(), &onlinestore.ReadRequest{Project: "slow", Views: []onlinestore.ReadView{
			{FeatureView: "user_stats", Features: []string{"clicks"}, EntityKeys: []types.EntityKey{userKey}},
		}})
		errc <- err
	}()
	time.Sleep(300 * time.Millisecond) // let the call reach the plugin
	if err := syscall.Kill(s.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, storeerr.ErrUnavailable) || !strings.Contains(err.Error(), "plugin memory exited; relaunching") {
			t.Errorf("in-flight Read error = %v; want Unavailable saying the plugin exited", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("in-flight Read did not return within 10s of the plugin's death")
	}
}

func TestSupervisorRefusesTamperedBinaryOnRelaunch(t *testing.T) {
	t.Parallel()
	m, dir := newManager(t)
	s, st := configured(t, m)
	// The running binary cannot be written to; replace it, as an upgrade would.
	path := BinaryPath(dir, "memory")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".new", append(data, "tampered"...), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(s.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := readRow(context.Background(), st)
		if !errors.Is(err, storeerr.ErrUnavailable) {
			t.Fatalf("Read after tampering and kill error = %v; want Unavailable", err)
		}
		if errors.Is(err, ErrChecksumMismatch) {
			break // the relaunch was refused and the caller is told why
		}
		if time.Now().After(deadline) {
			t.Fatalf("no relaunch refusal reported within 10s; last error: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if pid := s.PID(); pid != 0 {
		t.Errorf("PID() = %d after a refused relaunch; want no running plugin", pid)
	}
}
