//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package main

import "io"

// terminalWidth reports false: on this system, progress is always plain
// log lines.
func terminalWidth(io.Writer) (int, bool) { return 0, false }
