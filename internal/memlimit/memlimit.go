// Package memlimit reports how much memory the process can still allocate,
// so that a program can refuse a job that would not fit with a clear
// message instead of dying half-way in the runtime's "out of memory".
//
// On Linux the bounds are the machine's available memory (MemAvailable in
// /proc/meminfo), the memory limit of the process's control group and of
// each group above it, less what the group already uses (cgroup v2
// memory.max and memory.current, cgroup v1 memory.limit_in_bytes and
// memory.usage_in_bytes), and the address-space limit RLIMIT_AS less the
// process's current address space (VmSize in /proc/self/status). Elsewhere
// no bound is known.
package memlimit

import "fmt"

// Limit is one bound on the memory the process can still allocate.
type Limit struct {
	Bytes  uint64 // what is left below the bound
	Source string // where the bound comes from, e.g. "RLIMIT_AS"
}

// String formats the limit as "1.5 GiB (MemAvailable in /proc/meminfo)".
func (l Limit) String() string {
	return fmt.Sprintf("%s (%s)", FormatBytes(l.Bytes), l.Source)
}

// Available returns the tightest bound on the memory the process can still
// allocate; ok is false if no bound is known.
func Available() (l Limit, ok bool) {
	return tightest(limits("/", rlimitAS()))
}

func tightest(ls []Limit) (Limit, bool) {
	if len(ls) == 0 {
		return Limit{}, false
	}
	best := ls[0]
	for _, l := range ls[1:] {
		if l.Bytes < best.Bytes {
			best = l
		}
	}
	return best, true
}

// FormatBytes formats a size in bytes with a binary unit, to 3 significant
// digits: "512 B", "1.50 KiB", "3.20 GiB".
func FormatBytes(n uint64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	v := float64(n)
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := -1
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, units[i])
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, units[i])
	}
	return fmt.Sprintf("%.2f %s", v, units[i])
}
