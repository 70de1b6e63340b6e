package kernels

import "math"

// F16 is an IEEE 754 binary16 ("half precision") number: 1 sign bit, 5
// exponent bits (bias 15) and 10 fraction bits. Its finite range is
// ±65504, its smallest normal 2^-14 and its smallest subnormal 2^-24; it
// carries 11 significant bits, against float32's 24.
type F16 uint16

// BF16 is a bfloat16 number: the upper half of a float32 (1 sign bit, 8
// exponent bits, 7 fraction bits). It has float32's range and 8
// significant bits.
type BF16 uint16

// F32ToF16 rounds x to the nearest F16, ties to even. Values of magnitude
// 65520 or more (halfway between the largest finite F16, 65504, and the
// next power of two) round to an infinity of x's sign; values whose
// magnitude is below 2^-14 round to a subnormal F16 or to a zero of x's
// sign (2^-25 and less round to zero). Infinities stay infinities. A NaN
// stays a NaN with x's sign, quieted (the top fraction bit set) and keeping
// the top 10 fraction bits of its payload, as the x86 F16C and Arm FCVT
// instructions do.
func F32ToF16(x float32) F16 {
	b := math.Float32bits(x)
	sign := uint16(b>>16) & 0x8000
	a := b & 0x7fffffff
	switch {
	case a > 0x7f800000: // NaN
		return F16(sign | 0x7e00 | uint16(a>>13)&0x3ff)
	case a >= 0x38800000: // at least 2^-14: normal, or overflows
		// Rebias the exponent (127 -> 15) and round the fraction from 23
		// to 10 bits, ties to even; a carry out of the fraction moves to
		// the exponent, which is the right result.
		r := a - (112 << 23)
		r += 0xfff + (r>>13)&1
		r >>= 13
		if r >= 0x7c00 {
			r = 0x7c00 // overflow, or x was infinite
		}
		return F16(sign | uint16(r))
	case a <= 0x33000000: // at most 2^-25: zero after rounding
		return F16(sign)
	}
	// Subnormal result: x = m * 2^(e-150) with the implicit bit in m, and
	// the result counts units of 2^-24, so it is m >> (126-e), rounded to
	// nearest, ties to even. A result of 0x400 is the smallest normal.
	e := a >> 23
	m := a&0x7fffff | 0x800000
	s := 126 - e // 14..24
	r := m >> s
	rem := m & (1<<s - 1)
	half := uint32(1) << (s - 1)
	if rem > half || rem == half && r&1 == 1 {
		r++
	}
	return F16(sign | uint16(r))
}

// F16ToF32 returns h as a float32; every F16 is exactly representable, so
// the conversion is exact (a NaN keeps its sign and payload).
func F16ToF32(h F16) float32 {
	sign := uint32(h&0x8000) << 16
	a := uint32(h&0x7fff) << 13 // exponent and fraction, in float32's places
	switch {
	case a >= 0x7c00<<13: // infinity or NaN: exponent all ones
		return math.Float32frombits(sign | 0x7f800000 | a)
	case a >= 0x0400<<13: // normal: rebias the exponent (15 -> 127)
		return math.Float32frombits(sign | (a + 112<<23))
	}
	// Zero or subnormal, f * 2^-24: 2^-14 * (1 + f/1024) - 2^-14, exact.
	return math.Float32frombits(sign | math.Float32bits(math.Float32frombits(a+113<<23)-0x1p-14))
}

// F32ToBF16 rounds x to the nearest BF16, ties to even. Finite values of
// magnitude 0x1.ff8p127 or more round to an infinity of x's sign;
// subnormal float32 inputs round to subnormal BF16 values (no flushing to
// zero). Infinities stay infinities. A NaN stays a NaN with x's sign,
// quieted (the top fraction bit set) and keeping the top 7 fraction bits of
// its payload.
func F32ToBF16(x float32) BF16 {
	b := math.Float32bits(x)
	if b&0x7fffffff > 0x7f800000 {
		return BF16(b>>16 | 0x40)
	}
	b += 0x7fff + (b>>16)&1
	return BF16(b >> 16)
}

// BF16ToF32 returns h as a float32, exactly: the 16 bits of h followed by 16
// zero bits.
func BF16ToF32(h BF16) float32 { return math.Float32frombits(uint32(h) << 16) }

// ToF16 sets dst[i] = F32ToF16(src[i]). len(dst) must equal len(src).
func ToF16(dst []F16, src []float32) {
	if len(dst) != len(src) {
		panicLen2("ToF16", "dst", len(dst), "src", len(src))
	}
	for i, v := range src {
		dst[i] = F32ToF16(v)
	}
}

// FromF16 sets dst[i] = F16ToF32(src[i]). len(dst) must equal len(src).
func FromF16(dst []float32, src []F16) {
	if len(dst) != len(src) {
		panicLen2("FromF16", "dst", len(dst), "src", len(src))
	}
	for i, v := range src {
		dst[i] = F16ToF32(v)
	}
}

// ToBF16 sets dst[i] = F32ToBF16(src[i]). len(dst) must equal len(src).
func ToBF16(dst []BF16, src []float32) {
	if len(dst) != len(src) {
		panicLen2("ToBF16", "dst", len(dst), "src", len(src))
	}
	for i, v := range src {
		dst[i] = F32ToBF16(v)
	}
}

// FromBF16 sets dst[i] = BF16ToF32(src[i]). len(dst) must equal len(src).
func FromBF16(dst []float32, src []BF16) {
	if len(dst) != len(src) {
		panicLen2("FromBF16", "dst", len(dst), "src", len(src))
	}
	for i, v := range src {
		dst[i] = BF16ToF32(v)
	}
}

// MatVecF16 computes y = W*x, where W is a row-major len(y) x len(x) matrix
// of F16 values, so len(w) must be len(y)*len(x). Each weight is converted
// to float32 exactly and the products are summed in float32, so the result
// has MatVec's error bound for the converted matrix. y must not overlap x.
func MatVecF16(y []float32, w []F16, x []float32) {
	matVecRows("MatVecF16", y, w, x, false, cur.matVecF16)
}

// MatVecF16Add computes y += W*x, where W is a row-major len(y) x len(x)
// matrix of F16 values, as MatVecF16 does. y must not overlap x.
func MatVecF16Add(y []float32, w []F16, x []float32) {
	matVecRows("MatVecF16Add", y, w, x, true, cur.matVecF16)
}

// MatVecBF16 computes y = W*x, where W is a row-major len(y) x len(x) matrix
// of BF16 values, so len(w) must be len(y)*len(x). Each weight is converted
// to float32 exactly and the products are summed in float32, so the result
// has MatVec's error bound for the converted matrix. y must not overlap x.
func MatVecBF16(y []float32, w []BF16, x []float32) {
	matVecRows("MatVecBF16", y, w, x, false, cur.matVecBF16)
}

// MatVecBF16Add computes y += W*x, where W is a row-major len(y) x len(x)
// matrix of BF16 values, as MatVecBF16 does. y must not overlap x.
func MatVecBF16Add(y []float32, w []BF16, x []float32) {
	matVecRows("MatVecBF16Add", y, w, x, true, cur.matVecBF16)
}

// halfMinElems holds, per tier, the number of weights (F16, BF16) from
// which one step of a one-layer rnn model (H^2 + 65H weights in the
// matrices it multiplies) was measured faster with 16-bit matrices than
// with the same matrices widened to float32, on an Ice Lake server (1.25
// MiB L2 per core); docs/half-precision.md gives the command and the
// figures.
var halfMinElems = map[string][2]int{
	"avx2":   {60000, 45000},
	"avx512": {240000, 100000},
}

// HalfMinElems returns the smallest number of weights, summed over the
// matrices that a computation multiplies one after another (such as one
// step of a recurrent network), from which the tier in use multiplies them
// faster as F16 (bf16 false) or BF16 (bf16 true) matrices, with MatVecF16
// or MatVecBF16, than widened to float32, with MatVec. Below it the
// matrices sit in the caches, where widening each weight costs more than
// the bytes it saves. The values were measured on one CPU (see
// docs/half-precision.md); tiers that were not measured return 0.
func HalfMinElems(bf16 bool) int {
	v := halfMinElems[Implementation()]
	if bf16 {
		return v[1]
	}
	return v[0]
}
