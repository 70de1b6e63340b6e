package cpu

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestDescribe(t *testing.T) {
	i := Describe()
	t.Logf("%s", i)
	t.Logf("avx2+fma=%v avx512=%v asimd=%v", X86AVX2FMA, X86AVX512, ARM64ASIMD)
	if i.Arch != runtime.GOARCH {
		t.Errorf("Arch = %q, want %q", i.Arch, runtime.GOARCH)
	}
	if !strings.Contains(i.String(), i.Brand) {
		t.Errorf("String() %q lacks the brand %q", i.String(), i.Brand)
	}
	if X86AVX512 && !X86AVX2FMA {
		t.Error("avx512 tier without avx2 tier: tiers must nest")
	}
	if runtime.GOARCH != "amd64" && (X86AVX2FMA || X86AVX512) {
		t.Error("x86 capability reported on", runtime.GOARCH)
	}
}

// TestAgainstProcCPUInfo checks the tier gates against an independent
// source, Linux's /proc/cpuinfo, whose flags list only what the CPU has and
// the kernel enabled. It is skipped elsewhere, and when /proc/cpuinfo
// describes another CPU than cpuid does (under qemu-user, which shows the
// host's file).
func TestAgainstProcCPUInfo(t *testing.T) {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo: %v", err)
	}
	fields := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			break // first processor only
		}
		k, v, ok := strings.Cut(line, ":")
		if ok {
			fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	has := func(list string, names ...string) bool {
		set := map[string]bool{}
		for _, f := range strings.Fields(list) {
			set[f] = true
		}
		for _, n := range names {
			if !set[n] {
				return false
			}
		}
		return true
	}
	switch runtime.GOARCH {
	case "amd64":
		flags, ok := fields["flags"]
		if !ok {
			t.Skip("/proc/cpuinfo has no x86 flags line")
		}
		if name := fields["model name"]; name != Describe().Brand && strings.TrimSpace(name) != "" {
			t.Skipf("/proc/cpuinfo describes %q, cpuid %q: an emulated CPU", name, Describe().Brand)
		}
		if want := has(flags, "avx", "avx2", "fma", "f16c"); X86AVX2FMA != want {
			t.Errorf("X86AVX2FMA = %v; /proc/cpuinfo has avx, avx2, fma and f16c: %v", X86AVX2FMA, want)
		}
		if want := has(flags, "avx", "avx2", "fma", "f16c", "avx512f", "avx512vl", "avx512dq", "avx512bw"); X86AVX512 != want {
			t.Errorf("X86AVX512 = %v; /proc/cpuinfo has avx2, fma, f16c and avx512f/vl/dq/bw: %v", X86AVX512, want)
		}
	case "arm64":
		feat, ok := fields["Features"]
		if !ok {
			t.Skip("/proc/cpuinfo has no arm64 Features line (qemu-user on another host?)")
		}
		if want := has(feat, "fp", "asimd"); ARM64ASIMD != want {
			t.Errorf("ARM64ASIMD = %v; /proc/cpuinfo has fp and asimd: %v", ARM64ASIMD, want)
		}
	default:
		t.Skipf("no tier gates on %s", runtime.GOARCH)
	}
}
