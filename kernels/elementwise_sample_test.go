package kernels_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// sampleInputs returns the float32 inputs that TestTanhExpSample checks. The
// exhaustive tests (all 2^32 patterns) take minutes natively and far too
// long under qemu, where CI runs the arm64 tiers; this sample, about 1.1
// million inputs, runs in seconds there. It is chosen as follows:
//
//   - every 2^13-th bit pattern, i<<13 for i < 2^19: both signs, every
//     exponent (NaNs and infinities included), 1024 mantissas per binade;
//   - the same patterns with a pseudo-random low 13 bits (i<<13 | h(i)), so
//     that low mantissa bits are exercised too;
//   - the special values: ±0, the smallest and largest subnormals, the
//     smallest normal, ±1, ±MaxFloat32, ±Inf, quiet and signalling NaNs of
//     both signs with several payloads;
//   - the 1024 float32 neighbours on each side of every threshold of the
//     two algorithms and of float32 itself, for both signs: exp's clamps
//     -104 and 89, its overflow (ln MaxFloat32), normal-underflow (ln
//     2^-126) and zero (ln 2^-149, ln 2^-150) thresholds, the range
//     reduction's half-way points ±ln2/2; tanh's branch point 0.625, its
//     clamp 9.5, the point where tanh rounds to 1 (about 9.0109), the
//     region where tanh(x) rounds to x (about 2^-12), and 0.
func sampleInputs() []float32 {
	var s []float32
	for i := uint32(0); i < 1<<19; i++ {
		s = append(s, math.Float32frombits(i<<13))
		h := (i * 2654435761) >> 19 // 13 pseudo-random bits
		s = append(s, math.Float32frombits(i<<13|h))
	}
	for _, b := range []uint32{0, 1, 0x007fffff, 0x00800000, 0x3f800000, 0x7f7fffff, 0x7f800000,
		0x7fc00000, 0x7fc00001, 0x7fffffff, 0x7f800001, 0x7fa5a5a5} {
		s = append(s, math.Float32frombits(b), math.Float32frombits(b|1<<31))
	}
	thresholds := []float64{-104, 89, math.Log(math.MaxFloat32), math.Log(0x1p-126), math.Log(0x1p-149),
		math.Log(0x1p-150), math.Ln2 / 2, 0.625, 9.5, 9.0109, 0x1p-12, 0}
	for _, th := range thresholds {
		for _, sign := range []float64{1, -1} {
			c := math.Float32bits(float32(sign * th))
			for d := int32(-1024); d <= 1024; d++ {
				b := uint32(int32(c) + d)
				if c&0x7fffffff == 0 { // around ±0: the tiny values of both signs
					b = uint32(math.Abs(float64(d))) | c&(1<<31)
				}
				s = append(s, math.Float32frombits(b))
			}
		}
	}
	return s
}

// TestTanhExpSample checks Tanh and Exp on sampleInputs in every tier,
// with the criteria of the exhaustive tests: Exp within 1 ULP of the
// correctly rounded float32(math.Exp(float64(x))) and exact where that is 0
// or +Inf; Tanh within 2 ULP of float32(math.Tanh(float64(x))), with the
// right sign, 1 only where the correctly rounded result is 1, and exactly
// odd; NaN for NaN; and every tier bit for bit equal to generic.
func TestTanhExpSample(t *testing.T) {
	src := sampleInputs()
	n := len(src)
	neg := make([]float32, n)
	for i, x := range src {
		neg[i] = -x
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(kernels.Use("generic"))
	twinExp, twinTanh := make([]float32, n), make([]float32, n)
	kernels.Exp(twinExp, src)
	kernels.Tanh(twinTanh, src)
	must(kernels.Use(""))
	wantExp, wantTanh := make([]float32, n), make([]float32, n)
	for i, x := range src {
		wantExp[i] = float32(math.Exp(float64(x)))
		wantTanh[i] = float32(math.Tanh(float64(x)))
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		impl := kernels.Implementation()
		dst, dneg := make([]float32, n), make([]float32, n)
		kernels.Exp(dst, src)
		var maxExp, maxTanh int64
		fails := 0
		fail := func(format string, args ...any) {
			if fails++; fails <= 20 {
				t.Errorf(format, args...)
			}
		}
		for i, x := range src {
			got, want := dst[i], wantExp[i]
			u := testutil.ULP(got, want)
			maxExp = max(maxExp, u)
			switch {
			case math.IsInf(float64(want), 1) || want == 0 || math.IsInf(float64(got), 1) || got == 0:
				if math.Float32bits(got) != math.Float32bits(want) {
					fail("Exp(%v) = %v, want %v exactly", x, got, want)
				}
			case u > 1:
				fail("Exp(%v) = %v, want %v (%d ULP)", x, got, want, u)
			}
			if !sameBits32(got, twinExp[i]) {
				fail("Exp(%v): %s gives %v (%#08x), generic %v (%#08x)", x, impl, got, math.Float32bits(got), twinExp[i], math.Float32bits(twinExp[i]))
			}
		}
		kernels.Tanh(dst, src)
		kernels.Tanh(dneg, neg)
		for i, x := range src {
			got, want := dst[i], wantTanh[i]
			u := testutil.ULP(got, want)
			maxTanh = max(maxTanh, u)
			switch {
			case u > 2:
				fail("Tanh(%v) = %v, want %v (%d ULP)", x, got, want, u)
			case want == want && math.Signbit(float64(got)) != math.Signbit(float64(want)):
				fail("Tanh(%v) = %v, want %v: wrong sign", x, got, want)
			case got == 1 && want != 1:
				fail("Tanh(%v) = 1, early saturation: correctly rounded %v", x, want)
			}
			if !sameBits32(dneg[i], -got) {
				fail("Tanh(%v) = %v but Tanh(%v) = %v: not odd", x, got, -x, dneg[i])
			}
			if !sameBits32(got, twinTanh[i]) {
				fail("Tanh(%v): %s gives %v (%#08x), generic %v (%#08x)", x, impl, got, math.Float32bits(got), twinTanh[i], math.Float32bits(twinTanh[i]))
			}
		}
		t.Logf("%s: %d sampled inputs; Exp max %d ULP, Tanh max %d ULP; %d failures", impl, n, maxExp, maxTanh, fails)
	})
}

// TestSigmoidSample checks Sigmoid on sampleInputs and the 1024 neighbours
// of its own thresholds (the points where the correctly rounded result
// becomes 1, about 17.33, and 1 - 2^-24, about 16.64; the points where
// sigmoid(-x) ≈ e^-x turns subnormal and rounds to 0) in every tier, with
// the criteria of TestSigmoidExhaustive: within 2 ULP of the correctly
// rounded float64 sigmoid, exactly 0 or 1 only where that is 0 or 1, NaN
// for NaN, and every tier bit for bit equal to generic. It runs in seconds
// under qemu, where the exhaustive test cannot.
func TestSigmoidSample(t *testing.T) {
	src := sampleInputs()
	for _, th := range []float64{25 * math.Ln2, 24 * math.Ln2, -math.Log(0x1p-126), -math.Log(0x1p-150)} {
		for _, sign := range []float64{1, -1} {
			c := math.Float32bits(float32(sign * th))
			for d := int32(-1024); d <= 1024; d++ {
				src = append(src, math.Float32frombits(uint32(int32(c)+d)))
			}
		}
	}
	n := len(src)
	twin := make([]float32, n)
	kernels.SigmoidGeneric(twin, src)
	want := make([]float32, n)
	for i, x := range src {
		want[i] = float32(sigmoid64(float64(x)))
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		impl := kernels.Implementation()
		dst := make([]float32, n)
		kernels.Sigmoid(dst, src)
		var maxU int64
		fails := 0
		fail := func(format string, args ...any) {
			if fails++; fails <= 20 {
				t.Errorf(format, args...)
			}
		}
		for i, x := range src {
			got, want := dst[i], want[i]
			u := testutil.ULP(got, want)
			maxU = max(maxU, u)
			switch {
			case u > 2:
				fail("Sigmoid(%v) = %v, want %v (%d ULP)", x, got, want, u)
			case (want == 0 || want == 1 || got == 0 || got == 1) && math.Float32bits(got) != math.Float32bits(want):
				fail("Sigmoid(%v) = %v, want %v exactly", x, got, want)
			}
			if !sameBits32(got, twin[i]) {
				fail("Sigmoid(%v): %s gives %v (%#08x), generic %v (%#08x)", x, impl, got, math.Float32bits(got), twin[i], math.Float32bits(twin[i]))
			}
		}
		t.Logf("%s: %d sampled inputs; max %d ULP; %d failures", impl, n, maxU, fails)
	})
}
