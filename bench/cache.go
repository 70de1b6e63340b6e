package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// Caches returns this CPU's data cache sizes: what cpuid reports, with the
// sizes it does not know (common on arm64, whose cpuid has no cache leaf)
// read from Linux's /sys/devices/system/cpu/cpu0/cache when present.
func Caches() cpu.Cache {
	c := cpu.Describe().Cache
	if c.L1D > 0 && c.L2 > 0 && c.L3 > 0 {
		return c
	}
	s := sysfsCaches("/sys/devices/system/cpu/cpu0/cache")
	if c.L1D <= 0 {
		c.L1D = s.L1D
	}
	if c.L2 <= 0 {
		c.L2 = s.L2
	}
	if c.L3 <= 0 {
		c.L3 = s.L3
	}
	return c
}

// sysfsCaches reads the data and unified cache sizes below dir (index0,
// index1, ... each with level, type and size files); missing ones are -1.
func sysfsCaches(dir string) cpu.Cache {
	c := cpu.Cache{L1D: -1, L1I: -1, L2: -1, L3: -1}
	idx, _ := filepath.Glob(filepath.Join(dir, "index*"))
	for _, d := range idx {
		read := func(name string) string {
			b, err := os.ReadFile(filepath.Join(d, name))
			if err != nil {
				return ""
			}
			return strings.TrimSpace(string(b))
		}
		typ := read("type")
		if typ != "Data" && typ != "Unified" {
			continue
		}
		size := parseSize(read("size"))
		if size <= 0 {
			continue
		}
		switch read("level") {
		case "1":
			c.L1D = size
		case "2":
			c.L2 = size
		case "3":
			c.L3 = size
		}
	}
	return c
}

// parseSize parses sysfs sizes such as "32K", "1024K" or "32M".
func parseSize(s string) int {
	mult := 1
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n * mult
}
