//go:build unix

package main

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/rnn"
)

// TestCtrlC builds the program, sends it SIGINT (what Ctrl-C sends) during
// training, and checks that it saves a checkpoint that loads and resumes,
// and exits with status 130.
func TestCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildProgram(t)
	data := writeTemp(t, dir, "data.txt", testText(3000))
	model := filepath.Join(dir, "m.safetensors")
	cmd := exec.Command(bin, "train", "-data", data, "-out", model, "-iters", "100000000", "-hidden", "8", "-seq", "10", "-sample-every", "100")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var out []string
	sent := false
	for sc.Scan() {
		out = append(out, sc.Text())
		if !sent && strings.Contains(sc.Text(), "sample at iteration") {
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			sent = true
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the program did not exit after SIGINT")
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit: %v, want status 130; output:\n%s", err, strings.Join(out, "\n"))
	}
	last := out[len(out)-1]
	if !strings.HasPrefix(last, "interrupted at iteration ") || !strings.Contains(last, "charrnn train -resume "+model) {
		t.Errorf("last line %q", last)
	}
	for _, p := range []string{model, statePath(model)} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	if names := listDir(t, dir); len(names) != 3 {
		t.Errorf("files: %v (a temporary file left?)", names)
	}
	var n int
	if _, err := fmt.Sscanf(last, "interrupted at iteration %d", &n); err != nil || n < 100 {
		t.Fatalf("last line %q: %v", last, err)
	}
	if code, out, errs := cli(t, "train", "-resume", model, "-iters", strconv.Itoa(n+20), "-sample-every", "0"); code != 0 || !strings.Contains(out, fmt.Sprintf("resuming at iteration %d", n)) {
		t.Errorf("resuming the saved checkpoint: status %d, %s%s", code, out, errs)
	}
}

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
)

// buildProgram builds the program once for all the tests that run it as a
// process, and returns its path.
func buildProgram(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "charrnn-test-")
		if err != nil {
			buildErr = err
			return
		}
		buildBin = filepath.Join(dir, "charrnn")
		if out, err := exec.Command("go", "build", "-o", buildBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("cannot build the program: %v", buildErr)
	}
	return buildBin
}

// TestMain removes the program built for the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildBin != "" {
		os.RemoveAll(filepath.Dir(buildBin))
	}
	os.Exit(code)
}

// startTrain starts the program training a model at dir/m.safetensors and
// returns the command, its output lines as they come, and a channel that
// receives the exit error.
func startTrain(t *testing.T, dir string, extra ...string) (*exec.Cmd, <-chan string, <-chan error) {
	t.Helper()
	data := filepath.Join(dir, "data.txt")
	if _, err := os.Stat(data); err != nil {
		writeTemp(t, dir, "data.txt", testText(3000))
	}
	args := append([]string{"train", "-data", data, "-out", filepath.Join(dir, "m.safetensors"), "-iters", "100000000", "-hidden", "256", "-seq", "10"}, extra...)
	cmd := exec.Command(buildProgram(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1000)
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		done <- cmd.Wait()
	}()
	return cmd, lines, done
}

// checkPair checks that dir holds a model and its training state that
// resume, and nothing else but the data, and returns the state's iteration.
func checkPair(t *testing.T, dir string) int {
	t.Helper()
	model := filepath.Join(dir, "m.safetensors")
	mb := mustRead(t, model)
	c, err := rnn.ParseCheckpoint(mb)
	if err != nil {
		t.Fatalf("the model: %v", err)
	}
	tr, _, _, err := loadState(stateOf(model, sha256hex(mb)), mb, c.Model)
	if err != nil {
		t.Fatalf("the state: %v", err)
	}
	return tr.Iter()
}

// TestSignalsAtRandomMoments sends SIGTERM or SIGINT at a random moment of
// a run, from before training starts to well into it, and a second signal
// 0-2 ms later (or none): the first always ends the run with status 130
// and either nothing saved (a signal before the first iteration) or a
// complete pair that resumes, whatever the second does; the directory
// holds nothing else. (A signal in the program's first milliseconds, before
// its handler is in place, kills it before it has written anything.)
func TestSignalsAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program 16 times; skipped with -short")
	}
	r := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	for i := range 16 {
		sig1, sig2 := syscall.SIGTERM, syscall.SIGTERM
		if i%2 == 1 {
			sig1, sig2 = syscall.SIGINT, syscall.SIGINT
		}
		delay := time.Duration(r.IntN(400)) * time.Millisecond
		gap := time.Duration(r.IntN(2001)) * time.Microsecond
		second := i%4 != 3
		name := fmt.Sprintf("%v+%v/%v/second=%v", sig1, delay, gap, second)
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cmd, lines, done := startTrain(t, dir, "-sample-every", "0")
			time.Sleep(delay)
			cmd.Process.Signal(sig1)
			if second {
				time.Sleep(gap)
				cmd.Process.Signal(sig2)
			}
			var out []string
			for l := range lines {
				out = append(out, l)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the program did not exit")
			}
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.ExitCode() == -1 && delay < 50*time.Millisecond {
				// The signal came before the program's handler was in
				// place (its first milliseconds): it had written nothing.
				if names := listDir(t, dir); len(names) != 1 {
					t.Errorf("killed by %v at start-up, the directory holds %v", sig1, names)
				}
				return
			}
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Fatalf("exit %v, want status 130; output:\n%s", err, strings.Join(out, "\n"))
			}
			last := ""
			if len(out) > 0 {
				last = out[len(out)-1]
			}
			switch {
			case strings.Contains(last, "nothing saved"):
				if names := listDir(t, dir); len(names) != 1 {
					t.Errorf("nothing saved, but the directory holds %v", names)
				}
			case strings.HasPrefix(last, "interrupted at iteration "):
				var n int
				fmt.Sscanf(last, "interrupted at iteration %d", &n)
				if got := checkPair(t, dir); got != n {
					t.Errorf("the saved state is at iteration %d, the program said %d", got, n)
				}
				if names := listDir(t, dir); len(names) != 3 {
					t.Errorf("files %v, want the data and the pair", names)
				}
			default:
				t.Errorf("last line %q", last)
			}
		})
	}
}

// TestKillLosesAtMostSaveEvery kills the program (SIGKILL, which it cannot
// catch) during training with -save-every 20: the pair on disk is from at
// most 20 iterations before, and resumes.
func TestKillLosesAtMostSaveEvery(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program; skipped with -short")
	}
	dir := t.TempDir()
	cmd, lines, done := startTrain(t, dir, "-sample-every", "20", "-save-every", "20", "-hidden", "16")
	killed := 0
	for l := range lines {
		var n int
		if _, err := fmt.Sscanf(l, "--- sample at iteration %d", &n); err == nil && n >= 200 && killed == 0 {
			cmd.Process.Kill()
			killed = n
		}
	}
	<-done
	if killed == 0 {
		t.Fatal("the program ended before iteration 200")
	}
	// The sample of iteration n is printed before its save.
	if got := checkPair(t, dir); got < killed-20 || got > killed {
		t.Errorf("killed at iteration %d, the saved pair is at iteration %d; want %d..%d", killed, got, killed-20, killed)
	}
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-resume", model, "-iters", strconv.Itoa(killed+20), "-sample-every", "0"); code != 0 {
		t.Errorf("resuming: %d %s", code, errs)
	}
	if names := listDir(t, dir); len(names) != 3 {
		t.Errorf("files %v after the resume, want the data and the pair", names)
	}
}

// TestHandleSignals: after the first signal cancels the run, further
// SIGTERMs and early SIGINTs are ignored; a SIGINT from the grace period
// on exits with status 130.
func TestHandleSignals(t *testing.T) {
	const grace = 100 * time.Millisecond
	sigs := make(chan os.Signal, 8)
	cancelled := make(chan struct{})
	exited := make(chan int, 1)
	var stderr syncBuffer
	go handleSignals(sigs, func() { close(cancelled) }, &stderr, func(c int) { exited <- c }, grace)
	sigs <- syscall.SIGTERM
	<-cancelled
	start := time.Now()
	sigs <- syscall.SIGTERM
	sigs <- os.Interrupt
	time.Sleep(grace)
	sigs <- syscall.SIGTERM
	select {
	case c := <-exited:
		t.Fatalf("exited with %d %v after the first signal; want the save to finish", c, time.Since(start))
	case <-time.After(grace / 2):
	}
	sigs <- os.Interrupt
	select {
	case c := <-exited:
		if c != exitInterrupted {
			t.Errorf("status %d, want %d", c, exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a Ctrl-C after the grace period did not exit")
	}
	if got := strings.Count(stderr.String(), "finishing the save first"); got != 3 {
		t.Errorf("%d messages about finishing the save, want 3:\n%s", got, stderr.String())
	}
}

// syncBuffer is a strings.Builder safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
