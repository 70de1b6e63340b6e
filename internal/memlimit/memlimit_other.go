//go:build !linux

package memlimit

func rlimitAS() uint64 { return 0 }

// limits finds no bound outside Linux.
func limits(string, uint64) []Limit { return nil }
