package redisstore_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/quiverfs/quiver/plugins/redis/feastfmt"
	"github.com/quiverfs/quiver/plugins/redis/internal/redistest"
	"github.com/quiverfs/quiver/plugins/redis/redisstore"
	"github.com/quiverfs/quiver/sdk/onlinestore"
	"github.com/quiverfs/quiver/sdk/types"
)

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startRedis runs redis-server with args in dir (its output goes to
// dir/name.log); it is killed when the test ends, even on failure.
func startRedis(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal("redis-server is not on PATH: run `make test`, which installs it (scripts/backends/redis.sh)")
	}
	logf, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("starting %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logf.Name()); err == nil {
				t.Logf("%s log:\n%s", name, b)
			}
		}
	})
}

// waitFor polls cond every 50ms for up to 5s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// plainServer starts a redis-server without persistence and waits for PING.
func plainServer(t *testing.T, dir, name string, extra ...string) string {
	t.Helper()
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	args := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir}, extra...)
	startRedis(t, dir, name, args...)
	c := redistest.Client(t, addr)
	waitFor(t, name+" to answer PING", func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		return c.Ping(ctx).Err() == nil
	})
	return addr
}

// configure returns a store configured with the JSON object cfg, closed with the test.
func configure(t *testing.T, cfg string) *redisstore.Store {
	t.Helper()
	s := redisstore.New()
	if _, err := s.Configure(context.Background(), &onlinestore.ConfigureRequest{Project: "test", Config: []byte(cfg)}); err != nil {
		t.Fatalf("Configure %s: %v", cfg, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// checkNewerWins writes v1, then an older v0 and a newer v2 of the same
// keys, reading back after each write.
func checkNewerWins(t *testing.T, s onlinestore.Store, project string, ids []int64) {
	t.Helper()
	write := func(ev time.Time, base float64) {
		var rows []onlinestore.WriteRow
		for _, id := range ids {
			rows = append(rows, onlinestore.WriteRow{EntityKey: driverKey(id), EventTimestamp: ev, CreatedTimestamp: ev,
				Values: []types.Value{types.Float64Value(base + float64(id))}})
		}
		mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: project, FeatureView: "fv", FeatureNames: []string{"x"}, Rows: rows})
	}
	keys := make([]types.EntityKey, len(ids))
	for i, id := range ids {
		keys[i] = driverKey(id)
	}
	check := func(when string, ev time.Time, base float64) {
		t.Helper()
		got := mustRead(t, s, project, "fv", []string{"x"}, keys...)
		for i, id := range ids {
			if r := got[i]; !r.Found || r.Values[0].Float64() != base+float64(id) || !r.EventTimestamp.Equal(ev) {
				t.Fatalf("%s: key %d read %+v, want x=%v at %v", when, id, r, base+float64(id), ev)
			}
		}
	}
	write(t0.Add(time.Hour), 100)
	check("first write", t0.Add(time.Hour), 100)
	write(t0, 0)
	check("after an older write", t0.Add(time.Hour), 100)
	write(t0.Add(2*time.Hour), 200)
	check("after a newer write", t0.Add(2*time.Hour), 200)
}

// TestSentinelMode runs a master and one sentinel watching it; the store
// finds the master through the sentinel.
func TestSentinelMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	master := plainServer(t, dir, "master")
	sport := freePort(t)
	conf := filepath.Join(dir, "sentinel.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor mymaster %s 1\n",
		sport, dir, strings.Replace(master, ":", " ", 1))), 0o600); err != nil {
		t.Fatal(err)
	}
	startRedis(t, dir, "sentinel", conf, "--sentinel")
	sentinel := fmt.Sprintf("127.0.0.1:%d", sport)
	sc := redis.NewSentinelClient(&redis.Options{Addr: sentinel, Protocol: 2, DisableIdentity: true, MaxRetries: -1})
	t.Cleanup(func() { sc.Close() })
	waitFor(t, "the sentinel to know mymaster", func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		addr, err := sc.GetMasterAddrByName(ctx, "mymaster").Result()
		return err == nil && len(addr) == 2 && addr[0]+":"+addr[1] == master
	})
	s := configure(t, fmt.Sprintf(`{"mode": "sentinel", "addresses": [%q], "sentinel_master": "mymaster"}`, sentinel))
	project := redistest.Project("sentinel_")
	checkNewerWins(t, s, project, []int64{1, 2, 3})
	// The rows are on the master itself.
	key, _ := feastfmt.AppendRedisKey(nil, driverKey(1), project)
	if n := redistest.Client(t, master).Exists(context.Background(), string(key)).Val(); n != 1 {
		t.Errorf("key of driver 1 not on the master (EXISTS = %d)", n)
	}
}

// TestClusterMode runs a three-master cluster: rows of many entities,
// spread over all nodes, read back in one Read; deleting a view keeps the
// others; Teardown empties every node of the project.
func TestClusterMode(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("redis-cli"); err != nil {
		t.Fatal("redis-cli is not on PATH: run `make test`, which installs it (scripts/backends/redis.sh)")
	}
	dir := t.TempDir()
	var addrs []string
	for i := range 3 {
		addrs = append(addrs, plainServer(t, dir, fmt.Sprintf("node%d", i+1), "--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(dir, fmt.Sprintf("nodes-%d.conf", i+1)), "--cluster-node-timeout", "2000"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	create := exec.CommandContext(ctx, "redis-cli", append(append([]string{"--cluster", "create"}, addrs...),
		"--cluster-replicas", "0", "--cluster-yes")...)
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	nodes := make([]*redis.Client, len(addrs))
	for i, a := range addrs {
		nodes[i] = redistest.Client(t, a)
	}
	waitFor(t, "cluster_state:ok on every node", func() bool {
		for _, n := range nodes {
			if !strings.Contains(n.ClusterInfo(context.Background()).Val(), "cluster_state:ok") {
				return false
			}
		}
		return true
	})
	s := configure(t, fmt.Sprintf(`{"mode": "cluster", "addresses": [%q, %q, %q]}`, addrs[0], addrs[1], addrs[2]))
	project := redistest.Project("cluster_")
	const n = 200
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i)
	}
	checkNewerWins(t, s, project, ids)

	projectKeys := func(node *redis.Client) int {
		keys, err := node.Keys(context.Background(), "*").Result()
		if err != nil {
			t.Fatal(err)
		}
		c := 0
		for _, k := range keys {
			if feastfmt.ProjectOf([]byte(k), project) {
				c++
			}
		}
		return c
	}
	total := 0
	for i, node := range nodes {
		c := projectKeys(node)
		if c == 0 {
			t.Errorf("node %s holds none of the %d keys", addrs[i], n)
		}
		total += c
	}
	if total != n {
		t.Errorf("nodes hold %d keys of the project, want %d", total, n)
	}

	// A second view on the same hashes; deleting fv keeps it.
	other := view("other", "y")
	var rows []onlinestore.WriteRow
	for _, id := range ids {
		rows = append(rows, row(id, 1))
	}
	mustWrite(t, s, &onlinestore.WriteBatchRequest{Project: project, FeatureView: "other", FeatureNames: []string{"y"}, Rows: rows})
	if _, err := s.ApplyInfra(context.Background(), &onlinestore.ApplyInfraRequest{Project: project,
		ViewsToKeep: []types.FeatureViewSpec{other}, ViewsToDelete: []types.FeatureViewSpec{view("fv", "x")}}); err != nil {
		t.Fatalf("ApplyInfra: %v", err)
	}
	keys := keysUpTo(n)
	for i, r := range mustRead(t, s, project, "fv", []string{"x"}, keys...) {
		if r.Found {
			t.Fatalf("fv of driver %d still found after its deletion", i)
		}
	}
	for i, r := range mustRead(t, s, project, "other", []string{"y"}, keys...) {
		if !r.Found || r.Values[0].Float64() != float64(i) {
			t.Fatalf("other of driver %d after deleting fv: %+v", i, r)
		}
	}

	if _, err := s.Teardown(context.Background(), &onlinestore.TeardownRequest{Project: project}); err != nil {
		t.Fatalf("Teardown: %v", err)
	}
	for i, node := range nodes {
		if c := projectKeys(node); c != 0 {
			t.Errorf("node %s still holds %d keys of the project after Teardown", addrs[i], c)
		}
	}
}

// TestTLS runs a TLS-only redis-server with a certificate of a CA made
// here; the store trusts that CA through tls_ca_file.
func TestTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	caFile, certFile, keyFile := writeTestPKI(t, dir)
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	startRedis(t, dir, "tls", "--port", "0", "--tls-port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--tls-cert-file", certFile, "--tls-key-file", keyFile, "--tls-ca-cert-file", caFile, "--tls-auth-clients", "no")
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	raw := redis.NewClient(&redis.Options{Addr: addr, Protocol: 2, DisableIdentity: true, MaxRetries: -1,
		TLSConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}})
	t.Cleanup(func() { raw.Close() })
	waitFor(t, "the TLS server to answer PING", func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		return raw.Ping(ctx).Err() == nil
	})

	// The certificate names "redis.test" and 127.0.0.1.
	for _, extra := range []string{"", `, "tls_server_name": "redis.test"`} {
		s := configure(t, fmt.Sprintf(`{"address": %q, "tls": true, "tls_ca_file": %q%s}`, addr, caFile, extra))
		checkNewerWins(t, s, redistest.Project("tls_"), []int64{1, 2})
	}
	insecure := configure(t, fmt.Sprintf(`{"address": %q, "tls": true, "tls_insecure_skip_verify": true}`, addr))
	checkNewerWins(t, insecure, redistest.Project("tls_"), []int64{3})

	// Without the CA the server's certificate is not trusted; a wrong name
	// is refused; plain TCP to the TLS port fails. Configure pings, so it fails.
	for _, cfg := range []string{
		fmt.Sprintf(`{"address": %q, "tls": true, "max_retries": -1}`, addr),
		fmt.Sprintf(`{"address": %q, "tls": true, "tls_ca_file": %q, "tls_server_name": "other.test", "max_retries": -1}`, addr, caFile),
		fmt.Sprintf(`{"address": %q, "max_retries": -1, "read_timeout": "300ms"}`, addr),
	} {
		s := redisstore.New()
		if _, err := s.Configure(context.Background(), &onlinestore.ConfigureRequest{Project: "test", Config: []byte(cfg)}); err == nil {
			t.Errorf("Configure %s succeeded", cfg)
		}
		s.Close()
	}
}

// writeTestPKI writes a CA and a server certificate for redis.test and
// 127.0.0.1 signed by it; it returns the CA, certificate and key files.
func writeTestPKI(t *testing.T, dir string) (caFile, certFile, keyFile string) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "quiver test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	srvTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "redis.test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), DNSNames: []string{"redis.test"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(srvKey)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, typ string, der []byte) string {
		var b bytes.Buffer
		if err := pem.Encode(&b, &pem.Block{Type: typ, Bytes: der}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("ca.pem", "CERTIFICATE", caDER), write("server.pem", "CERTIFICATE", srvDER), write("server.key", "EC PRIVATE KEY", keyDER)
}
