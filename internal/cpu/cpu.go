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

// Capabilities of this CPU that the kernel tiers depend on. They are filled
// once at package initialisation and never change.
var (
	// X86AVX2FMA reports that the avx2 tier can run: AVX, AVX2, FMA3 and
	// F16C (the half-precision conversions of the 16-bit weight kernels;
	// every CPU with AVX2 has it).
	X86AVX2FMA bool
	// X86AVX512 reports that an avx512 tier could run: AVX512F, AVX512VL,
	// AVX512DQ and AVX512BW with the OS saving ZMM and opmask state, on top
	// of X86AVX2FMA.
	X86AVX512 bool
	// ARM64ASIMD reports Advanced SIMD (NEON) with floating point on arm64.
	ARM64ASIMD bool
)

func init() {
	c := &cpuid.CPU
	switch runtime.GOARCH {
	case "amd64":
		X86AVX2FMA = c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.F16C)
		X86AVX512 = X86AVX2FMA && c.Supports(cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512DQ, cpuid.AVX512BW)
	case "arm64":
		// ASIMD and FP are architectural on ARMv8-A; cpuid/v2 reads them
		// from the OS (HWCAP on Linux), so a kernel that hides them is
		// respected.
		ARM64ASIMD = c.Supports(cpuid.ASIMD, cpuid.FP)
	}
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
