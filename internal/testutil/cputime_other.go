//go:build !linux

package testutil

import "time"

// ThreadCPU returns 0 and false: thread CPU time is read on Linux only.
func ThreadCPU() (time.Duration, bool) { return 0, false }
