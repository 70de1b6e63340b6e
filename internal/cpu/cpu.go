// Package cpu is a thin layer over github.com/klauspost/cpuid/v2 that
// answers the two questions simdrnn asks of the processor: which kernel
// tiers can run here, and how to describe the machine in a benchmark report.
//
// Each tier is gated on exactly the instruction-set extensions its assembly
// executes, and on the operating system having enabled the register state
// those instructions need (cpuid/v2 checks XGETBV/OSXSAVE for AVX and
// AVX-512).
package cpu

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// The CPU features (cpuid/v2 names) each kernel tier is gated on. A tier
// can run when the CPU has all of them and the OS has enabled their register
// state.
var (
	// AVX2Features gate the amd64 avx2 tier (F16C for the 16-bit weight
	// kernels' conversions; every CPU with AVX2 has it).
	AVX2Features = []string{"AVX", "AVX2", "FMA3", "F16C"}
	// AVX512Features gate the amd64 avx512 tier, which also uses avx2's
	// kernels.
	AVX512Features = []string{"AVX", "AVX2", "FMA3", "F16C", "AVX512F", "AVX512VL", "AVX512DQ", "AVX512BW"}
	// NEONFeatures gate the arm64 neon tier.
	NEONFeatures = []string{"ASIMD", "FP"}
)

// Capabilities of this CPU that the kernel tiers depend on. They are filled
// once at package initialisation and never change.
var (
	// X86AVX2FMA reports that the avx2 tier can run: AVX2Features.
	X86AVX2FMA bool
	// X86AVX512 reports that the avx512 tier can run: AVX512Features
	// (AVX512F, VL, DQ and BW with the OS saving ZMM and opmask state).
	X86AVX512 bool
	// ARM64ASIMD reports Advanced SIMD (NEON) with floating point on arm64:
	// NEONFeatures.
	ARM64ASIMD bool
)

func init() {
	switch runtime.GOARCH {
	case "amd64":
		X86AVX2FMA = len(Missing(AVX2Features)) == 0
		X86AVX512 = len(Missing(AVX512Features)) == 0
	case "arm64":
		// ASIMD and FP are architectural on ARMv8-A; cpuid/v2 reads them
		// from the OS (HWCAP on Linux), so a kernel that hides them is
		// respected.
		ARM64ASIMD = len(Missing(NEONFeatures)) == 0
	}
}

// Missing returns the features of the list that this CPU (with its OS)
// does not support, in the list's order; an unknown name counts as
// missing. It returns nil when all are supported.
func Missing(features []string) []string {
	var miss []string
	for _, name := range features {
		id := cpuid.ParseFeature(name)
		if id == cpuid.UNKNOWN || !cpuid.CPU.Supports(id) {
			miss = append(miss, name)
		}
	}
	return miss
}

// Cache sizes in bytes; -1 when unknown.
type Cache struct {
	L1D, L1I, L2, L3 int
}

// Info describes this CPU for reports.
type Info struct {
	Brand    string   // marketing name, e.g. "AMD EPYC 9R14 96-Core Processor"
	Vendor   string   // e.g. "AMD", "Intel", "ARM"
	Family   int      // x86 family, or arm64 implementer-specific
	Model    int      // x86 model, or arm64 part number
	Arch     string   // runtime.GOARCH
	Level    int      // x86-64 micro-architecture level (1..4), 0 when not x86-64
	Cores    int      // physical cores, 0 when unknown
	Threads  int      // logical cores
	Cache    Cache    // data and instruction caches
	Features []string // every feature cpuid/v2 detects, sorted
	HzNom    int64    // nominal clock in Hz, 0 when unknown
}

// Describe returns what cpuid/v2 knows about this CPU.
func Describe() Info {
	c := &cpuid.CPU
	return Info{
		Brand:    strings.TrimSpace(c.BrandName),
		Vendor:   c.VendorID.String(),
		Family:   c.Family,
		Model:    c.Model,
		Arch:     runtime.GOARCH,
		Level:    c.X64Level(),
		Cores:    c.PhysicalCores,
		Threads:  c.LogicalCores,
		Cache:    Cache{L1D: c.Cache.L1D, L1I: c.Cache.L1I, L2: c.Cache.L2, L3: c.Cache.L3},
		Features: c.FeatureSet(),
		HzNom:    c.Hz,
	}
}

// String is a one-line summary, e.g.
// "AMD EPYC (family 25 model 1, amd64 x86-64-v3, L1d 32 KiB, L2 512 KiB, L3 32 MiB)".
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (family %d model %d, %s", i.Brand, i.Family, i.Model, i.Arch)
	if i.Level > 0 {
		fmt.Fprintf(&b, " x86-64-v%d", i.Level)
	}
	fmt.Fprintf(&b, ", L1d %s, L2 %s, L3 %s)", FormatSize(i.Cache.L1D), FormatSize(i.Cache.L2), FormatSize(i.Cache.L3))
	return b.String()
}

// FormatSize writes a cache size in bytes as "32 KiB" or "32 MiB" (whole
// mebibytes), or "?" when it is unknown (n <= 0).
func FormatSize(n int) string {
	switch {
	case n <= 0:
		return "?"
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	default:
		return fmt.Sprintf("%d KiB", n>>10)
	}
}
