//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// SyncDir flushes the directory dir, making a rename in it durable. Every
// error is returned except EINVAL from the fsync itself, which some file
// systems (and some FUSE and network ones) return because they do not
// support fsync on a directory; there is nothing more to flush on those.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, syscall.EINVAL) {
		err = nil
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
