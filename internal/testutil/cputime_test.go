package testutil

import (
	"runtime"
	"testing"
	"time"
)

// TestThreadCPU checks that the thread's CPU time grows by about the time
// of a busy loop on a locked thread, and not by time spent asleep.
func TestThreadCPU(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0, ok := ThreadCPU()
	if !ok {
		if runtime.GOOS == "linux" {
			t.Fatal("ThreadCPU is not available on Linux")
		}
		t.Skip("thread CPU time is read on Linux only")
	}
	time.Sleep(50 * time.Millisecond)
	t1, _ := ThreadCPU()
	if d := t1 - t0; d < 0 || d > 20*time.Millisecond {
		t.Errorf("a 50 ms sleep took %v of thread CPU time", d)
	}
	// 10 ms of CPU time must show within a few seconds of busy work.
	x, start := 1.0, time.Now()
	for t2, _ := ThreadCPU(); ; {
		for range 1000 {
			x = x*1.0000001 + 1e-9
		}
		t3, _ := ThreadCPU()
		if t3-t2 >= 10*time.Millisecond {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("5 s of busy work took %v of thread CPU time", t3-t2)
		}
	}
	if x == 0 {
		t.Log(x)
	}
}
