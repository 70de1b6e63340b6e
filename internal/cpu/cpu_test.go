package cpu

import (
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
