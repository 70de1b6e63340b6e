package safetensors

import (
	"io"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
)

// WriteFileAtomic replaces the file at path with what write writes, so that
// path holds either its old content or the complete new content, never a
// mixture or a truncated file, even if the program crashes or is killed:
// write goes to a temporary file in the same directory, which is flushed to
// disk (fsync), closed, renamed over path, and the directory is then
// flushed so that the rename itself is durable. If anything fails, the
// temporary file is removed, path is left untouched, and the error is
// returned. The new file has permissions 0644. It is atomicfile.Write.
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	return atomicfile.Write(path, 0o644, write)
}
