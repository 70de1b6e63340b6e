//go:build !linux

package testutil

import "testing"

// PageSlices16 needs mmap and mprotect; on other systems the test is
// skipped.
func PageSlices16[T ~uint16](t testing.TB, n int) (endsAtGuard, startsAfterGuard []T) {
	t.Skip("guard pages are tested on Linux only")
	return nil, nil
}
