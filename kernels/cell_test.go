package kernels_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// ev is a float64 reference value with a first-order bound on the error of
// the float32 computation of it: |computed - v| <= e * 2^-24 (plus the
// subnormal slack of check). Inputs are exact (e = 0); each rule adds the
// propagated errors of the operands and the rounding of the result (half
// an ULP, at most 2^-24 |result|; 2 ULP, 4 * 2^-24 |result|, for Sigmoid
// and Tanh).
type ev struct{ v, e float64 }

func in(x float32) ev { return ev{float64(x), 0} }

func add(a, b ev) ev { return ev{a.v + b.v, a.e + b.e + math.Abs(a.v+b.v)} }

func sub(a, b ev) ev { return ev{a.v - b.v, a.e + b.e + math.Abs(a.v-b.v)} }

func mul(a, b ev) ev {
	return ev{a.v * b.v, math.Abs(a.v)*b.e + math.Abs(b.v)*a.e + math.Abs(a.v*b.v)}
}

// fma is a*b + c rounded once.
func fma(a, b, c ev) ev {
	v := a.v*b.v + c.v
	return ev{v, math.Abs(a.v)*b.e + math.Abs(b.v)*a.e + c.e + math.Abs(v)}
}

func sig(a ev) ev {
	s := sigmoid64(a.v)
	return ev{s, s*(1-s)*a.e + 4*s}
}

func tanhE(a ev) ev {
	t := math.Tanh(a.v)
	return ev{t, (1-t*t)*a.e + 4*math.Abs(t)}
}

// sOneMinus is s(1-s), rounded once; tOneMinus2 is 1-t², rounded once.
func sOneMinus(s ev) ev { v := s.v * (1 - s.v); return ev{v, math.Abs(1-2*s.v)*s.e + math.Abs(v)} }

func tOneMinus2(t ev) ev { v := 1 - t.v*t.v; return ev{v, 2*math.Abs(t.v)*t.e + math.Abs(v)} }

// check fails unless got is within 2x the bound of want (the factor covers
// the second-order terms), or 2^-140 absolutely (subnormal results).
func check(t *testing.T, what string, j int, got float32, want ev) {
	t.Helper()
	d := math.Abs(float64(got) - want.v)
	if !(d <= 2*(want.e+1)*0x1p-24*1+0x1p-140) || got != got {
		t.Fatalf("%s[%d] = %v, want %v (error %.3g > bound %.3g)", what, j, got, want.v, d, 2*(want.e+1)*0x1p-24+0x1p-140)
	}
}

// cellGen draws values in [-s, s), and sometimes a value that saturates the
// gates (±30), ±0 or a tiny value.
func cellGen(r *rand.Rand, s float64) func(int) float32 {
	return func(int) float32 {
		switch r.IntN(24) {
		case 0:
			return 30 * float32(1-2*r.IntN(2))
		case 1:
			return float32(math.Copysign(0, float64(1-2*r.IntN(2))))
		case 2:
			return 0x1p-130
		}
		return float32(s * (2*r.Float64() - 1))
	}
}

// act draws gate activations: values of Sigmoid (in [0, 1]) or of Tanh.
func act(r *rand.Rand, tanh bool) func(int) float32 {
	g := cellGen(r, 6)
	return func(i int) float32 {
		x := []float32{g(i)}
		if tanh {
			kernels.TanhGeneric(x, x)
		} else {
			kernels.SigmoidGeneric(x, x)
		}
		return x[0]
	}
}

func bufs(n, off, k int) []*testutil.Buf[float32] {
	b := make([]*testutil.Buf[float32], k)
	for i := range b {
		b[i] = testutil.NewBuf[float32](n, (off+3*i)%16)
	}
	return b
}

func copies(b []*testutil.Buf[float32]) [][]float32 {
	c := make([][]float32, len(b))
	for i := range b {
		c[i] = b[i].Copy()
	}
	return c
}

// TestLSTMForward checks LSTMForward in every tier at every size and offset
// against the float64 equations (first-order bound of the twin's
// roundings), bit for bit against the twin, with guards and unchanged
// inputs, and with c = cPrev (in place).
func TestLSTMForward(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				for _, inPlace := range []bool{false, true} {
					r := testutil.Rand(n, off, 17)
					b := bufs(n, off, 7) // i f g o cPrev c h
					for k := range 4 {
						b[k].Fill(cellGen(r, 6))
					}
					b[4].Fill(cellGen(r, 3))
					orig := copies(b)
					cb := b[5]
					if inPlace {
						cb = b[4]
					}
					s := func(k int) []float32 { return b[k].S() }
					kernels.LSTMForward(s(0), s(1), s(2), s(3), s(4), cb.S(), s(6))

					tw := copies(b)
					copy(tw[0], orig[0])
					copy(tw[1], orig[1])
					copy(tw[2], orig[2])
					copy(tw[3], orig[3])
					twc := make([]float32, n)
					kernels.LSTMForwardGeneric(tw[0], tw[1], tw[2], tw[3], orig[4], twc, tw[6])
					for j := range n {
						ig, fg, gg, og := sig(in(orig[0][j])), sig(in(orig[1][j])), tanhE(in(orig[2][j])), sig(in(orig[3][j]))
						c := fma(fg, in(orig[4][j]), mul(ig, gg))
						h := mul(og, tanhE(c))
						check(t, "i", j, s(0)[j], ig)
						check(t, "f", j, s(1)[j], fg)
						check(t, "g", j, s(2)[j], gg)
						check(t, "o", j, s(3)[j], og)
						check(t, "c", j, cb.S()[j], c)
						check(t, "h", j, s(6)[j], h)
					}
					for k, name := range []string{"i", "f", "g", "o"} {
						sameSlices(t, name, s(k), tw[k])
					}
					sameSlices(t, "c", cb.S(), twc)
					sameSlices(t, "h", s(6), tw[6])
					if !inPlace {
						b[4].Unchanged(t, "cPrev", orig[4])
					}
					for k, name := range []string{"i", "f", "g", "o", "cPrev", "c", "h"} {
						b[k].CheckGuards(t, "LSTMForward "+name)
					}
				}
			}
		}
	})
}

// TestLSTMBackward checks LSTMBackward as TestLSTMForward checks the
// forward, with the gradients written into separate slices and in place
// (di..do over i..o).
func TestLSTMBackward(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				for _, inPlace := range []bool{false, true} {
					r := testutil.Rand(n, off, 23)
					b := bufs(n, off, 12) // di df dg do i f g o cPrev c dh dc
					b[4].Fill(act(r, false))
					b[5].Fill(act(r, false))
					b[6].Fill(act(r, true))
					b[7].Fill(act(r, false))
					b[8].Fill(cellGen(r, 3))
					b[9].Fill(cellGen(r, 3))
					b[10].Fill(cellGen(r, 1))
					b[11].Fill(cellGen(r, 1))
					orig := copies(b)
					s := func(k int) []float32 { return b[k].S() }
					d := []*testutil.Buf[float32]{b[0], b[1], b[2], b[3]}
					if inPlace {
						d = []*testutil.Buf[float32]{b[4], b[5], b[6], b[7]}
					}
					kernels.LSTMBackward(d[0].S(), d[1].S(), d[2].S(), d[3].S(), s(4), s(5), s(6), s(7), s(8), s(9), s(10), s(11))

					tw := copies(b)
					copy(tw[11], orig[11])
					kernels.LSTMBackwardGeneric(tw[0], tw[1], tw[2], tw[3], orig[4], orig[5], orig[6], orig[7], orig[8], orig[9], orig[10], tw[11])
					for j := range n {
						i, f, g, o := in(orig[4][j]), in(orig[5][j]), in(orig[6][j]), in(orig[7][j])
						cp, dh, dc := in(orig[8][j]), in(orig[10][j]), in(orig[11][j])
						th := tanhE(in(orig[9][j]))
						dct := fma(mul(dh, o), tOneMinus2(th), dc)
						check(t, "do", j, d[3].S()[j], mul(mul(dh, th), sOneMinus(o)))
						check(t, "di", j, d[0].S()[j], mul(mul(dct, g), sOneMinus(i)))
						check(t, "df", j, d[1].S()[j], mul(mul(dct, cp), sOneMinus(f)))
						check(t, "dg", j, d[2].S()[j], mul(mul(dct, i), tOneMinus2(g)))
						check(t, "dc", j, s(11)[j], mul(dct, f))
					}
					for k, name := range []string{"di", "df", "dg", "do"} {
						sameSlices(t, name, d[k].S(), tw[k])
					}
					sameSlices(t, "dc", s(11), tw[11])
					for k := 4; k < 11; k++ {
						if !inPlace || k >= 8 {
							b[k].Unchanged(t, "LSTMBackward input", orig[k])
						}
					}
					for k := range b {
						b[k].CheckGuards(t, "LSTMBackward")
					}
				}
			}
		}
	})
}

// TestGRUForward checks GRUForward as TestLSTMForward checks LSTMForward,
// with h = hPrev for the in-place case.
func TestGRUForward(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				for _, inPlace := range []bool{false, true} {
					r := testutil.Rand(n, off, 29)
					b := bufs(n, off, 8) // r z n hr hz hn hPrev h
					for k := range 6 {
						b[k].Fill(cellGen(r, 4))
					}
					b[6].Fill(cellGen(r, 1))
					orig := copies(b)
					hb := b[7]
					if inPlace {
						hb = b[6]
					}
					s := func(k int) []float32 { return b[k].S() }
					kernels.GRUForward(s(0), s(1), s(2), s(3), s(4), s(5), s(6), hb.S())

					tw := copies(b)
					copy(tw[0], orig[0])
					copy(tw[1], orig[1])
					copy(tw[2], orig[2])
					twh := make([]float32, n)
					kernels.GRUForwardGeneric(tw[0], tw[1], tw[2], orig[3], orig[4], orig[5], orig[6], twh)
					for j := range n {
						rg := sig(add(in(orig[0][j]), in(orig[3][j])))
						zg := sig(add(in(orig[1][j]), in(orig[4][j])))
						ng := tanhE(fma(rg, in(orig[5][j]), in(orig[2][j])))
						h := fma(zg, sub(in(orig[6][j]), ng), ng)
						check(t, "r", j, s(0)[j], rg)
						check(t, "z", j, s(1)[j], zg)
						check(t, "n", j, s(2)[j], ng)
						check(t, "h", j, hb.S()[j], h)
					}
					for k, name := range []string{"r", "z", "n"} {
						sameSlices(t, name, s(k), tw[k])
					}
					sameSlices(t, "h", hb.S(), twh)
					for k := 3; k < 6; k++ {
						b[k].Unchanged(t, "GRUForward hidden part", orig[k])
					}
					if !inPlace {
						b[6].Unchanged(t, "hPrev", orig[6])
					}
					for k := range b {
						b[k].CheckGuards(t, "GRUForward")
					}
				}
			}
		}
	})
}

// TestGRUBackward checks GRUBackward as TestLSTMBackward checks
// LSTMBackward, in place with dr..dhn over r..hn and dhPrev over dh.
func TestGRUBackward(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range testutil.Sizes() {
			for _, off := range offsets(n) {
				for _, inPlace := range []bool{false, true} {
					r := testutil.Rand(n, off, 31)
					b := bufs(n, off, 11) // dr dz dn dhn dhPrev r z n hn hPrev dh
					b[5].Fill(act(r, false))
					b[6].Fill(act(r, false))
					b[7].Fill(act(r, true))
					b[8].Fill(cellGen(r, 3))
					b[9].Fill(cellGen(r, 1))
					b[10].Fill(cellGen(r, 1))
					orig := copies(b)
					s := func(k int) []float32 { return b[k].S() }
					d := []*testutil.Buf[float32]{b[0], b[1], b[2], b[3], b[4]}
					if inPlace {
						d = []*testutil.Buf[float32]{b[5], b[6], b[7], b[8], b[10]}
					}
					kernels.GRUBackward(d[0].S(), d[1].S(), d[2].S(), d[3].S(), d[4].S(), s(5), s(6), s(7), s(8), s(9), s(10))

					tw := copies(b)
					kernels.GRUBackwardGeneric(tw[0], tw[1], tw[2], tw[3], tw[4], orig[5], orig[6], orig[7], orig[8], orig[9], orig[10])
					for j := range n {
						rg, zg, ng, hn := in(orig[5][j]), in(orig[6][j]), in(orig[7][j]), in(orig[8][j])
						hp, dh := in(orig[9][j]), in(orig[10][j])
						dn := mul(mul(dh, sub(ev{1, 0}, zg)), tOneMinus2(ng))
						check(t, "dn", j, d[2].S()[j], dn)
						check(t, "dz", j, d[1].S()[j], mul(mul(dh, sub(hp, ng)), sOneMinus(zg)))
						check(t, "dr", j, d[0].S()[j], mul(mul(dn, hn), sOneMinus(rg)))
						check(t, "dhn", j, d[3].S()[j], mul(dn, rg))
						check(t, "dhPrev", j, d[4].S()[j], mul(dh, zg))
					}
					for k, name := range []string{"dr", "dz", "dn", "dhn", "dhPrev"} {
						sameSlices(t, name, d[k].S(), tw[k])
					}
					if !inPlace {
						for k := 5; k < 11; k++ {
							b[k].Unchanged(t, "GRUBackward input", orig[k])
						}
					} else {
						b[9].Unchanged(t, "hPrev", orig[9])
					}
					for k := range b {
						b[k].CheckGuards(t, "GRUBackward")
					}
				}
			}
		}
	})
}

func TestCellPanics(t *testing.T) {
	s3, s4 := make([]float32, 3), make([]float32, 4)
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"LSTMForward", func() { kernels.LSTMForward(s3, s3, s3, s3, s3, s3, s4) }, "lengths of i, f, g, o, cPrev, c, h differ: 3, 3, 3, 3, 3, 3, 4"},
		{"LSTMBackward", func() { kernels.LSTMBackward(s3, s3, s3, s3, s3, s4, s3, s3, s3, s3, s3, s3) }, "differ: 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 3"},
		{"GRUForward", func() { kernels.GRUForward(s4, s3, s3, s3, s3, s3, s3, s3) }, "lengths of r, z, n, hr, hz, hn, hPrev, h differ: 4, 3"},
		{"GRUBackward", func() { kernels.GRUBackward(s3, s3, s3, s3, s3, s3, s3, s3, s3, s3, s4) }, "differ: 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4"},
	}
	for _, c := range cases {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.want) || !strings.Contains(msg, c.name) {
					t.Errorf("%s: panic %q, want it to contain %q", c.name, msg, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestCellNoAllocs checks that the cell kernels allocate nothing, in any
// tier.
func TestCellNoAllocs(t *testing.T) {
	const n = 37
	v := make([][]float32, 12)
	for k := range v {
		v[k] = vec(n)
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		a := testing.AllocsPerRun(10, func() {
			kernels.LSTMForward(v[0], v[1], v[2], v[3], v[4], v[5], v[6])
			kernels.LSTMBackward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11])
			kernels.GRUForward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
			kernels.GRUBackward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10])
		})
		if a != 0 {
			t.Errorf("%v allocations per run, want 0", a)
		}
	})
}

// TestCellGuardPages runs the cell kernels on slices that end at an
// inaccessible page or start right after one, at lengths around every
// vector width and tail, in every tier: a read or write past a slice
// faults.
func TestCellGuardPages(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100} {
			var ends, starts [12][]float32
			for k := range ends {
				ends[k], starts[k] = testutil.PageSlices[float32](t, n)
			}
			for _, v := range [][12][]float32{ends, starts} {
				for k := range v {
					for j := range v[k] {
						v[k][j] = 0.25
					}
				}
				kernels.LSTMForward(v[0], v[1], v[2], v[3], v[4], v[5], v[6])
				kernels.LSTMBackward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11])
				kernels.GRUForward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
				kernels.GRUBackward(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10])
				for k := range v {
					for j, x := range v[k] {
						if x != x {
							t.Fatalf("n=%d: slice %d [%d] is NaN", n, k, j)
						}
					}
				}
			}
		}
	})
}

// TestCellActivationsSample runs the forward kernels on the inputs of
// TestTanhExpSample (every binade, specials, thresholds) as gate
// pre-activations, and checks in every tier that each activation has the
// bits of the twins of Sigmoid and Tanh: the gates use the same algorithms
// inside the fused loops, with their constants reloaded or switched there.
func TestCellActivationsSample(t *testing.T) {
	src := sampleInputs()
	n := len(src)
	sig, tanh := make([]float32, n), make([]float32, n)
	kernels.SigmoidGeneric(sig, src)
	kernels.TanhGeneric(tanh, src)
	zero, negZero := make([]float32, n), make([]float32, n)
	for j := range negZero {
		negZero[j] = float32(math.Copysign(0, -1)) // x + -0 = x, also for x = -0
	}
	same := func(t *testing.T, name string, got, want []float32) {
		t.Helper()
		for j := range want {
			if !sameBits(got[j], want[j]) {
				t.Fatalf("%s(%v) = %v, want %v", name, src[j], got[j], want[j])
			}
		}
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		g := make([][]float32, 7)
		for k := range g {
			g[k] = append([]float32(nil), src...)
		}
		kernels.LSTMForward(g[0], g[1], g[2], g[3], zero, g[5], g[6])
		same(t, "LSTM i", g[0], sig)
		same(t, "LSTM f", g[1], sig)
		same(t, "LSTM g", g[2], tanh)
		same(t, "LSTM o", g[3], sig)
		for k := range 3 {
			g[k] = append(g[k][:0], src...)
		}
		kernels.GRUForward(g[0], g[1], g[2], negZero, negZero, negZero, zero, g[6])
		same(t, "GRU r", g[0], sig)
		same(t, "GRU z", g[1], sig)
		same(t, "GRU n", g[2], tanh)
	})
}
