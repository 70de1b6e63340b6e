//go:build !linux

package testutil

import "testing"

// PageSlices needs mmap and mprotect; on other systems the test is skipped.
func PageSlices[T Elem](t testing.TB, n int) (endsAtGuard, startsAfterGuard []T) {
	t.Skip("guard pages are tested on Linux only")
	return nil, nil
}
