//go:build !unix

package atomicfile

// syncDir does nothing on systems other than Unix: Windows cannot open a
// directory for flushing, and its rename (MoveFileEx) is not made durable
// through the directory.
func syncDir(string) error { return nil }
