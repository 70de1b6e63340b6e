//go:build !unix

package safetensors

// isUnsupported reports true: systems other than Unix (Windows) cannot
// fsync a directory, and an error doing so is not a failure of the write.
func isUnsupported(error) bool { return true }
