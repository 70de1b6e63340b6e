//go:build !unix

package atomicfile

// SyncDir does nothing on systems other than Unix: Windows cannot open a
// directory for flushing, and its rename (MoveFileEx) is not made durable
// through the directory.
func SyncDir(string) error { return nil }
