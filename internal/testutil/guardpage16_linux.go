//go:build linux

package testutil

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// PageSlices16 is PageSlices for 16-bit elements: two slices of n values,
// the first ending exactly where an inaccessible page begins, the second
// starting exactly where one ends.
func PageSlices16[T ~uint16](t testing.TB, n int) (endsAtGuard, startsAfterGuard []T) {
	t.Helper()
	ps := unix.Getpagesize()
	bytes := (n*2 + ps - 1) / ps * ps
	total := 2*bytes + 2*ps
	mem, err := unix.Mmap(-1, 0, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	if err := unix.Mprotect(mem[bytes:bytes+ps], unix.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	if err := unix.Mprotect(mem[2*bytes+ps:], unix.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	if n == 0 {
		return []T{}, []T{}
	}
	a := unsafe.Slice((*T)(unsafe.Pointer(&mem[bytes-n*2])), n)
	b := unsafe.Slice((*T)(unsafe.Pointer(&mem[bytes+ps])), n)
	return a, b
}
