package kernels_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// The element-wise assembly tiers run their generic twins' algorithms
// operation for operation (see elementwise_generic.go), so they must return
// the same bits. These tests compare every tier with generic at every size
// of testutil.Sizes, at unaligned offsets, between guard values, in place
// where that is allowed, and on special values. (The accuracy of the
// algorithms themselves, against float64 references, is tested elsewhere:
// exhaustively for Tanh and Exp, and on a dense sample by TestTanhExpSample,
// which also runs under emulation.)

// sameBits32 reports whether a and b have the same bits, or are both NaN.
func sameBits32(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

// specialsFor returns values that every element-wise input sometimes holds.
var elemSpecials = []float32{0, float32(math.Copysign(0, -1)), 1, -1, 0x1p-149, -0x1p-149, 0x1p-126,
	math.MaxFloat32, -math.MaxFloat32, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
	0.625, -0.625, 9.5, -9.5, 89, -104, 88.72284, -87.33655, -103.97208}

// genRange returns inputs uniform in [lo, hi), with a special value at
// about one position in 16 when specials is set.
func genRange(r *rand.Rand, lo, hi float64, specials bool) func(int) float32 {
	return func(int) float32 {
		if specials && r.IntN(16) == 0 {
			return elemSpecials[r.IntN(len(elemSpecials))]
		}
		return float32(lo + (hi-lo)*r.Float64())
	}
}

// elemCase is one element-wise kernel call: run computes with the tier in
// use on the buffers, which hold the same initial values for every tier.
type elemCase struct {
	name string
	bufs []func(r *rand.Rand) func(int) float32 // generators, one per slice
	run  func(s [][]float32) []float32          // returns extra results (e.g. a sum)
	// inPlace, if set, aliases slice inPlace[0] to slice inPlace[1].
	inPlace []int
	// updateTol, if set, lets the output slice updateTol.k differ from
	// generic's: |got - ref| <= rel*|ref - before| + 2^-23*|ref|, for a tier
	// documented as not bit-identical there (avx2 Adagrad uses a
	// reciprocal square root estimate with one Newton step).
	updateTol *struct {
		k   int
		rel float64
	}
	// zeroSign, if set, treats -0 and +0 as equal (avx2 Clip with c = 0
	// returns +0 where the twin keeps or returns -0).
	zeroSign bool
}

func elemCases() []elemCase {
	u := func(lo, hi float64) func(r *rand.Rand) func(int) float32 {
		return func(r *rand.Rand) func(int) float32 { return genRange(r, lo, hi, true) }
	}
	pos := func(hi float64) func(r *rand.Rand) func(int) float32 {
		return func(r *rand.Rand) func(int) float32 { return genRange(r, 0, hi, false) }
	}
	fin := func(lo, hi float64) func(r *rand.Rand) func(int) float32 {
		return func(r *rand.Rand) func(int) float32 { return genRange(r, lo, hi, false) }
	}
	none := func(s [][]float32) []float32 { return nil }
	_ = none
	return []elemCase{
		{"Tanh", []func(*rand.Rand) func(int) float32{u(-1, 1), u(-12, 12)}, func(s [][]float32) []float32 { kernels.Tanh(s[0], s[1]); return nil }, nil, nil, false},
		{"Tanh/inplace", []func(*rand.Rand) func(int) float32{u(-12, 12), u(-12, 12)}, func(s [][]float32) []float32 { kernels.Tanh(s[0], s[1]); return nil }, []int{0, 1}, nil, false},
		{"Exp", []func(*rand.Rand) func(int) float32{u(-1, 1), u(-110, 95)}, func(s [][]float32) []float32 { kernels.Exp(s[0], s[1]); return nil }, nil, nil, false},
		{"Exp/inplace", []func(*rand.Rand) func(int) float32{u(-1, 1), u(-110, 95)}, func(s [][]float32) []float32 { kernels.Exp(s[0], s[1]); return nil }, []int{0, 1}, nil, false},
		{"Sigmoid", []func(*rand.Rand) func(int) float32{u(-1, 1), u(-110, 30)}, func(s [][]float32) []float32 { kernels.Sigmoid(s[0], s[1]); return nil }, nil, nil, false},
		{"Sigmoid/inplace", []func(*rand.Rand) func(int) float32{u(-1, 1), u(-20, 20)}, func(s [][]float32) []float32 { kernels.Sigmoid(s[0], s[1]); return nil }, []int{0, 1}, nil, false},
		{"TanhBackward", []func(*rand.Rand) func(int) float32{u(-1, 1), fin(-1, 1), u(-3, 3)}, func(s [][]float32) []float32 { kernels.TanhBackward(s[0], s[1], s[2]); return nil }, nil, nil, false},
		{"TanhBackward/inplace", []func(*rand.Rand) func(int) float32{u(-1, 1), fin(-1, 1), u(-3, 3)}, func(s [][]float32) []float32 { kernels.TanhBackward(s[0], s[1], s[2]); return nil }, []int{0, 2}, nil, false},
		{"Softmax", []func(*rand.Rand) func(int) float32{u(-1, 1), fin(-30, 30)}, func(s [][]float32) []float32 { kernels.Softmax(s[0], s[1]); return nil }, nil, nil, false},
		{"Softmax/specials", []func(*rand.Rand) func(int) float32{u(-1, 1), u(-30, 30)}, func(s [][]float32) []float32 { kernels.Softmax(s[0], s[1]); return nil }, nil, nil, false},
		{"Softmax/inplace", []func(*rand.Rand) func(int) float32{u(-1, 1), fin(-120, 120)}, func(s [][]float32) []float32 { kernels.Softmax(s[0], s[1]); return nil }, []int{0, 1}, nil, false},
		{"SoftmaxCrossEntropy", []func(*rand.Rand) func(int) float32{u(-1, 1), fin(-30, 30)}, func(s [][]float32) []float32 {
			if len(s[1]) == 0 {
				return nil
			}
			return []float32{kernels.SoftmaxCrossEntropy(s[0], s[1], len(s[1])*5/7)}
		}, nil, nil, false},
		{"SoftmaxCrossEntropy/inplace", []func(*rand.Rand) func(int) float32{u(-1, 1), fin(-30, 30)}, func(s [][]float32) []float32 {
			if len(s[1]) == 0 {
				return nil
			}
			return []float32{kernels.SoftmaxCrossEntropy(s[0], s[1], len(s[1])/3)}
		}, []int{0, 1}, nil, false},
		{"Adagrad", []func(*rand.Rand) func(int) float32{fin(-1, 1), fin(-0.5, 0.5), pos(2)}, func(s [][]float32) []float32 { kernels.Adagrad(s[0], s[1], s[2], 0.1, 1e-8); return nil }, nil,
			&struct {
				k   int
				rel float64
			}{0, 0x1p-21}, false},
		{"Adam", []func(*rand.Rand) func(int) float32{fin(-1, 1), fin(-0.5, 0.5), fin(-0.1, 0.1), pos(0.05)}, func(s [][]float32) []float32 {
			kernels.Adam(s[0], s[1], s[2], s[3], 1e-3, 0.9, 0.999, 1e-8, 7)
			return nil
		}, nil, nil, false},
		{"SGDMomentum", []func(*rand.Rand) func(int) float32{fin(-1, 1), fin(-0.5, 0.5), fin(-0.1, 0.1)}, func(s [][]float32) []float32 { kernels.SGDMomentum(s[0], s[1], s[2], 0.01, 0.9); return nil }, nil, nil, false},
		{"Clip", []func(*rand.Rand) func(int) float32{u(-8, 8)}, func(s [][]float32) []float32 { kernels.Clip(s[0], 5); return nil }, nil, nil, true},
		{"Clip/0", []func(*rand.Rand) func(int) float32{u(-8, 8)}, func(s [][]float32) []float32 { kernels.Clip(s[0], 0); return nil }, nil, nil, true},
	}
}

func TestElementwiseTiersAgree(t *testing.T) {
	impls := kernels.Implementations()
	if len(impls) < 2 {
		t.Skipf("only %v on this CPU: nothing to compare", impls)
	}
	defer kernels.Use("")
	for _, c := range elemCases() {
		for _, n := range testutil.Sizes() {
			for _, off := range []int{0, 1, 3} {
				var ref [][]float32
				var refExtra []float32
				for _, impl := range slices.Backward(impls) { // generic first
					if err := kernels.Use(impl); err != nil {
						t.Fatal(err)
					}
					r := testutil.Rand(n, off, len(c.name))
					bufs := make([]*testutil.Buf[float32], len(c.bufs))
					s := make([][]float32, len(c.bufs))
					for k, g := range c.bufs {
						bufs[k] = testutil.NewBuf[float32](n, (off+5*k)%16).Fill(g(r))
						s[k] = bufs[k].S()
					}
					if c.inPlace != nil {
						s[c.inPlace[0]] = s[c.inPlace[1]]
					}
					before := make([][]float32, len(bufs))
					for k, b := range bufs {
						before[k] = b.Copy()
					}
					extra := c.run(s)
					out := make([][]float32, len(bufs))
					for k, b := range bufs {
						b.CheckGuards(t, c.name)
						out[k] = b.Copy()
					}
					if impl == "generic" {
						ref, refExtra = out, extra
						continue
					}
					for k := range out {
						for i := range out[k] {
							if u := c.updateTol; u != nil && u.k == k {
								got, want := float64(out[k][i]), float64(ref[k][i])
								if math.Abs(got-want) > u.rel*math.Abs(want-float64(before[k][i]))+0x1p-23*math.Abs(want) {
									t.Fatalf("%s n=%d off=%d: %s gives slice %d [%d] = %v, generic %v: the update differs by more than %g relative",
										c.name, n, off, impl, k, i, got, want, u.rel)
								}
								continue
							}
							if c.zeroSign && out[k][i] == 0 && ref[k][i] == 0 {
								continue
							}
							if !sameBits32(out[k][i], ref[k][i]) {
								t.Fatalf("%s n=%d off=%d: %s gives slice %d [%d] = %v (%#08x), generic %v (%#08x)",
									c.name, n, off, impl, k, i, out[k][i], math.Float32bits(out[k][i]), ref[k][i], math.Float32bits(ref[k][i]))
							}
						}
					}
					for i := range extra {
						if !sameBits32(extra[i], refExtra[i]) {
							t.Fatalf("%s n=%d off=%d: %s returns %v, generic %v", c.name, n, off, impl, extra[i], refExtra[i])
						}
					}
				}
			}
		}
	}
}

// TestSumSquaresTiers checks SumSquares in every tier against a float64
// reference, within the float32 summation bound: the tiers sum in
// different orders, so they need not agree to the bit.
func TestSumSquaresTiers(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range []int{0, 1, 3} {
				for _, exact := range []bool{true, false} {
					r := testutil.Rand(n, off)
					gen := testutil.Uniform(r)
					if exact {
						gen = testutil.SmallInts(r, 8)
					}
					b := testutil.NewBuf[float32](n, off).Fill(gen)
					x0 := b.Copy()
					got := kernels.SumSquares(b.S())
					want, sa := dotRef(x0, x0)
					bound := testutil.SumBound(n, sa)
					if exact {
						bound = 0
					}
					if !testutil.Close(got, want, bound) {
						t.Fatalf("n=%d off=%d exact=%v: SumSquares = %v, want %v (bound %g)", n, off, exact, got, want, bound)
					}
					b.Unchanged(t, "x", x0)
				}
			}
		}
	})
}

// TestElementwiseGuardPagesTails runs the element-wise kernels on slices
// that end at, or start right after, an inaccessible page, at every length
// up to 17 (every tail of the 4- and 8-element loops, and the padded path of
// Softmax below 8 elements) and a few longer ones.
func TestElementwiseGuardPagesTails(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 33, 100} {
			a1, a2 := testutil.PageSlices[float32](t, n)
			b1, b2 := testutil.PageSlices[float32](t, n)
			c1, c2 := testutil.PageSlices[float32](t, n)
			d1, d2 := testutil.PageSlices[float32](t, n)
			for _, s := range [][4][]float32{{a1, b1, c1, d1}, {a2, b2, c2, d2}} {
				for i := range n {
					s[0][i], s[1][i], s[2][i], s[3][i] = 0.5, 0.25, 0.125, 0.0625
				}
				kernels.Tanh(s[0], s[1])
				kernels.Tanh(s[0], s[0])
				kernels.Exp(s[0], s[1])
				kernels.Sigmoid(s[0], s[1])
				kernels.Sigmoid(s[0], s[0])
				kernels.TanhBackward(s[0], s[1], s[2])
				kernels.Softmax(s[0], s[1])
				kernels.Softmax(s[0], s[0])
				kernels.SoftmaxCrossEntropy(s[0], s[1], n-1)
				kernels.Adagrad(s[0], s[1], s[2], 0.1, 1e-8)
				kernels.Adam(s[0], s[1], s[2], s[3], 1e-3, 0.9, 0.999, 1e-8, 1)
				kernels.SGDMomentum(s[0], s[1], s[2], 0.1, 0.9)
				kernels.Clip(s[0], 0.3)
				if got := kernels.SumSquares(s[1]); got != float32(n)/16 {
					t.Fatalf("SumSquares n=%d = %v, want %v", n, got, float32(n)/16)
				}
			}
		}
	})
}

// TestElementwiseNoAllocs checks that no element-wise kernel allocates, in
// any tier, at sizes below and above every unroll.
func TestElementwiseNoAllocs(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range []int{1, 5, 8, 13, 100} {
			a, b, c, d := vec(n), vec(n), vec(n), vec(n)
			for i := range c {
				c[i] = c[i] * c[i]
				d[i] = d[i] * d[i]
			}
			allocs := testing.AllocsPerRun(10, func() {
				kernels.Tanh(a, b)
				kernels.Exp(a, b)
				kernels.Sigmoid(a, b)
				kernels.TanhBackward(a, b, b)
				kernels.Softmax(a, b)
				kernels.SoftmaxCrossEntropy(a, b, n/2)
				kernels.Adagrad(a, b, c, 0.1, 1e-8)
				kernels.Adam(a, b, c, d, 1e-3, 0.9, 0.999, 1e-8, 3)
				kernels.SGDMomentum(a, b, c, 0.1, 0.9)
				kernels.Clip(a, 1)
				kernels.SumSquares(a)
			})
			if allocs != 0 {
				t.Errorf("n=%d: %v allocations per run, want 0", n, allocs)
			}
		}
	})
}
