package kernels_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
)

// TestEnvOverride runs this test binary again with SIMDRNN_KERNELS set and
// checks the tier the child chose at start-up, and the message it printed.
func TestEnvOverride(t *testing.T) {
	if os.Getenv("SIMDRNN_TEST_CHILD") == "1" {
		fmt.Printf("impls=%v\nchosen=%s\n", kernels.Implementations(), kernels.Implementation())
		return
	}
	best := kernels.Implementations()[0]
	cases := []struct {
		env, want, stderr string
	}{
		{"generic", "generic", ""},
		{best, best, ""},
		{"", best, ""},
		{"nonesuch", best, `SIMDRNN_KERNELS="nonesuch" ignored`},
	}
	for _, c := range cases {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvOverride$")
		cmd.Env = append(os.Environ(), "SIMDRNN_TEST_CHILD=1", "SIMDRNN_KERNELS="+c.env)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if errors.Is(err, syscall.ENOEXEC) || errors.Is(err, exec.ErrNotFound) {
			t.Skipf("cannot re-run the test binary here (%v)", err)
		}
		if err != nil {
			t.Fatalf("SIMDRNN_KERNELS=%q: %v\n%s", c.env, err, stderr.String())
		}
		if !strings.Contains(string(out), fmt.Sprintf("impls=%v\n", kernels.Implementations())) {
			// Under user-mode emulation (qemu -cpu X) the child runs on
			// the host CPU, which offers other tiers.
			t.Skipf("the child sees another CPU (%q): running under an emulator?", out)
		}
		if !strings.Contains(string(out), "chosen="+c.want+"\n") {
			t.Errorf("SIMDRNN_KERNELS=%q: child says %q, want chosen=%s", c.env, out, c.want)
		}
		if c.stderr != "" && !strings.Contains(stderr.String(), c.stderr) {
			t.Errorf("SIMDRNN_KERNELS=%q: stderr %q lacks %q", c.env, stderr.String(), c.stderr)
		}
		if c.stderr == "" && stderr.Len() != 0 {
			t.Errorf("SIMDRNN_KERNELS=%q: unexpected stderr %q", c.env, stderr.String())
		}
	}
}
