package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestCrashUnderLoad builds the chorus binary, runs `chorus serve` on a
// data directory as a child process, submits from several clients and
// kills the server with SIGKILL at random moments, restarting it on the
// same directory each time. Then: every id acknowledged (201 or 200) is
// stored (a resend answers 200), every rollup equals a recount of the
// stored responses, and every risk-flagged comment has exactly one alert,
// all without `chorus reports rebuild`. A second server on the same data
// directory exits at once.
//
// CHORUS_CRASH_CYCLES sets the number of kills (default 3, which keeps the
// test to a few seconds for CI; the docs give a longer run).
func TestCrashUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the chorus binary")
	}
	cycles := 3
	if v, err := strconv.Atoi(os.Getenv("CHORUS_CRASH_CYCLES")); err == nil && v > 0 {
		cycles = v
	}
	bin := buildChorus(t)
	dir := t.TempDir()
	srv := startChild(t, bin, dir)
	checkSecondServerRefused(t, bin, dir)

	var base atomic.Value
	base.Store(srv.url)
	l := &crashLoad{acked: map[string]bool{}}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); l.run(ctx, &base, w) }()
	}
	recovered := 0
	for range cycles {
		time.Sleep(time.Duration(200+rand.IntN(800)) * time.Millisecond)
		srv.kill(t)
		srv = startChild(t, bin, dir)
		base.Store(srv.url)
		if strings.Contains(srv.stderr.String(), "finished interrupted groups") {
			recovered++
		}
	}
	time.Sleep(300 * time.Millisecond)
	stop()
	wg.Wait()
	if len(l.acked) == 0 {
		t.Fatal("no submission was acknowledged")
	}
	for id := range l.acked {
		if status := crashSubmit(srv.url, id, 0); status != http.StatusOK {
			t.Errorf("resend of acknowledged %s: status %d, want 200 (stored)", id, status)
		}
	}
	srv.terminate(t)
	checkStore(t, dir, len(l.acked))
	t.Logf("%d kills (%d of them inside a group, finished from its journal at restart), %d responses acknowledged",
		cycles, recovered, len(l.acked))
}

func buildChorus(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chorus")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type child struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
	exited chan error
}

// syncBuffer is the child's log, written by one goroutine and read by the
// test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.WriteString(s)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var listeningRE = regexp.MustCompile(`msg=listening url=(http://\S+)`)

// startChild runs `chorus serve` on dir and waits until it listens.
func startChild(t *testing.T, bin, dir string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--demo")
	cmd.Env = append(os.Environ(), "CHORUS_SUBMIT_RATE=1000000000", "CHORUS_MONGODB_URI=", "CHORUS_DEMO_HISTORY=false")
	cmd.Stdout = io.Discard
	pr, pw := io.Pipe()
	c := &child{cmd: cmd, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.exited <- cmd.Wait(); pw.Close() }()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			c.stderr.WriteString(sc.Text() + "\n")
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case c.url = <-found:
		return c
	case err := <-c.exited:
		t.Fatalf("chorus serve exited before listening: %v\n%s", err, c.stderr)
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("chorus serve did not listen\n%s", c.stderr)
	}
	return nil
}

func (c *child) kill(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.exited
}

// terminate stops the server with SIGTERM, as Kubernetes does: it drains
// and exits 0.
func (c *child) terminate(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-c.exited; err != nil {
		t.Fatalf("chorus serve after SIGTERM: %v\n%s", err, c.stderr)
	}
}

func checkSecondServerRefused(t *testing.T, bin, dir string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	cmd.Env = append(os.Environ(), "CHORUS_MONGODB_URI=")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use by another chorus process") {
		t.Fatalf("second chorus serve on the same data dir: err %v, output:\n%s\nwant exit 1 with \"in use by another chorus process\"", err, out)
	}
}

// crashLoad submits new responses and records the acknowledged ids.
type crashLoad struct {
	mu    sync.Mutex
	acked map[string]bool
}

func (l *crashLoad) run(ctx context.Context, base *atomic.Value, worker int) {
	for i := 0; ctx.Err() == nil; i++ {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012d", worker, i)
		switch crashSubmit(base.Load().(string), id, i) {
		case http.StatusCreated, http.StatusOK:
			l.mu.Lock()
			l.acked[id] = true
			l.mu.Unlock()
		default: // killed mid-request, or 503: not acknowledged
			time.Sleep(20 * time.Millisecond)
		}
	}
}

var crashTeams = []string{"north-cmht", "south-cmht", "crisis-team", "early-intervention"}

// crashSubmit posts a demo response; every tenth one holds risk language.
func crashSubmit(base, id string, i int) int {
	comment := "Staff listened to me."
	if i%10 == 3 {
		comment = "I want to end my life every single day"
	}
	body := fmt.Sprintf(`{"id":%q,"team":%q,"language":"en","answers":{"role":"carer","fft":"good","listened":4,"good":%q}}`,
		id, crashTeams[i%len(crashTeams)], comment)
	c := http.Client{Timeout: 30 * time.Second}
	resp, err := c.Post(base+"/api/v1/public/surveys/quarterly-feedback/responses", "application/json", strings.NewReader(body))
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// checkStore opens the data directory after the server has stopped,
// without any recovery or rebuild, and compares the rollups with a recount
// and the alerts with the flagged comments.
func checkStore(t *testing.T, dir string, acked int) {
	t.Helper()
	ctx := context.Background()
	emb, err := store.StartEmbedded(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Close()
	st, err := store.Open(ctx, store.Options{URI: emb.URI(), Database: "chorus"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	bad, err := st.CheckRollups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("rollups differ from a recount of the stored responses: %v", bad)
	}
	n, err := st.CountResponses(ctx, store.ResponseFilter{})
	if err != nil || n < int64(acked) {
		t.Errorf("%d responses stored (%v), fewer than the %d acknowledged", n, err, acked)
	}
	flagged, err := st.Database().Collection("responses").CountDocuments(ctx, bson.M{"comments.risk_flag": true})
	if err != nil {
		t.Fatal(err)
	}
	alerts, err := st.Database().Collection("alerts").CountDocuments(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if alerts != flagged {
		t.Errorf("%d alerts for %d risk-flagged responses, want one each", alerts, flagged)
	}
}
