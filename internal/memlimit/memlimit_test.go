package memlimit

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func write(t *testing.T, root, name, content string) {
	t.Helper()
	p := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLimits reads a fake /proc and /sys: each bound is found, and the
// tightest one wins.
func TestLimits(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("bounds are read on Linux only")
	}
	root := t.TempDir()
	write(t, root, "proc/meminfo", "MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:    8000000 kB\n")
	write(t, root, "proc/self/status", "Name:\tx\nVmPeak:\t  900000 kB\nVmSize:\t  100000 kB\n")
	write(t, root, "proc/self/cgroup", "4:memory:/jobs/a\n1:cpu:/\n0::/svc/b\n")
	// cgroup v1: the group has no limit (the kernel's maximum), its
	// parent has 6 GB with 1 GB in use.
	write(t, root, "sys/fs/cgroup/memory/jobs/a/memory.limit_in_bytes", "9223372036854771712\n")
	write(t, root, "sys/fs/cgroup/memory/jobs/a/memory.usage_in_bytes", "500\n")
	write(t, root, "sys/fs/cgroup/memory/jobs/memory.limit_in_bytes", "6000000000\n")
	write(t, root, "sys/fs/cgroup/memory/jobs/memory.usage_in_bytes", "1000000000\n")
	// cgroup v2: 3 GB, 0.5 GB in use; its parent has "max".
	write(t, root, "sys/fs/cgroup/svc/b/memory.max", "3000000000\n")
	write(t, root, "sys/fs/cgroup/svc/b/memory.current", "500000000\n")
	write(t, root, "sys/fs/cgroup/svc/memory.max", "max\n")

	ls := limits(root, 0)
	want := map[string]uint64{"MemAvailable": 8000000 * 1024, "memory/jobs/memory.limit_in_bytes": 5000000000, "svc/b/memory.max": 2500000000}
	if len(ls) != len(want) {
		t.Fatalf("limits %v, want %d", ls, len(want))
	}
	for _, l := range ls {
		found := false
		for k, v := range want {
			if strings.Contains(l.Source, k) {
				found = true
				if l.Bytes != v {
					t.Errorf("%s: %d bytes, want %d", l.Source, l.Bytes, v)
				}
			}
		}
		if !found {
			t.Errorf("unexpected limit %v", l)
		}
	}
	if l, ok := tightest(ls); !ok || l.Bytes != 2500000000 {
		t.Errorf("tightest %v, want the cgroup v2 one", l)
	}

	// RLIMIT_AS of 1 GiB less 100000 kB mapped.
	l, ok := tightest(limits(root, 1<<30))
	if want := uint64(1<<30 - 100000*1024); !ok || l.Bytes != want || !strings.Contains(l.Source, "RLIMIT_AS") {
		t.Errorf("with RLIMIT_AS: %v, want %d bytes from RLIMIT_AS", l, want)
	}
	// A limit already exceeded leaves nothing.
	if l, _ := tightest(limits(root, 1000)); l.Bytes != 0 {
		t.Errorf("RLIMIT_AS below the mapped size: %v, want 0", l)
	}
	// Nothing readable: no bound.
	if _, ok := tightest(limits(t.TempDir(), 0)); ok {
		t.Error("an empty root gave a bound")
	}
}

// TestAvailable checks the live machine: on Linux, MemAvailable at least.
func TestAvailable(t *testing.T) {
	l, ok := Available()
	if runtime.GOOS == "linux" && (!ok || l.Bytes == 0) {
		t.Errorf("Available() = %v, %v; want a bound on Linux", l, ok)
	}
	t.Logf("available: %v", l)
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1024: "1.00 KiB", 1536: "1.50 KiB", 10 << 20: "10.0 MiB", 200 << 30: "200 GiB", 1 << 63: "8.00 EiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
