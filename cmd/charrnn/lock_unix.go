//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockOutput takes the lock of a train run writing out (an exclusive flock
// on lockPath(out)) and returns the function that releases it, removing the
// lock file. It fails at once, naming out, if another run holds it.
func lockOutput(out string) (unlock func(), err error) {
	path := lockPath(out)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, badInput("cannot write %s: %v", out, err)
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, badInput("%s is being written by another charrnn train (it holds %s); wait for it to end or choose another -out", out, path)
			}
			return nil, fmt.Errorf("locking %s: %v", path, err)
		}
		// The holder removes the lock file when it ends: lock only the
		// file that is still at path, else start again.
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return func() {
				os.Remove(path)
				f.Close()
			}, nil
		}
		f.Close()
	}
}
