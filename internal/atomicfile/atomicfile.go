// Package atomicfile replaces files atomically: after a crash, power loss or
// failed write, a path holds either its old content or the complete new
// content, never a truncated or mixed file.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile replaces the file at path with data, atomically: data goes to a
// temporary file in the same directory, which is flushed to disk (fsync),
// given the permissions perm (exactly, not filtered by the umask), closed
// and renamed over path; the directory is then flushed so that the rename
// itself is durable. If any step fails, the temporary file is removed, path
// keeps its old content, and the error, which names path, is returned.
// A path that exists and is not a regular file is an error.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write is WriteFile for content produced by a function: write writes the
// new content to the temporary file, and an error it returns aborts the
// replacement (path is left untouched) and is returned wrapped.
func Write(path string, perm os.FileMode, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return fmt.Errorf("writing %s: not a file name", path)
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("writing %s: exists and is not a regular file", path)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	name := tmp.Name()
	closed, renamed := false, false
	defer func() {
		if err != nil && !renamed {
			if !closed {
				tmp.Close()
			}
			os.Remove(name)
		}
	}()
	if err = write(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	closed = true
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	renamed = true
	// The new content is in place: from here on the temporary file no
	// longer exists, and an error only means the rename may not survive a
	// crash.
	if serr := SyncDir(dir); serr != nil {
		return fmt.Errorf("writing %s: %w", path, serr)
	}
	return nil
}
