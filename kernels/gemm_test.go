package kernels_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// gemmCase is one product C (m x n) += op(A) op(B) with stored leading
// dimensions (padding beyond the stored row length: NaN in A and B, which
// would poison any result that read it, guard values in C).
type gemmCase struct {
	tA, tB           bool
	m, n, k          int
	padA, padB, padC int
	off              int // element offset of the buffers' starts (alignment)
}

func (g gemmCase) String() string {
	op := func(t bool) string {
		if t {
			return "T"
		}
		return "N"
	}
	return fmt.Sprintf("%s%s m=%d n=%d k=%d pad=%d,%d,%d off=%d", op(g.tA), op(g.tB), g.m, g.n, g.k, g.padA, g.padB, g.padC, g.off)
}

// stored returns the stored shape of op(X) = rows x cols and its leading
// dimension.
func stored(trans bool, rows, cols, pad int) (r, c, ld int) {
	if trans {
		rows, cols = cols, rows
	}
	return rows, cols, cols + pad
}

// gemmMatrix is a stored matrix with its padding.
type gemmMatrix struct {
	buf      *testutil.Buf[float32]
	r, c, ld int
}

func newGemmMatrix(r, c, ld, off int, gen func(int) float32, pad float32) gemmMatrix {
	n := 0
	if r > 0 && c > 0 {
		n = (r-1)*ld + c
	}
	b := testutil.NewBuf[float32](n, off).Fill(gen)
	s := b.S()
	for i := range s {
		if i%ld >= c {
			s[i] = pad
		}
	}
	return gemmMatrix{buf: b, r: r, c: c, ld: ld}
}

// at returns op(X)[i][j] of the stored matrix s.
func at(s []float32, ld int, trans bool, i, j int) float64 {
	if trans {
		i, j = j, i
	}
	return float64(s[i*ld+j])
}

// refGemm returns C + op(A) op(B) in float64 and, per element, |C| plus
// the sum of the absolute values of the products (for the error bound).
func refGemm(g gemmCase, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) (want, sa []float64) {
	want, sa = make([]float64, g.m*g.n), make([]float64, g.m*g.n)
	for i := range g.m {
		for j := range g.n {
			s := float64(c[i*ldc+j])
			abs := math.Abs(s)
			for p := range g.k {
				v := at(a, lda, g.tA, i, p) * at(b, ldb, g.tB, p, j)
				s += v
				abs += math.Abs(v)
			}
			want[i*g.n+j], sa[i*g.n+j] = s, abs
		}
	}
	return
}

// runGemm runs the case with Gemm (packed false) or GemmPacked and checks
// C against the float64 reference within the documented bound (exactly,
// for small-integer inputs), C's padding and guards, and that A and B are
// unchanged.
func runGemm(t *testing.T, g gemmCase, packed, exact bool, ws *kernels.Workspace) {
	t.Helper()
	r := testutil.Rand(g.m, g.n, g.k, g.padA, g.padB, g.off)
	gen := testutil.Uniform(r)
	if exact {
		gen = testutil.SmallInts(r, 4)
	}
	nan := float32(math.NaN())
	ar, ac, lda := stored(g.tA, g.m, g.k, g.padA)
	br, bc, ldb := stored(g.tB, g.k, g.n, g.padB)
	A := newGemmMatrix(ar, ac, lda, g.off, gen, nan)
	B := newGemmMatrix(br, bc, ldb, (g.off+5)%16, gen, nan)
	C := newGemmMatrix(g.m, g.n, g.n+g.padC, (g.off+11)%16, gen, 12345)
	a0, b0, c0 := A.buf.Copy(), B.buf.Copy(), C.buf.Copy()
	if packed {
		var p kernels.PackedB
		p.Pack(g.tB, g.k, g.n, B.buf.S(), ldb)
		if k, n := p.Dims(); k != g.k || n != g.n {
			t.Fatalf("%v: PackedB.Dims() = %d, %d", g, k, n)
		}
		kernels.GemmPacked(g.tA, g.m, A.buf.S(), lda, &p, C.buf.S(), C.ld, ws)
	} else {
		kernels.Gemm(g.tA, g.tB, g.m, g.n, g.k, A.buf.S(), lda, B.buf.S(), ldb, C.buf.S(), C.ld, ws)
	}
	want, sa := refGemm(g, a0, lda, b0, ldb, c0, C.ld)
	c := C.buf.S()
	for i := range g.m {
		for j := range C.ld {
			idx := i*C.ld + j
			if idx >= len(c) {
				break
			}
			if j >= g.n {
				if c[idx] != 12345 {
					t.Fatalf("%v packed=%v: padding of C at [%d,%d] changed to %v", g, packed, i, j, c[idx])
				}
				continue
			}
			bound := testutil.SumBound(g.k+2, sa[i*g.n+j])
			if exact {
				bound = 0
			}
			if !testutil.Close(c[idx], want[i*g.n+j], bound) {
				t.Fatalf("%v packed=%v exact=%v: C[%d,%d] = %v, want %v (bound %g)", g, packed, exact, i, j, c[idx], want[i*g.n+j], bound)
			}
		}
	}
	C.buf.CheckGuards(t, "Gemm c")
	A.buf.Unchanged(t, "a", a0)
	B.buf.Unchanged(t, "b", b0)
}

// gemmDims are the m and n the products are tested at: around every
// register tile of every tier (4, 6, 8, 12, 16, 24, 32, 48 rows or
// columns) and a few larger ones.
var gemmDims = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 64, 97}

// gemmDepths are the k tested: around the kernels' k unrolls and the
// cache blocks (kc is 64..512, a multiple of 8, depending on the CPU).
var gemmDepths = []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 63, 64, 65, 127, 128, 129, 191, 192, 193, 255, 256, 257, 383, 384, 385, 511, 512, 513, 700}

func TestGemm(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		var ws kernels.Workspace
		n := 0
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for mi, m := range gemmDims {
					for ni, nn := range gemmDims {
						if testing.Short() && (mi+ni)%3 != 0 {
							continue // a third of the pairs (emulated CPUs)
						}
						// Every (m, n) pair, with k and padding rotating
						// through their lists so that every k meets
						// every op.
						k := gemmDepths[(mi*7+ni*3+n)%len(gemmDepths)]
						if k > 200 && m*nn > 1500 {
							k = gemmDepths[(mi+ni)%12]
						}
						g := gemmCase{tA: tA, tB: tB, m: m, n: nn, k: k, padA: (mi + ni) % 3, padB: (mi * ni) % 4, padC: ni % 2 * 3, off: (m + nn + k) % 16}
						runGemm(t, g, n%2 == 1, n%5 == 0, &ws)
						n++
					}
				}
			}
		}
		t.Logf("%d products", n)
	})
}

// TestGemmDepths runs every k of gemmDepths at shapes of a few tiles,
// for both Gemm and GemmPacked, exact and rounded, with and without a
// caller's workspace.
func TestGemmDepths(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		var ws kernels.Workspace
		for _, k := range gemmDepths {
			shapes := [][2]int{{1, 1}, {13, 33}, {33, 17}, {50, 70}}
			if testing.Short() {
				shapes = shapes[:2]
			}
			for _, sh := range shapes {
				for op := range 4 {
					g := gemmCase{tA: op&1 != 0, tB: op&2 != 0, m: sh[0], n: sh[1], k: k, padA: 1, padB: 2, padC: 1, off: (k + op) % 16}
					runGemm(t, g, false, op%2 == 0, &ws)
					runGemm(t, g, true, op%2 == 1, nil)
				}
			}
		}
	})
}

// TestGemmLarge covers shapes larger than every cache block (several mc
// row blocks, nc column blocks and kc depth blocks, with partial ones) on
// exact inputs, so that any lost or repeated block shows.
func TestGemmLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large products skipped in -short mode")
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		var ws kernels.Workspace
		for _, g := range []gemmCase{
			{m: 700, n: 301, k: 1100, padA: 3, padB: 1},
			{tA: true, m: 1300, n: 40, k: 600, padC: 5},
			{tB: true, m: 20, n: 2500, k: 530, off: 3},
			{tA: true, tB: true, m: 257, n: 259, k: 1025, padA: 1, padB: 1, padC: 1},
			{m: 32, n: 4100, k: 300},
		} {
			runGemm(t, g, false, true, &ws)
			runGemm(t, g, true, true, &ws)
		}
	})
}

// TestGemmGuardPages places A, B and C against inaccessible pages (ending
// at one, or starting just after one), so that a read or write of one
// element outside any of them crashes.
func TestGemmGuardPages(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		var ws kernels.Workspace
		for _, sh := range [][3]int{{1, 1, 1}, {5, 7, 3}, {6, 16, 9}, {13, 33, 17}, {17, 50, 64}, {40, 20, 200}} {
			m, n, k := sh[0], sh[1], sh[2]
			for op := range 4 {
				tA, tB := op&1 != 0, op&2 != 0
				a1, a2 := testutil.PageSlices[float32](t, m*k)
				b1, b2 := testutil.PageSlices[float32](t, k*n)
				c1, c2 := testutil.PageSlices[float32](t, m*n)
				for side, s := range [][3][]float32{{a1, b1, c1}, {a2, b2, c2}} {
					a, b, c := s[0], s[1], s[2]
					gen := testutil.SmallInts(testutil.Rand(m, n, k, op, side), 3)
					for i := range a {
						a[i] = gen(i)
					}
					for i := range b {
						b[i] = gen(i)
					}
					clear(c)
					_, _, lda := stored(tA, m, k, 0)
					_, _, ldb := stored(tB, k, n, 0)
					g := gemmCase{tA: tA, tB: tB, m: m, n: n, k: k}
					want, _ := refGemm(g, a, lda, b, ldb, c, n)
					if side == 0 {
						kernels.Gemm(tA, tB, m, n, k, a, lda, b, ldb, c, n, &ws)
					} else {
						var p kernels.PackedB
						p.Pack(tB, k, n, b, ldb)
						kernels.GemmPacked(tA, m, a, lda, &p, c, n, &ws)
					}
					for i, v := range c {
						if float64(v) != want[i] {
							t.Fatalf("%v side %d: C[%d] = %v, want %v", g, side, i, v, want[i])
						}
					}
				}
			}
		}
	})
}

// TestGemmSpecial checks that NaN and infinities in the operands reach
// exactly the elements of C they belong to, and that zero dimensions do
// nothing.
func TestGemmSpecial(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		const m, n, k = 19, 37, 21
		a := make([]float32, m*k)
		b := make([]float32, k*n)
		for i := range a {
			a[i] = 1
		}
		for i := range b {
			b[i] = 1
		}
		a[5*k+3] = float32(math.NaN())    // row 5 of C
		b[7*n+30] = float32(math.Inf(1))  // column 30 of C
		b[2*n+11] = float32(math.Inf(-1)) // column 11 of C
		c := make([]float32, m*n)
		kernels.Gemm(false, false, m, n, k, a, k, b, n, c, n, nil)
		for i := range m {
			for j := range n {
				v := c[i*n+j]
				switch {
				case i == 5:
					if !math.IsNaN(float64(v)) {
						t.Fatalf("C[%d,%d] = %v, want NaN", i, j, v)
					}
				case j == 30:
					if !math.IsInf(float64(v), 1) {
						t.Fatalf("C[%d,%d] = %v, want +Inf", i, j, v)
					}
				case j == 11:
					if !math.IsInf(float64(v), -1) {
						t.Fatalf("C[%d,%d] = %v, want -Inf", i, j, v)
					}
				case v != k:
					t.Fatalf("C[%d,%d] = %v, want %d", i, j, v, k)
				}
			}
		}
		// Zero dimensions leave C alone and accept empty operands.
		c1 := []float32{7}
		kernels.Gemm(false, false, 1, 1, 0, nil, 1, nil, 1, c1, 1, nil)
		kernels.Gemm(true, true, 0, 1, 3, nil, 1, make([]float32, 3), 3, nil, 1, nil)
		kernels.Gemm(false, false, 1, 0, 3, make([]float32, 3), 3, nil, 1, nil, 1, nil)
		if c1[0] != 7 {
			t.Fatalf("k = 0 changed C to %v", c1[0])
		}
	})
}

// TestGemmPanics checks that every shape that does not fit panics with a
// message naming the sizes, before anything is written.
func TestGemmPanics(t *testing.T) {
	a, b, c := make([]float32, 12), make([]float32, 12), make([]float32, 12)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"negative", func() { kernels.Gemm(false, false, -1, 2, 2, a, 2, b, 2, c, 2, nil) }, "negative dimension"},
		{"lda", func() { kernels.Gemm(false, false, 3, 4, 3, a, 2, b, 4, c, 4, nil) }, "lda = 2, want >= 3"},
		{"short a", func() { kernels.Gemm(false, false, 5, 2, 3, a, 3, b, 2, c, 2, nil) }, "len(a) = 12, want >= 15"},
		{"short b", func() { kernels.Gemm(false, true, 2, 5, 3, a, 3, b, 3, c, 5, nil) }, "len(b) = 12, want >= 15"},
		{"ldc", func() { kernels.Gemm(false, false, 2, 3, 2, a, 2, b, 3, c, 2, nil) }, "ldc = 2, want >= 3"},
		{"short c", func() { kernels.Gemm(false, false, 4, 4, 2, a, 2, b, 4, c, 4, nil) }, "len(c) = 12, want >= 16"},
		{"overlap", func() { kernels.Gemm(false, false, 2, 2, 2, a, 2, b, 2, a[4:], 2, nil) }, "c overlaps"},
		{"empty packed", func() { kernels.GemmPacked(false, 1, a, 1, new(kernels.PackedB), c, 1, nil) }, "Pack it first"},
		{"packed a", func() {
			var p kernels.PackedB
			p.Pack(false, 4, 3, b, 3)
			kernels.GemmPacked(true, 3, a[:11], 3, &p, c, 3, nil)
		}, "len(a) = 11, want >= 12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c0 := append([]float32(nil), c...)
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.Contains(msg, tc.want) || !strings.HasPrefix(msg, "kernels: ") {
					t.Fatalf("panic %v, want a message containing %q", r, tc.want)
				}
				for i := range c {
					if c[i] != c0[i] {
						t.Fatalf("c changed before the panic")
					}
				}
			}()
			tc.f()
		})
	}
}

// TestPackedBTier checks that a PackedB packed under one tier is refused,
// with a message, under another whose panels differ, and is Valid again
// after Pack.
func TestPackedBTier(t *testing.T) {
	impls := kernels.Implementations()
	if len(impls) < 2 {
		t.Skipf("only %v can run here", impls)
	}
	defer kernels.Use("")
	b := make([]float32, 64*64)
	var p kernels.PackedB
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(kernels.Use(impls[0]))
	p.Pack(false, 64, 64, b, 64)
	must(kernels.Use(impls[len(impls)-1]))
	if p.Valid() {
		t.Fatalf("PackedB packed under %s is Valid under %s", impls[0], impls[len(impls)-1])
	}
	func() {
		defer func() {
			if msg, _ := recover().(string); !strings.Contains(msg, "Pack it again") {
				t.Fatalf("GemmPacked with a stale PackedB: panic %q", msg)
			}
		}()
		kernels.GemmPacked(false, 1, b[:64], 64, &p, make([]float32, 64), 64, nil)
	}()
	p.Pack(false, 64, 64, b, 64)
	if !p.Valid() {
		t.Fatal("PackedB not Valid after Pack")
	}
}

// TestGemmAllocs checks that products with a warm Workspace, and
// repacking a PackedB of the same shape, allocate nothing.
func TestGemmAllocs(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		const m, n, k = 37, 70, 300
		a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		var ws kernels.Workspace
		var p kernels.PackedB
		run := func() {
			for op := range 4 {
				tA, tB := op&1 != 0, op&2 != 0
				_, _, lda := stored(tA, m, k, 0)
				_, _, ldb := stored(tB, k, n, 0)
				kernels.Gemm(tA, tB, m, n, k, a, lda, b, ldb, c, n, &ws)
				p.Pack(tB, k, n, b, ldb)
				kernels.GemmPacked(tA, m, a, lda, &p, c, n, &ws)
			}
		}
		run()
		if got := testing.AllocsPerRun(10, run); got != 0 {
			t.Fatalf("%v allocations per run, want 0", got)
		}
	})
}

// FuzzGemm checks every tier against the float64 reference on fuzzed
// shapes, operations and values.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(3), uint8(5), uint8(0), []byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
	f.Add(uint8(13), uint8(33), uint8(3), make([]byte, 4*400))
	f.Fuzz(func(t *testing.T, mb, nb, ops uint8, data []byte) {
		v := floats(data)
		m, n := int(mb%40)+1, int(nb%70)+1
		if len(v) < m+n {
			return
		}
		k := len(v) / (m + n)
		tA, tB := ops&1 != 0, ops&2 != 0
		a, b := v[:m*k], v[m*k:m*k+k*n]
		_, _, lda := stored(tA, m, k, 0)
		_, _, ldb := stored(tB, k, n, 0)
		g := gemmCase{tA: tA, tB: tB, m: m, n: n, k: k}
		c0 := make([]float32, m*n)
		for i := range c0 {
			c0[i] = float32(i%7) - 3
		}
		want, sa := refGemm(g, a, lda, b, ldb, c0, n)
		testutil.ForEachImpl(t, func(t *testing.T) {
			c := append([]float32(nil), c0...)
			kernels.Gemm(tA, tB, m, n, k, a, lda, b, ldb, c, n, nil)
			for i := range c {
				if !testutil.Close(c[i], want[i], testutil.SumBound(k+2, sa[i])) {
					t.Fatalf("%v: C[%d] = %v, want %v", g, i, c[i], want[i])
				}
			}
		})
	})
}
