package kernels

import "math"

// This file is the specification of the element-wise kernels: the pure-Go
// twins below run, operation for operation, the algorithms that the
// assembly tiers run eight lanes at a time, so that every tier returns the
// same bits (the exhaustive tests check this for Tanh and Exp).
//
// Notation: fma(a, b, c) is a*b+c with a single rounding (VFMADD on amd64,
// FMLA on arm64); every other operation is a single float32 operation
// rounded to nearest even. In Go, fma32 computes it, and every product that
// must NOT be fused is written float32(x*y), which the Go specification
// forbids the compiler to fuse (Go fuses x*y+z into FMA on arm64, ppc64 and
// s390x, not on amd64).
//
// The polynomial coefficients are minimax (Remez) fits computed in float64
// by asm/cmd/polyfit (`cd asm && go run ./cmd/polyfit` prints them, with
// their error bounds; its test checks that they are the constants below)
// and rounded to float32.

// fma32 returns x*y+z rounded once to float32 (up to the caveat below).
// The product of two float32 is exact in float64, so the float64 sum is
// the float64 fused multiply-add whether or not the compiler fuses it, and
// it needs no math.FMA (which on amd64 checks the CPU at every call). The
// sum is then rounded to float32; this double rounding differs from a
// single rounding only when the float64 sum lands exactly on a float32
// rounding boundary, which the exhaustive tests show never happens for
// these kernels' operands (every tier returns the same bits as this twin
// on all 2^32 inputs of Tanh and Exp).
func fma32(x, y, z float32) float32 {
	return float32(float64(x)*float64(y) + float64(z))
}

// ---------------------------------------------------------------------------
// exp
//
// Algorithm (x in float32; all constants are float32):
//
//  1. Range reduction, n = round(x / ln 2), r = x - n ln 2. Adding
//     1.5*2^23 + 127 rounds x*log2e to an integer (ties to even) and leaves
//     n+127 in k's low mantissa bits:
//     k = fma(x, log2e, 0x1.8p23 + 127)
//     n = k - (0x1.8p23 + 127)            (exact)
//     r = fma(n, -ln2Hi, x)               (exact: Cody-Waite, ln2Hi has 9 bits)
//     r = fma(n, -ln2Lo, r)               (|r| < ln2/2 + 1e-5)
//  2. Polynomial, e^r = 1 + r + r^2 P(r), P minimax of degree 4
//     (relative error of the float32-coefficient polynomial < 3.8e-9 = 2^-28):
//     q = fma(expC6, r, expC5); q = fma(q, r, expC4); q = fma(q, r, expC3)
//     q = fma(q, r, expC2)                (P(r))
//     q = fma(q, r, 1)                    (1 + r P(r))
//     p = fma(q, r, 1)                    (e^r, in [0.70, 1.42])
//  3. Scale by 2^n. Fast path, |x| <= 87 or NaN (n in [-126, 126]):
//     s = float32frombits(int32bits(k) << 23)   (2^n: the shift keeps n+127)
//     result = p * s
//     Otherwise (avx2 takes this path for all eight lanes of a vector when
//     any lane has |x| > 87; neon and avx512 always take it, avx512 with
//     VSCALEFPS rounding p * 2^n once; all give the same bits):
//     xc = min(max(x, expMin), expMax), and k, n, r, p from xc as above;
//     expMin = -104: e^-104 < 2^-150, so every x <= -104 gives exactly 0;
//     expMax = 89: e^89 > MaxFloat32, so every x >= 89 gives +Inf. Then 2^n
//     is applied in two exact halves so that n in [-150, 128] works and a
//     subnormal result is rounded only once:
//     ni = int32bits(k) - int32bits(0x1.8p23 + 127)   (= n)
//     n1 = ni >> 1 (arithmetic), n2 = ni - n1
//     s1 = float32frombits((n1+127) << 23), s2 likewise (both normal)
//     result = (p * s1) * s2              (p*s1 is exact; one rounding)
//
// Error: below 1 ULP for every float32 input, including subnormal results
// (which are computed accurately, not flushed): checked exhaustively against
// float32(math.Exp(float64(x))) by TestExpExhaustive.
const (
	expMin   = -104.0
	expMax   = 89.0
	expMag   = 0x1.8p23
	expMag2  = 0x1.8p23 + 127
	expFast  = 87.0
	log2e    = float32(1.44269504088896341)
	ln2Hi    = float32(0.693359375)    // 0x3f318000, 9 significant bits
	ln2Lo    = float32(-2.12194440e-4) // float32(ln 2 - ln2Hi)
	expBias  = 0x4b400000              // bits of float32(expMag)
	expBias2 = expBias + 127           // bits of float32(expMag2)
	expC2    = float32(0.49999994)     // 0x3efffffe
	expC3    = float32(0.16666521)     // 0x3e2aaa49
	expC4    = float32(0.04166839)     // 0x3d2aac79
	expC5    = float32(0.008368731)    // 0x3c091d00
	expC6    = float32(0.0013814571)   // 0x3ab51202
)

// expReduce performs steps 1 and 2 of the exp algorithm for tanh, with the
// magic constant 0x1.8p23 (so k's bits hold n, not n+127): it returns k, r
// and q = 1 + r P(r), so that e^xc = 2^n * (1 + r*q).
func expReduce(xc float32) (k, r, q float32) {
	k = fma32(xc, log2e, expMag)
	n := k - expMag
	r = fma32(n, -ln2Hi, xc)
	r = fma32(n, -ln2Lo, r)
	q = fma32(expC6, r, expC5)
	q = fma32(q, r, expC4)
	q = fma32(q, r, expC3)
	q = fma32(q, r, expC2)
	q = fma32(q, r, 1)
	return k, r, q
}

func exp32(x float32) float32 {
	ax := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
	if !(ax > expFast) { // NaN takes the fast path
		k, p := expPoly(x)
		s := math.Float32frombits(math.Float32bits(k) << 23)
		return p * s
	}
	xc := x
	if xc < expMin {
		xc = expMin
	}
	if xc > expMax {
		xc = expMax
	}
	k, p := expPoly(xc)
	ni := int32(math.Float32bits(k)) - expBias2
	n1 := ni >> 1
	n2 := ni - n1
	s1 := math.Float32frombits(uint32(n1+127) << 23)
	s2 := math.Float32frombits(uint32(n2+127) << 23)
	return float32(p*s1) * s2
}

// expPoly performs steps 1 and 2 of exp: k (whose bits hold n+127) and
// p = e^r.
func expPoly(x float32) (k, p float32) {
	k = fma32(x, log2e, expMag2)
	n := k - expMag2
	r := fma32(n, -ln2Hi, x)
	r = fma32(n, -ln2Lo, r)
	q := fma32(expC6, r, expC5)
	q = fma32(q, r, expC4)
	q = fma32(q, r, expC3)
	q = fma32(q, r, expC2)
	q = fma32(q, r, 1)
	return k, fma32(q, r, 1)
}

func expGeneric(dst, src []float32) {
	for i, v := range src {
		dst[i] = exp32(v)
	}
}

// ---------------------------------------------------------------------------
// tanh
//
// Algorithm: tanh is odd, so compute y = tanh(a) for a = |x| (the sign bit
// cleared) and return y with x's sign bit ORed back in: odd symmetry is
// exact, tanh(-0) = -0, and NaN stays NaN.
//
// Small a (a < tanhPolyMax = 0.625): an odd minimax polynomial,
// tanh(a) = a + a^3 T(a^2), T of degree 4 (relative error of the
// float32-coefficient polynomial < 8.6e-9 = 2^-26.8):
//
//	z = a*a
//	t = fma(tanhT4, z, tanhT3); t = fma(t, z, tanhT2); t = fma(t, z, tanhT1)
//	t = fma(t, z, tanhT0)                  (T(z))
//	w = z*t                                (a^2 T, in [-0.13, 0])
//	y = fma(a, w, a)
//
// Large a (a >= 0.625, and NaN): tanh(a) = 1 - 2/(e^(2a) + 1), with e^(2a)
// from the exp algorithm's steps 1-2 (with the magic constant 0x1.8p23,
// so that k's low bits hold n itself) and the "+ 1" folded into the final
// fused multiply-add so that e^(2a)+1 is rounded once:
//
//	ac = min(a, tanhMax)                   (tanh(9.5) rounds to 1; NaN stays)
//	d  = ac + ac                           (exact)
//	k, r, q = expReduce(d)                 (e^d = 2^n (1 + r q), n in 2..27)
//	s  = float32frombits((int32bits(k) - 0x4b400000 + 127) << 23)   (2^n)
//	sr = s*r                               (exact)
//	D  = fma(sr, q, s + 1)                 (e^d + 1; s+1 exact for n <= 23)
//	y  = 1 - 2/D
//
// Both branches are computed in vector code and the result selected per
// lane with a < 0.625 (false for NaN); the twin computes only the branch it
// needs, which gives the same bits.
//
// Error: at most 2 ULP from the correctly rounded result on every float32
// input, and no early saturation: 1 is returned only where
// float32(math.Tanh(x)) is 1. Measured over all inputs (TestTanhExhaustive):
// at most 1 ULP, for 0.17% of them. A priori: the polynomial branch's
// correction a^3 T is at most 13% of the result, so its few roundings cost
// under 0.5 ULP before the final one; in the exp branch t = 2/D <= 0.445
// carries D's and the division's ~2.4 * 2^-24 relative error, at most
// about 1.05 ULP of y at a = 0.625 and less above.
const (
	tanhPolyMax = float32(0.625)
	tanhMax     = float32(9.5)
	tanhT0      = float32(-0.3333328)    // 0xbeaaaa99
	tanhT1      = float32(0.13331442)    // 0x3e088393
	tanhT2      = float32(-0.053739715)  // 0xbd5c1e2d
	tanhT3      = float32(0.020639088)   // 0x3ca9134e
	tanhT4      = float32(-0.0057049873) // 0xbbbaf0e7
)

func tanh32(x float32) float32 {
	bits := math.Float32bits(x)
	a := math.Float32frombits(bits &^ (1 << 31))
	var y float32
	if a < tanhPolyMax {
		z := float32(a * a)
		t := fma32(tanhT4, z, tanhT3)
		t = fma32(t, z, tanhT2)
		t = fma32(t, z, tanhT1)
		t = fma32(t, z, tanhT0)
		w := float32(z * t)
		y = fma32(a, w, a)
	} else {
		ac := a
		if ac > tanhMax { // NaN compares false and stays NaN
			ac = tanhMax
		}
		d := ac + ac
		k, r, q := expReduce(d)
		s := math.Float32frombits(uint32(int32(math.Float32bits(k))-expBias+127) << 23)
		sr := float32(s * r)
		den := fma32(sr, q, s+1)
		y = 1 - 2/den
	}
	return math.Float32frombits(math.Float32bits(y) | bits&(1<<31))
}

func tanhGeneric(dst, src []float32) {
	for i, v := range src {
		dst[i] = tanh32(v)
	}
}

// tanhBackward: dst = dy * (1 - y*y), computed as dy * fma(-y, y, 1): the
// factor 1-y^2 is rounded once, the product once.
func tanhBackwardGeneric(dst, y, dy []float32) {
	for i := range dst {
		yi := y[i]
		dst[i] = dy[i] * fma32(-yi, yi, 1)
	}
}

// ---------------------------------------------------------------------------
// sigmoid
//
// Algorithm: with a = |x| (the sign bit cleared), compute z = sigmoid(-a) =
// e/(1+e), e = e^-a in (0, 1], to about 2^-40 relative before its final
// rounding, and return z for x with the sign bit set and 1 - z otherwise
// (sigmoid(x) = 1 - sigmoid(-x)). NaN stays NaN, sigmoid(±0) = 0.5,
// sigmoid(+Inf) = 1, sigmoid(-Inf) = 0, and results below 2^-126 are
// computed (they equal e^x to far below their precision), not flushed.
//
//  1. e = e^-a by the exp algorithm's general path (steps 1-3 of exp32 on
//     d = max(-a, expMin); no new polynomial), keeping the rounding error of
//     its last step p = fma(q, r, 1): pl = fma(q, r, 1 - p), with 1 - p
//     exact (p in [0.70, 1.42]), so p + pl = 1 + r q to about 2^-48.
//     e  = (p * s1) * s2,  el = (pl * s1) * s2   (e + el = e^-a to the
//     polynomial's 2^-28, rounding only where e is below 2^-102)
//  2. The quotient z = (e + el) / (1 + e + el), corrected once:
//     D  = 1 + e,  Dl = (1 - D) + e          (D + Dl = 1 + e exactly)
//     z0 = e / D
//     res = fma(-z0, D, e)                   (e - z0 D, exact)
//     h  = 1 - z0                            (1/(1+e) = 1 - z, to 2^-24)
//     c  = fma(-z0, Dl, res); c = fma(el, h, c)
//     (c = e+el - z0 (1+e+el) to 2^-24 of itself, so z = z0 + c h)
//  3. x negative (sign bit set):  y = fma(c, h, z0)
//     otherwise: 1 - z = h + (1 - h - z0) - c h:
//     hl = (1 - h) - z0                      (exact: 1 - z0 = h + hl)
//     y  = h + fma(-c, h, hl)
//
// Both results are computed in vector code and selected per lane by x's
// sign bit; the twin computes only the one it needs, which gives the same
// bits. The fused multiply-adds of steps 2-3 add terms of very different
// magnitudes (fma(c, h, z0): c h is about 2^-24 z0), so the twin computes
// them with fma32x, rounded once as the hardware does (fma32's double
// rounding gave a different result for one of the 2^32 inputs).
//
// Error: at most 2 ULP from the correctly rounded result on every float32
// input. Before its final rounding each result is within about 2^-28
// relative (the polynomial) of the exact one, so it is the correctly
// rounded result or its neighbour; TestSigmoidExhaustive measures it.

func sigmoid32(x float32) float32 {
	bits := math.Float32bits(x)
	d := -math.Float32frombits(bits &^ (1 << 31))
	if d < expMin { // NaN compares false and stays NaN
		d = expMin
	}
	k := fma32(d, log2e, expMag2)
	n := k - expMag2
	r := fma32(n, -ln2Hi, d)
	r = fma32(n, -ln2Lo, r)
	q := fma32(expC6, r, expC5)
	q = fma32(q, r, expC4)
	q = fma32(q, r, expC3)
	q = fma32(q, r, expC2)
	q = fma32(q, r, 1)
	p := fma32(q, r, 1)
	pl := fma32(q, r, 1-p)
	ni := int32(math.Float32bits(k)) - expBias2
	n1 := ni >> 1
	n2 := ni - n1
	s1 := math.Float32frombits(uint32(n1+127) << 23)
	s2 := math.Float32frombits(uint32(n2+127) << 23)
	e := float32(p*s1) * s2
	el := float32(pl*s1) * s2

	den := 1 + e
	dl := (1 - den) + e
	z0 := e / den
	res := fma32x(-z0, den, e)
	h := 1 - z0
	c := fma32x(-z0, dl, res)
	c = fma32x(el, h, c)
	if bits>>31 != 0 {
		return fma32x(c, h, z0)
	}
	hl := (1 - h) - z0
	return h + fma32x(-c, h, hl)
}

func sigmoidGeneric(dst, src []float32) {
	for i, v := range src {
		dst[i] = sigmoid32(v)
	}
}

// ---------------------------------------------------------------------------
// LSTM and GRU steps
//
// One pass over the units; every gate activation is sigmoid32 or tanh32
// (the bits of Sigmoid and Tanh), and the rest is the fixed sequence of
// float32 operations below, which the assembly tiers run lane for lane.
// s(1-s) and 1-t^2 are rounded once each: fma(-s, s, s), fma(-t, t, 1).
// Every fma is fma32x, rounded once as the hardware's.

// fma32x returns x*y+z rounded once to float32, always. The float64 sum
// s = p+z (p = x*y, exact in float64) rounds to float32 as the exact sum
// does unless s lies exactly on a float32 rounding midpoint (no midpoint,
// a float64, can lie strictly between the exact sum and its nearest float64
// s). So only then, or in float32's subnormal range, is s replaced by its
// rounding to odd (when inexact, the neighbour with an odd last bit on the
// side of the exact sum), which float32 rounds correctly (53 >= 24+2
// bits). The cell kernels and Sigmoid's corrected division use it because
// their operands have very different magnitudes, where fma32's plain
// double rounding can differ from the hardware's single rounding.
func fma32x(x, y, z float32) float32 {
	p := float64(x) * float64(y)
	s := p + float64(z)
	if math.Float64bits(s)&(1<<29-1) != 1<<28 && !(math.Abs(s) < 0x1p-126) {
		return float32(s) // not a midpoint of normal float32s
	}
	bb := s - p
	e := (p - (s - bb)) + (float64(z) - bb) // p + z - s exactly (TwoSum)
	if e != 0 && !math.IsInf(s, 0) && s == s {
		b := math.Float64bits(s)
		if b&1 == 0 {
			if (e > 0) == (s > 0) {
				b++
			} else {
				b--
			}
			s = math.Float64frombits(b)
		}
	}
	return float32(s)
}

// lstmForward, for j < len(c):
//
//	i, f, g, o = sigmoid(i), sigmoid(f), tanh(g), sigmoid(o)  (in place)
//	c = fma(f, cPrev, i*g)
//	h = o * tanh(c)
func lstmForwardGeneric(i, f, g, o, cPrev, c, h []float32) {
	for j := range c {
		ij, fj, gj, oj := sigmoid32(i[j]), sigmoid32(f[j]), tanh32(g[j]), sigmoid32(o[j])
		i[j], f[j], g[j], o[j] = ij, fj, gj, oj
		cj := fma32x(fj, cPrev[j], float32(ij*gj))
		c[j] = cj
		h[j] = oj * tanh32(cj)
	}
}

// lstmBackward, for j < len(c), with t = tanh(c) recomputed (tanh32):
//
//	dct = fma(dh*o, fma(-t, t, 1), dc)          (dL/dc_t)
//	do  = (dh*t)  * fma(-o, o, o)
//	di  = (dct*g) * fma(-i, i, i)
//	df  = (dct*cPrev) * fma(-f, f, f)
//	dg  = (dct*i) * fma(-g, g, 1)
//	dc  = dct * f                               (dL/dc_{t-1})
func lstmBackwardGeneric(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32) {
	for j := range c {
		ij, fj, gj, oj, dhj := i[j], f[j], g[j], o[j], dh[j]
		t := tanh32(c[j])
		dct := fma32x(float32(dhj*oj), fma32x(-t, t, 1), dc[j])
		dOut := float32(dhj*t) * fma32x(-oj, oj, oj)
		dIn := float32(dct*gj) * fma32x(-ij, ij, ij)
		dForget := float32(dct*cPrev[j]) * fma32x(-fj, fj, fj)
		dCand := float32(dct*ij) * fma32x(-gj, gj, 1)
		dc[j] = dct * fj
		di[j], df[j], dg[j], do[j] = dIn, dForget, dCand, dOut
	}
}

// gruForward, for j < len(h):
//
//	r = sigmoid(r + hr), z = sigmoid(z + hz)    (in place)
//	n = tanh(fma(r, hn, n))                     (in place)
//	h = fma(z, hPrev - n, n)                    ((1-z) n + z hPrev)
func gruForwardGeneric(r, z, n, hr, hz, hn, hPrev, h []float32) {
	for j := range h {
		rj := sigmoid32(r[j] + hr[j])
		zj := sigmoid32(z[j] + hz[j])
		nj := tanh32(fma32x(rj, hn[j], n[j]))
		r[j], z[j], n[j] = rj, zj, nj
		h[j] = fma32x(zj, hPrev[j]-nj, nj)
	}
}

// gruBackward, for j < len(dh):
//
//	dn  = (dh*(1-z)) * fma(-n, n, 1)            (dL/d(W_in x + b_in))
//	dz  = (dh*(hPrev-n)) * fma(-z, z, z)
//	dr  = (dn*hn) * fma(-r, r, r)
//	dhn = dn * r                                (dL/d(W_hn h + b_hn))
//	dhPrev = dh * z                             (the direct path only)
func gruBackwardGeneric(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32) {
	for j := range dh {
		rj, zj, nj, hnj, dhj := r[j], z[j], n[j], hn[j], dh[j]
		dnj := float32(dhj*(1-zj)) * fma32x(-nj, nj, 1)
		dzj := float32(dhj*(hPrev[j]-nj)) * fma32x(-zj, zj, zj)
		drj := float32(dnj*hnj) * fma32x(-rj, rj, rj)
		dhnj := dnj * rj
		dhPrev[j] = dhj * zj
		dr[j], dz[j], dn[j], dhn[j] = drj, dzj, dnj, dhnj
	}
}

// ---------------------------------------------------------------------------
// softmax and softmax cross-entropy
//
// Three passes, each a kernel of its own in the assembly tiers:
//
//  1. m = max(src)                      (exact in any order)
//  2. dst[i] = e_i = exp(src[i] - m), s = sum e_i, with exp as above. The
//     sum is accumulated in 8 lanes exactly as the vector code does:
//     element i < 8*floor(n/8) goes to lane i%8; for n >= 8 the last n%8
//     elements go to lanes 8-n%8 .. 7 (the vector code reads the last
//     8 elements as one overlapping vector and keeps only its new lanes),
//     for n < 8 element i goes to lane i. The lanes are then added as
//     (l0+l4 + l2+l6) + (l1+l5 + l3+l7).
//  3. dst[i] *= 1/s                     (1/s rounded once, each product once)
//
// A NaN in src makes every output NaN, and so does +Inf (Inf - Inf), as in
// exact arithmetic; -Inf gives an exact 0 unless every element is -Inf
// (then NaN).
//
// Error: each e_i is within 1 ULP of exp(float32(src[i]-m)); the rounding
// of src[i]-m adds |src[i]-m| * 2^-24 relative (0 when src[i] >= m/2),
// the sum n*2^-24 relative; tests check
// |dst[i] - p_i| <= (|src[i]-m| + n/8 + 8) * 2^-24 * p_i + 2^-149
// against a float64 reference p_i.

func maxGeneric(x []float32) float32 {
	m := x[0]
	for _, v := range x[1:] {
		if v > m || v != v {
			m = v
		}
	}
	return m
}

// expShiftSumGeneric sets dst[i] = exp(src[i] - m) and returns their sum,
// accumulated in the lane order described above.
func expShiftSumGeneric(dst, src []float32, m float32) float32 {
	var acc [8]float32
	n := len(src)
	full := n &^ 7
	for i := 0; i < full; i++ {
		e := exp32(src[i] - m)
		dst[i] = e
		acc[i&7] += e
	}
	for i := full; i < n; i++ {
		e := exp32(src[i] - m)
		dst[i] = e
		lane := i
		if n >= 8 {
			lane = i - n + 8
		}
		acc[lane] += e
	}
	return reduce8(&acc)
}

// reduce8 adds eight lanes in the order of the vector code's horizontal sum.
func reduce8(a *[8]float32) float32 {
	h0, h1, h2, h3 := a[0]+a[4], a[1]+a[5], a[2]+a[6], a[3]+a[7]
	return (h0 + h2) + (h1 + h3)
}

// softmax and softmax cross-entropy are composed in elementwise.go from
// maxGeneric, expShiftSumGeneric and scaleGeneric (or a tier's versions of
// them, which return the same bits): three passes, max, exp-and-sum, scale.

func xentLoss(s, lt float32) float32 {
	return float32(math.Log(float64(s)) - float64(lt))
}

// ---------------------------------------------------------------------------
// optimizers (one fused pass each; the vector code runs the same operations)

// adagrad:
//
//	mi = fma(g, g, m)
//	w  = w - (lr*g) / sqrt(mi + eps)
//
// Relative error of the update lr*g/sqrt(m+eps) against float64: below
// 4 * 2^-24 (four roundings: fma, add, sqrt, product, quotient — sqrt
// halves its argument's error).
func adagradGeneric(w, g, m []float32, lr, eps float32) {
	for i, gi := range g {
		mi := fma32(gi, gi, m[i])
		m[i] = mi
		u := float32(lr*gi) / sqrt32(mi+eps)
		w[i] -= u
	}
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) } // correctly rounded

// adam, with ob1 = 1-b1, ob2 = 1-b2, a = lr/c1 and b = 1/c2 computed once
// in float32 by Adam (adamCoefficients):
//
//	mi = fma(b1, m, (1-b1)*g)
//	vi = fma(b2, v, ((1-b2)*g)*g)
//	w  = w - (a*mi) / (sqrt(vi*b) + eps)
//
// Relative error of the update against float64 (with the same m, v, g):
// below 8 * 2^-24 (the coefficients a and b add one rounding each).
func adamGeneric(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32) {
	for i, gi := range g {
		mi := fma32(b1, m[i], float32(ob1*gi))
		vi := fma32(b2, v[i], float32(float32(ob2*gi)*gi))
		m[i], v[i] = mi, vi
		den := sqrt32(float32(vi*b)) + eps
		w[i] -= float32(a*mi) / den
	}
}

// momentum, with nlr = -lr:
//
//	vi = fma(mu, vel, -lr*g)
//	w  = w + vi
func momentumGeneric(w, g, vel []float32, nlr, mu float32) {
	for i, gi := range g {
		vi := fma32(mu, vel[i], float32(nlr*gi))
		vel[i] = vi
		w[i] += vi
	}
}

// clip: x = min(max(x, -c), c); NaN stays NaN.
func clipGeneric(x []float32, c float32) {
	for i, v := range x {
		if v > c {
			x[i] = c
		} else if v < -c {
			x[i] = -c
		}
	}
}

// sumSquares: the vector code sums in 32 lanes in another order; the
// result is within the float32 summation bound (n+1) * 2^-24 * sum x^2.
func sumSquaresGeneric(x []float32) float32 {
	var s float32
	for _, v := range x {
		s = fma32(v, v, s)
	}
	return s
}

func genericElementwise(f *funcs) {
	f.tanh = tanhGeneric
	f.tanhBackward = tanhBackwardGeneric
	f.sigmoid = sigmoidGeneric
	f.lstmForward = lstmForwardGeneric
	f.lstmBackward = lstmBackwardGeneric
	f.gruForward = gruForwardGeneric
	f.gruBackward = gruBackwardGeneric
	f.exp = expGeneric
	f.max = maxGeneric
	f.expShiftSum = expShiftSumGeneric
	f.adagrad = adagradGeneric
	f.adam = adamGeneric
	f.momentum = momentumGeneric
	f.clip = clipGeneric
	f.sumSquares = sumSquaresGeneric
}
