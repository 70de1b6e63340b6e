//go:build unix

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCtrlC builds the program, sends it SIGINT (what Ctrl-C sends) during
// training, and checks that it saves a checkpoint that loads and resumes,
// and exits with status 130.
func TestCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program; skipped with -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "charrnn")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Skipf("cannot build the program here: %v\n%s", err, out)
	}
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
	if names := listDir(t, dir); len(names) != 4 {
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
