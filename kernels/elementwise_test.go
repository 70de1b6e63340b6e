package kernels_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// specialsGen returns a generator that mostly draws uniform values in
// [lo, hi) and sometimes a special value: ±0, ±Inf, NaN, subnormals, the
// largest finite values and the ends of the range.
func specialsGen(r *rand.Rand, lo, hi float32) func(int) float32 {
	specials := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(math.NaN()), 0x1p-149, -0x1p-149, 0x1p-130, math.MaxFloat32, -math.MaxFloat32, lo, hi, 1e-20, -1e-20}
	return func(int) float32 {
		if r.IntN(8) == 0 {
			return specials[r.IntN(len(specials))]
		}
		return lo + (hi-lo)*r.Float32()
	}
}

type unaryCase struct {
	name   string
	f      func(dst, src []float32)
	twin   func(dst, src []float32)
	ref    func(float64) float64
	maxULP int64
	lo, hi float32
}

var unaryCases = []unaryCase{
	{"Tanh", kernels.Tanh, kernels.TanhGeneric, math.Tanh, 2, -12, 12},
	{"Exp", kernels.Exp, kernels.ExpGeneric, math.Exp, 1, -110, 95},
	{"Sigmoid", kernels.Sigmoid, kernels.SigmoidGeneric, sigmoid64, 2, -110, 30},
}

// sigmoid64 is the float64 sigmoid, accurate to a few float64 ULP for
// every x (e/(1+e) for x < 0, so that tiny results keep their precision).
func sigmoid64(x float64) float64 {
	if x < 0 {
		e := math.Exp(x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-x))
}

// TestUnary checks Tanh, Exp and Sigmoid at every size and offset: the error bound
// against float64 (the exhaustive tests cover every input; this one covers
// lengths, tails, alignment and in-place use), bit-equality with the
// pure-Go twin, guards, unchanged inputs, and dst == src.
func TestUnary(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, c := range unaryCases {
			for _, n := range testutil.Sizes() {
				for _, off := range offsets(n) {
					r := testutil.Rand(n, off, len(c.name))
					sb := testutil.NewBuf[float32](n, off).Fill(specialsGen(r, c.lo, c.hi))
					db := testutil.NewBuf[float32](n, (off+5)%16)
					src0 := sb.Copy()
					c.f(db.S(), sb.S())
					twin := make([]float32, n)
					c.twin(twin, src0)
					for i, got := range db.S() {
						want := float32(c.ref(float64(src0[i])))
						if u := testutil.ULP(got, want); u > c.maxULP {
							t.Fatalf("%s n=%d off=%d: %s(%v) = %v, want %v (%d ULP)", c.name, n, off, c.name, src0[i], got, want, u)
						}
						if !sameBits(got, twin[i]) {
							t.Fatalf("%s n=%d off=%d: %s(%v) = %v, pure-Go twin gives %v", c.name, n, off, c.name, src0[i], got, twin[i])
						}
					}
					sb.Unchanged(t, "src", src0)
					db.CheckGuards(t, c.name+" dst")
					// In place.
					c.f(sb.S(), sb.S())
					for i, got := range sb.S() {
						if !sameBits(got, twin[i]) {
							t.Fatalf("%s in place n=%d off=%d: [%d] = %v, want %v", c.name, n, off, i, got, twin[i])
						}
					}
					sb.CheckGuards(t, c.name+" in place")
				}
			}
		}
	})
}

func TestTanhBackward(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				r := testutil.Rand(n, off)
				yb := testutil.NewBuf[float32](n, off).Fill(testutil.Uniform(r))
				dyb := testutil.NewBuf[float32](n, (off+3)%16).Fill(func(int) float32 { return float32(r.NormFloat64()) })
				db := testutil.NewBuf[float32](n, (off+7)%16)
				y0, dy0 := yb.Copy(), dyb.Copy()
				kernels.TanhBackward(db.S(), yb.S(), dyb.S())
				for i, got := range db.S() {
					y, dy := float64(y0[i]), float64(dy0[i])
					want := dy * (1 - y*y)
					// fma(-y, y, 1) and the product: two roundings.
					if !testutil.Close(got, want, 2.01*0x1p-24*math.Abs(want)+1e-45) {
						t.Fatalf("n=%d off=%d: TanhBackward(y=%v, dy=%v) = %v, want %v", n, off, y, dy, got, want)
					}
				}
				yb.Unchanged(t, "y", y0)
				dyb.Unchanged(t, "dy", dy0)
				db.CheckGuards(t, "dst")
				twin := make([]float32, n)
				kernels.TanhBackwardGeneric(twin, y0, dy0)
				sameSlices(t, "TanhBackward", db.S(), twin)
				want := db.Copy()
				// dst == dy, then dst == y.
				kernels.TanhBackward(dyb.S(), yb.S(), dyb.S())
				kernels.TanhBackward(yb.S(), yb.S(), testutil.NewBuf[float32](n, 0).Fill(func(i int) float32 { return dy0[i] }).S())
				for i := range want {
					if !sameBits(dyb.S()[i], want[i]) || !sameBits(yb.S()[i], want[i]) {
						t.Fatalf("in place n=%d off=%d: [%d] = %v (dst=dy), %v (dst=y), want %v", n, off, i, dyb.S()[i], yb.S()[i], want[i])
					}
				}
				yb.CheckGuards(t, "y in place")
				dyb.CheckGuards(t, "dy in place")
			}
		}
	})
}

// softmaxRef returns the float64 softmax of x, and its max.
func softmaxRef(x []float32) (p []float64, m float64) {
	m = math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, float64(v))
	}
	p = make([]float64, len(x))
	s := 0.0
	for i, v := range x {
		p[i] = math.Exp(float64(v) - m)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
	return p, m
}

// softmaxBound is the documented error bound of dst[i] = softmax(x)[i].
func softmaxBound(p float64, d float64, n int) float64 {
	if p == 0 { // exp(-Inf): exactly 0
		return 0
	}
	return (math.Abs(d)+float64(n)/8+8)*0x1p-24*p + 0x1p-148
}

// logitGens returns named generators of logits: small, wide, large
// (stability: near 1e4, where exp would overflow without subtracting the
// max), and with some -Inf entries (masked classes).
func logitGens(r *rand.Rand) map[string]func(int) float32 {
	return map[string]func(int) float32{
		"uniform": testutil.Uniform(r),
		"wide":    func(int) float32 { return float32(r.NormFloat64() * 30) },
		"large":   func(int) float32 { return 1e4 + float32(r.NormFloat64()*5) },
		"neginf": func(i int) float32 {
			if i%3 == 1 {
				return float32(math.Inf(-1))
			}
			return float32(r.NormFloat64() * 4)
		},
	}
}

func TestSoftmax(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		kernels.Softmax(nil, nil) // empty: no-op
		for _, n := range testutil.Sizes() {
			if n == 0 {
				continue
			}
			for _, off := range offsets(n) {
				r := testutil.Rand(n, off)
				for gname, gen := range logitGens(r) {
					sb := testutil.NewBuf[float32](n, off).Fill(gen)
					db := testutil.NewBuf[float32](n, (off+9)%16)
					x0 := sb.Copy()
					kernels.Softmax(db.S(), sb.S())
					p, m := softmaxRef(x0)
					twin := make([]float32, n)
					kernels.SoftmaxGeneric(twin, x0)
					for i, got := range db.S() {
						if !testutil.Close(got, p[i], softmaxBound(p[i], float64(x0[i])-m, n)) {
							t.Fatalf("%s n=%d off=%d: softmax[%d] = %v, want %v (x=%v, max %v)", gname, n, off, i, got, p[i], x0[i], m)
						}
						if !sameBits(got, twin[i]) {
							t.Fatalf("%s n=%d off=%d: softmax[%d] = %v, pure-Go twin %v", gname, n, off, i, got, twin[i])
						}
					}
					sb.Unchanged(t, "src", x0)
					db.CheckGuards(t, "dst")
					kernels.Softmax(sb.S(), sb.S())
					for i, got := range sb.S() {
						if !sameBits(got, twin[i]) {
							t.Fatalf("%s in place n=%d off=%d: [%d] = %v, want %v", gname, n, off, i, got, twin[i])
						}
					}
					sb.CheckGuards(t, "in place")
				}
			}
		}
	})
}

func TestSoftmaxCrossEntropy(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			if n == 0 {
				continue
			}
			for _, off := range offsets(n) {
				r := testutil.Rand(n, off)
				for gname, gen := range logitGens(r) {
					sb := testutil.NewBuf[float32](n, off).Fill(gen)
					target := r.IntN(n)
					if x := sb.S(); math.IsInf(float64(x[target]), -1) {
						x[target] = 0
					}
					gb := testutil.NewBuf[float32](n, (off+9)%16)
					x0 := sb.Copy()
					loss := kernels.SoftmaxCrossEntropy(gb.S(), sb.S(), target)
					p, m := softmaxRef(x0)
					lt := float64(x0[target]) - m
					wantLoss := -math.Log(p[target])
					lb := (float64(n)/8+6+math.Abs(lt)+math.Abs(wantLoss))*0x1p-24 + 1e-12
					if !testutil.Close(loss, wantLoss, lb) {
						t.Fatalf("%s n=%d off=%d target=%d: loss %v, want %v (bound %g)", gname, n, off, target, loss, wantLoss, lb)
					}
					twin := make([]float32, n)
					wantTwin := kernels.SoftmaxCrossEntropyGeneric(twin, x0, target)
					if !sameBits(loss, wantTwin) {
						t.Fatalf("%s n=%d: loss %v, pure-Go twin %v", gname, n, loss, wantTwin)
					}
					for i, got := range gb.S() {
						want := p[i]
						bound := softmaxBound(p[i], float64(x0[i])-m, n)
						if i == target {
							want -= 1
							bound += 0x1p-24 * math.Abs(want)
						}
						if !testutil.Close(got, want, bound) {
							t.Fatalf("%s n=%d off=%d target=%d: grad[%d] = %v, want %v", gname, n, off, target, i, got, want)
						}
						if !sameBits(got, twin[i]) {
							t.Fatalf("%s n=%d: grad[%d] = %v, pure-Go twin %v", gname, n, i, got, twin[i])
						}
					}
					sb.Unchanged(t, "logits", x0)
					gb.CheckGuards(t, "grad")
					if l2 := kernels.SoftmaxCrossEntropy(sb.S(), sb.S(), target); !sameBits(l2, loss) {
						t.Fatalf("in place: loss %v, want %v", l2, loss)
					}
					for i, got := range sb.S() {
						if !sameBits(got, twin[i]) {
							t.Fatalf("%s in place n=%d: grad[%d] = %v, want %v", gname, n, i, got, twin[i])
						}
					}
					sb.CheckGuards(t, "in place")
				}
			}
		}
	})
}

// TestSoftmaxSpecial checks the documented edge cases exactly.
func TestSoftmaxSpecial(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	testutil.ForEachImpl(t, func(t *testing.T) {
		// One element: p = 1, loss 0, grad 0, whatever the logit.
		for _, v := range []float32{0, -3, 1e30, -1e30} {
			d := []float32{7}
			kernels.Softmax(d, []float32{v})
			g := []float32{7}
			loss := kernels.SoftmaxCrossEntropy(g, []float32{v}, 0)
			if d[0] != 1 || loss != 0 || g[0] != 0 {
				t.Errorf("one element %v: softmax %v, loss %v, grad %v; want 1, 0, 0", v, d[0], loss, g[0])
			}
		}
		for _, n := range []int{1, 5, 8, 13, 40} {
			for pos := 0; pos < n; pos += 3 {
				for _, sv := range []float32{nan, inf} {
					x := make([]float32, n)
					x[pos] = sv
					d := make([]float32, n)
					kernels.Softmax(d, x)
					loss := kernels.SoftmaxCrossEntropy(x, x, 0)
					for i := range d {
						if d[i] == d[i] || x[i] == x[i] {
							t.Fatalf("n=%d %v at %d: softmax[%d] = %v, grad %v; want NaN", n, sv, pos, i, d[i], x[i])
						}
					}
					if loss == loss {
						t.Fatalf("n=%d %v at %d: loss %v, want NaN", n, sv, pos, loss)
					}
				}
				// All -Inf but one: that one gets probability 1 exactly.
				x := make([]float32, n)
				for i := range x {
					x[i] = -inf
				}
				x[pos] = 2
				d := make([]float32, n)
				kernels.Softmax(d, x)
				for i, v := range d {
					if want := float32(0); i == pos && v != 1 || i != pos && v != want {
						t.Fatalf("n=%d one finite at %d: softmax[%d] = %v", n, pos, i, v)
					}
				}
			}
		}
	})
}

// optCase is one optimizer test: inputs w, g, s1, s2 (state) are random.
func TestOptimizers(t *testing.T) {
	const u = 0x1p-24
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				r := testutil.Rand(n, off)
				norm := func(s float64) func(int) float32 {
					return func(int) float32 { return float32(r.NormFloat64() * s) }
				}
				pos := func(int) float32 { return float32(r.Float64() * 2) }
				wb := testutil.NewBuf[float32](n, off).Fill(norm(1))
				gb := testutil.NewBuf[float32](n, (off+3)%16).Fill(norm(0.1))
				mb := testutil.NewBuf[float32](n, (off+6)%16).Fill(pos)
				vb := testutil.NewBuf[float32](n, (off+9)%16).Fill(pos)
				w0, g0, m0, v0 := wb.Copy(), gb.Copy(), mb.Copy(), vb.Copy()
				check := func(name, what string, i int, got float32, want, bound float64) {
					t.Helper()
					if !testutil.Close(got, want, bound) {
						t.Fatalf("%s n=%d off=%d: %s[%d] = %v, want %v (bound %g)", name, n, off, what, i, got, want, bound)
					}
				}
				reset := func() {
					copy(wb.S(), w0)
					copy(mb.S(), m0)
					copy(vb.S(), v0)
				}

				lr, eps := float32(0.1), float32(1e-8)
				kernels.Adagrad(wb.S(), gb.S(), mb.S(), lr, eps)
				for i := range w0 {
					g, m := float64(g0[i]), float64(m0[i])
					mi := m + g*g
					upd := float64(lr) * g / math.Sqrt(mi+float64(eps))
					wi := float64(w0[i]) - upd
					check("Adagrad", "m", i, mb.S()[i], mi, u*mi)
					check("Adagrad", "w", i, wb.S()[i], wi, u*math.Abs(wi)+0x1p-21*math.Abs(upd))
				}
				gb.Unchanged(t, "g", g0)
				wb.CheckGuards(t, "w")
				mb.CheckGuards(t, "m")
				tw, tm := append([]float32(nil), w0...), append([]float32(nil), m0...)
				kernels.AdagradGeneric(tw, g0, tm, lr, eps)
				sameSlices(t, "Adagrad m", mb.S(), tm)
				// With w = 0, w becomes -update: its relative error shows.
				for i := range w0 {
					wb.S()[i] = 0
				}
				copy(mb.S(), m0)
				kernels.Adagrad(wb.S(), gb.S(), mb.S(), lr, eps)
				for i := range w0 {
					g := float64(g0[i])
					upd := float64(lr) * g / math.Sqrt(float64(m0[i])+g*g+float64(eps))
					check("Adagrad", "-update", i, wb.S()[i], -upd, 0x1p-21*math.Abs(upd))
				}

				reset()
				b1, b2, step := float32(0.9), float32(0.999), 7
				kernels.Adam(wb.S(), gb.S(), mb.S(), vb.S(), lr, b1, b2, eps, step)
				c1 := 1 - math.Pow(float64(b1), float64(step))
				c2 := 1 - math.Pow(float64(b2), float64(step))
				for i := range w0 {
					g := float64(g0[i])
					mi := float64(b1)*float64(m0[i]) + (1-float64(b1))*g
					vi := float64(b2)*float64(v0[i]) + (1-float64(b2))*g*g
					upd := float64(lr) * (mi / c1) / (math.Sqrt(vi/c2) + float64(eps))
					wi := float64(w0[i]) - upd
					check("Adam", "m", i, mb.S()[i], mi, 2*u*(math.Abs(mi)+math.Abs(g)*0.1))
					check("Adam", "v", i, vb.S()[i], vi, 3*u*vi)
					check("Adam", "w", i, wb.S()[i], wi, u*math.Abs(wi)+10*u*math.Abs(upd))
				}
				gb.Unchanged(t, "g", g0)
				for _, b := range []*testutil.Buf[float32]{wb, mb, vb} {
					b.CheckGuards(t, "Adam")
				}
				tw, tm, tv := append([]float32(nil), w0...), append([]float32(nil), m0...), append([]float32(nil), v0...)
				kernels.AdamGeneric(tw, g0, tm, tv, lr, b1, b2, eps, step)
				sameSlices(t, "Adam w", wb.S(), tw)
				sameSlices(t, "Adam m", mb.S(), tm)
				sameSlices(t, "Adam v", vb.S(), tv)
				// With w = 0, w becomes -update: its relative error shows.
				reset()
				for i := range w0 {
					wb.S()[i] = 0
				}
				kernels.Adam(wb.S(), gb.S(), mb.S(), vb.S(), lr, b1, b2, eps, step)
				for i := range w0 {
					g := float64(g0[i])
					mi := float64(b1)*float64(m0[i]) + (1-float64(b1))*g
					vi := float64(b2)*float64(v0[i]) + (1-float64(b2))*g*g
					upd := float64(lr) * (mi / c1) / (math.Sqrt(vi/c2) + float64(eps))
					// m's rounding (relative to its terms: they may cancel) and 8 more
					merr := 2 * u * (math.Abs(float64(b1)*float64(m0[i])) + math.Abs((1-float64(b1))*g))
					ub := 8*u*math.Abs(upd) + float64(lr)/c1/(math.Sqrt(vi/c2)+float64(eps))*merr
					check("Adam", "-update", i, wb.S()[i], -upd, ub)
				}

				reset()
				mu := float32(0.9)
				kernels.SGDMomentum(wb.S(), gb.S(), vb.S(), lr, mu)
				for i := range w0 {
					vi := float64(mu)*float64(v0[i]) - float64(lr)*float64(g0[i])
					wi := float64(w0[i]) + vi
					ve := 2 * u * (math.Abs(float64(mu)*float64(v0[i])) + math.Abs(float64(lr)*float64(g0[i])))
					check("SGDMomentum", "vel", i, vb.S()[i], vi, ve)
					check("SGDMomentum", "w", i, wb.S()[i], wi, u*math.Abs(wi)+ve)
				}
				gb.Unchanged(t, "g", g0)
				wb.CheckGuards(t, "w")
				vb.CheckGuards(t, "vel")
				tw, tv = append([]float32(nil), w0...), append([]float32(nil), v0...)
				kernels.MomentumGeneric(tw, g0, tv, lr, mu)
				sameSlices(t, "SGDMomentum w", wb.S(), tw)
				sameSlices(t, "SGDMomentum vel", vb.S(), tv)

				reset()
				cb := testutil.NewBuf[float32](n, off).Fill(specialsGen(r, -3, 3))
				c0 := cb.Copy()
				kernels.Clip(cb.S(), 1.5)
				for i, got := range cb.S() {
					want := float32(math.Max(-1.5, math.Min(1.5, float64(c0[i]))))
					if c0[i] != c0[i] {
						want = c0[i]
					}
					if !sameBits(got, want) {
						t.Fatalf("Clip n=%d off=%d: clip(%v) = %v, want %v", n, off, c0[i], got, want)
					}
				}
				cb.CheckGuards(t, "Clip")

				var ss, sa float64
				for _, v := range w0 {
					ss += float64(v) * float64(v)
				}
				sa = ss
				if got := kernels.SumSquares(wb.S()); !testutil.Close(got, ss, testutil.SumBound(n, sa)) {
					t.Fatalf("SumSquares n=%d off=%d = %v, want %v", n, off, got, ss)
				}
				wb.Unchanged(t, "x", w0)
			}
		}
	})
}

func TestGuardPagesElementwise(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range []int{1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 100, 1023} {
			a1, a2 := testutil.PageSlices[float32](t, n)
			b1, b2 := testutil.PageSlices[float32](t, n)
			c1, c2 := testutil.PageSlices[float32](t, n)
			d1, d2 := testutil.PageSlices[float32](t, n)
			for _, s := range [][4][]float32{{a1, b1, c1, d1}, {a2, b2, c2, d2}} {
				x, y, z, v := s[0], s[1], s[2], s[3]
				for i := range x {
					x[i], y[i], z[i], v[i] = 0.5, 0.25, 1, 1
				}
				kernels.Tanh(y, x)
				kernels.Tanh(x, x)
				kernels.TanhBackward(z, y, x)
				kernels.Exp(y, x)
				kernels.Exp(y, y)
				kernels.Sigmoid(y, x)
				kernels.Sigmoid(y, y)
				kernels.Softmax(z, x)
				kernels.Softmax(z, z)
				kernels.SoftmaxCrossEntropy(y, x, n-1)
				kernels.Adagrad(x, y, z, 0.1, 1e-8)
				kernels.Adam(x, y, z, v, 0.1, 0.9, 0.99, 1e-8, 3)
				kernels.SGDMomentum(x, y, z, 0.1, 0.9)
				kernels.Clip(x, 0.5)
				kernels.SumSquares(x)
				for i := range z {
					if z[i] != z[i] || x[i] != x[i] {
						t.Fatalf("n=%d: NaN at %d", n, i)
					}
				}
			}
		}
	})
}

func TestElementwiseZeroAllocs(t *testing.T) {
	const n = 300
	x, y, z, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	testutil.ForEachImpl(t, func(t *testing.T) {
		for name, f := range map[string]func(){
			"Tanh":                func() { kernels.Tanh(y, x) },
			"TanhBackward":        func() { kernels.TanhBackward(z, y, x) },
			"Exp":                 func() { kernels.Exp(y, x) },
			"Sigmoid":             func() { kernels.Sigmoid(y, x) },
			"Softmax":             func() { kernels.Softmax(y, x) },
			"SoftmaxCrossEntropy": func() { kernels.SoftmaxCrossEntropy(y, x, 3) },
			"Adagrad":             func() { kernels.Adagrad(x, y, z, 0.1, 1e-8) },
			"Adam":                func() { kernels.Adam(x, y, z, v, 0.1, 0.9, 0.99, 1e-8, 3) },
			"SGDMomentum":         func() { kernels.SGDMomentum(x, y, z, 0.1, 0.9) },
			"Clip":                func() { kernels.Clip(x, 1) },
			"SumSquares":          func() { kernels.SumSquares(x) },
		} {
			if a := testing.AllocsPerRun(10, f); a != 0 {
				t.Errorf("%s allocates %v times per call", name, a)
			}
		}
	})
}

func TestElementwisePanics(t *testing.T) {
	s3, s4 := make([]float32, 3), make([]float32, 4)
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"Tanh", func() { kernels.Tanh(s3, s4) }, "len(dst) = 3 != len(src) = 4"},
		{"TanhBackward", func() { kernels.TanhBackward(s3, s3, s4) }, "3, 3, 4"},
		{"Exp", func() { kernels.Exp(s4, s3) }, "len(dst) = 4 != len(src) = 3"},
		{"Sigmoid", func() { kernels.Sigmoid(s4, s3) }, "len(dst) = 4 != len(src) = 3"},
		{"Softmax", func() { kernels.Softmax(s4, s3) }, "len(dst) = 4 != len(src) = 3"},
		{"SoftmaxCrossEntropy", func() { kernels.SoftmaxCrossEntropy(s4, s3, 0) }, "len(grad) = 4 != len(logits) = 3"},
		{"SoftmaxCrossEntropy", func() { kernels.SoftmaxCrossEntropy(s3, s3, 3) }, "target 3 out of range [0, 3)"},
		{"Adagrad", func() { kernels.Adagrad(s3, s4, s3, 1, 1) }, "3, 4, 3"},
		{"Adam", func() { kernels.Adam(s3, s3, s3, s4, 1, 0.9, 0.9, 1, 1) }, "3, 3, 3, 4"},
		{"Adam", func() { kernels.Adam(s3, s3, s3, s3, 1, 0.9, 0.9, 1, 0) }, "t = 0"},
		{"SGDMomentum", func() { kernels.SGDMomentum(s4, s3, s3, 1, 1) }, "4, 3, 3"},
		{"Clip", func() { kernels.Clip(s3, -1) }, "c = -1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, c.want) || !strings.Contains(s, c.name) {
					t.Errorf("panic %q, want one containing %q and %q", r, c.name, c.want)
				}
			}()
			c.f()
		})
	}
}

// sameSlices reports an error unless got and want have the same bits.
func sameSlices(t *testing.T, name string, got, want []float32) {
	t.Helper()
	for i := range want {
		if !sameBits(got[i], want[i]) {
			t.Fatalf("%s[%d] = %v, pure-Go twin gives %v", name, i, got[i], want[i])
		}
	}
}
