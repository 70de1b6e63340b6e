package memlimit

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// unlimited is the value above which a cgroup v1 limit means "no limit"
// (the kernel reports its page-rounded maximum, 2^63 - 4096 on 4 KiB pages).
const unlimited = 1 << 62

// rlimitAS returns RLIMIT_AS's soft limit, 0 if there is none.
func rlimitAS() uint64 {
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &r); err != nil || r.Cur == unix.RLIM_INFINITY {
		return 0
	}
	return r.Cur
}

// limits returns the bounds found under root (the file system root, or a
// test's fake one) and from an address-space limit as (0: none).
func limits(root string, as uint64) []Limit {
	var ls []Limit
	if kb, ok := procField(filepath.Join(root, "proc/meminfo"), "MemAvailable:"); ok {
		ls = append(ls, Limit{kb * 1024, "MemAvailable in /proc/meminfo"})
	}
	if as > 0 {
		used, _ := procField(filepath.Join(root, "proc/self/status"), "VmSize:")
		left := uint64(0)
		if as > used*1024 {
			left = as - used*1024
		}
		ls = append(ls, Limit{left, "RLIMIT_AS of " + FormatBytes(as) + " less the " + FormatBytes(used*1024) + " mapped"})
	}
	ls = append(ls, cgroupLimits(root)...)
	return ls
}

// procField returns the number (in kB) of the line starting with key in a
// /proc file.
func procField(path, key string) (uint64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			fields := strings.Fields(rest)
			if len(fields) == 0 {
				return 0, false
			}
			v, err := strconv.ParseUint(fields[0], 10, 64)
			return v, err == nil
		}
	}
	return 0, false
}

// readUint reads a cgroup file holding one number ("max" is no limit).
func readUint(path string) (uint64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return v, err == nil
}

// cgroupLimits returns the memory limits of the process's cgroup (v2 and
// v1) and of the groups above it, each less the group's usage.
func cgroupLimits(root string) []Limit {
	b, err := os.ReadFile(filepath.Join(root, "proc/self/cgroup"))
	if err != nil {
		return nil
	}
	var ls []Limit
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		// hierarchy-ID:controllers:path
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var mounts []string
		var limitFile, usageFile string
		switch {
		case parts[0] == "0" && parts[1] == "":
			mounts = []string{"sys/fs/cgroup", "sys/fs/cgroup/unified"}
			limitFile, usageFile = "memory.max", "memory.current"
		case hasController(parts[1], "memory"):
			mounts = []string{"sys/fs/cgroup/memory"}
			limitFile, usageFile = "memory.limit_in_bytes", "memory.usage_in_bytes"
		default:
			continue
		}
		for _, m := range mounts {
			// The group and every group above it, up to the mount.
			for p := filepath.Clean("/" + parts[2]); ; p = filepath.Dir(p) {
				dir := filepath.Join(root, m, p)
				if lim, ok := readUint(filepath.Join(dir, limitFile)); ok && lim < unlimited {
					used, _ := readUint(filepath.Join(dir, usageFile))
					left := uint64(0)
					if lim > used {
						left = lim - used
					}
					ls = append(ls, Limit{left, "cgroup limit of " + FormatBytes(lim) + " less the " + FormatBytes(used) + " in use, " + filepath.Join("/", m, p, limitFile)})
				}
				if p == "/" {
					break
				}
			}
		}
	}
	return ls
}

func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}
