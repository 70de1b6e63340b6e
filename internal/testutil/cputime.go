package testutil

import (
	"runtime"
	"testing"
)

// StartCPU locks the benchmark's goroutine to its thread and returns a
// function to call after the benchmark loop, which unlocks it and reports
// the thread CPU time per operation as cpu-ns/op (on Linux; elsewhere it
// reports nothing). Unlike ns/op, it leaves out the time other processes
// held the CPU, so on a shared machine its medians vary far less; caches
// shared with other processes still count.
func StartCPU(b *testing.B) func() {
	runtime.LockOSThread()
	t0, ok := ThreadCPU()
	return func() {
		t1, _ := ThreadCPU()
		runtime.UnlockOSThread()
		if ok && b.N > 0 {
			b.ReportMetric(float64(t1-t0)/float64(b.N), "cpu-ns/op")
		}
	}
}
