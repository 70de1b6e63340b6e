package kernels_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// The parts of a product are checked against the whole product (Gemm,
// GemmPacked, Pack, GerK: each tested against float64 references in its
// own tests): their claim is to leave every bit of C (and of its padding
// and guards) as the whole call does, for any number of parts, run in
// order or concurrently.

// partDims are the m and n of the part tests: around the tiers' tiles and
// panels (4, 6, 8, 12, 16, 24, 32 rows or columns) and a few larger.
var partDims = []int{1, 3, 5, 12, 13, 16, 17, 31, 33, 48, 65, 97, 130}

func partCases(short bool) []gemmCase {
	var cs []gemmCase
	ks := []int{1, 9, 300, 700}
	dims := partDims
	if short {
		ks, dims = []int{9, 300}, []int{5, 17, 33, 130}
	}
	for i, m := range dims {
		for j, n := range dims {
			k := ks[(i+j)%len(ks)]
			tr := (i + 2*j) % 4
			cs = append(cs, gemmCase{tA: tr&1 != 0, tB: tr&2 != 0, m: m, n: n, k: k, padA: j % 3, padB: i % 2, padC: (i + j) % 3, off: (i + j) % 7})
		}
	}
	return cs
}

// runParts runs every part of the product, in order (conc false) or each
// on its own goroutine.
func runParts(parts int, conc bool, part func(p int, ws *kernels.Workspace)) {
	if !conc {
		var ws kernels.Workspace
		for p := range parts {
			part(p, &ws)
		}
		return
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ws kernels.Workspace
			part(p, &ws)
		}()
	}
	wg.Wait()
}

func TestGemmPart(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, g := range partCases(testing.Short()) {
			r := testutil.Rand(g.m, g.n, g.k, 7)
			gen := testutil.Uniform(r)
			nan := float32(math.NaN())
			ar, ac, lda := stored(g.tA, g.m, g.k, g.padA)
			br, bc, ldb := stored(g.tB, g.k, g.n, g.padB)
			A := newGemmMatrix(ar, ac, lda, g.off, gen, nan)
			B := newGemmMatrix(br, bc, ldb, (g.off+5)%16, gen, nan)
			C := newGemmMatrix(g.m, g.n, g.n+g.padC, (g.off+11)%16, gen, 12345)
			a, b := A.buf.S(), B.buf.S()
			a0, b0, c0 := A.buf.Copy(), B.buf.Copy(), C.buf.Copy()
			whole := slices.Clone(c0)
			kernels.Gemm(g.tA, g.tB, g.m, g.n, g.k, a, lda, b, ldb, whole, C.ld, nil)
			var p kernels.PackedB
			p.Pack(g.tB, g.k, g.n, b, ldb)
			wholeP := slices.Clone(c0)
			kernels.GemmPacked(g.tA, g.m, a, lda, &p, wholeP, C.ld, nil)
			for parts := 1; parts <= 5; parts++ {
				conc := parts%2 == 0
				c := C.buf.S()
				copy(c, c0)
				runParts(parts, conc, func(q int, ws *kernels.Workspace) {
					kernels.GemmPart(q, parts, g.tA, g.tB, g.m, g.n, g.k, a, lda, b, ldb, c, C.ld, ws)
				})
				samePartBits(t, fmt.Sprintf("%v GemmPart parts=%d", g, parts), c, whole)
				C.buf.CheckGuards(t, "GemmPart c")
				copy(c, c0)
				runParts(parts, conc, func(q int, ws *kernels.Workspace) {
					kernels.GemmPackedPart(q, parts, g.tA, g.m, a, lda, &p, c, C.ld, ws)
				})
				samePartBits(t, fmt.Sprintf("%v GemmPackedPart parts=%d", g, parts), c, wholeP)
				C.buf.CheckGuards(t, "GemmPackedPart c")
			}
			A.buf.Unchanged(t, "a", a0)
			B.buf.Unchanged(t, "b", b0)
		}
	})
}

// TestPackPart checks that a PackedB packed in parts multiplies exactly as
// one packed whole, after the matrix changed in place.
func TestPackPart(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, g := range partCases(testing.Short()) {
			r := testutil.Rand(g.k, g.n, 3)
			gen := testutil.Uniform(r)
			ar, ac, lda := stored(g.tA, g.m, g.k, g.padA)
			br, bc, ldb := stored(g.tB, g.k, g.n, g.padB)
			A := newGemmMatrix(ar, ac, lda, g.off, gen, float32(math.NaN()))
			B := newGemmMatrix(br, bc, ldb, 3, gen, float32(math.NaN()))
			B2 := newGemmMatrix(br, bc, ldb, 3, gen, float32(math.NaN())) // the matrix after an update
			c0 := make([]float32, g.m*g.n)
			var want kernels.PackedB
			want.Pack(g.tB, g.k, g.n, B2.buf.S(), ldb)
			wc := slices.Clone(c0)
			kernels.GemmPacked(g.tA, g.m, A.buf.S(), lda, &want, wc, g.n, nil)
			for parts := 1; parts <= 5; parts++ {
				var p kernels.PackedB
				p.Pack(g.tB, g.k, g.n, B.buf.S(), ldb)
				runParts(parts, true, func(q int, _ *kernels.Workspace) {
					p.PackPart(q, parts, g.tB, B2.buf.S(), ldb)
				})
				c := slices.Clone(c0)
				kernels.GemmPacked(g.tA, g.m, A.buf.S(), lda, &p, c, g.n, nil)
				samePartBits(t, fmt.Sprintf("%v PackPart parts=%d", g, parts), c, wc)
			}
		}
	})
}

func TestGerKPart(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, m := range []int{1, 5, 16, 17, 33, 65, 130} {
			for _, n := range []int{1, 7, 16, 33, 65, 300} {
				for _, k := range []int{1, 3, 40, 200} {
					r := testutil.Rand(m, n, k)
					gen := testutil.Uniform(r)
					x := testutil.NewBuf[float32](k*m, 1).Fill(gen)
					y := testutil.NewBuf[float32](k*n, 2).Fill(gen)
					w := testutil.NewBuf[float32](m*n, 3).Fill(gen)
					w0 := w.Copy()
					whole := slices.Clone(w0)
					kernels.GerK(whole, 0.5, x.S(), y.S(), k)
					for parts := 1; parts <= 5; parts++ {
						copy(w.S(), w0)
						runParts(parts, parts%2 == 0, func(q int, _ *kernels.Workspace) {
							kernels.GerKPart(q, parts, w.S(), 0.5, x.S(), y.S(), k)
						})
						samePartBits(t, fmt.Sprintf("m=%d n=%d k=%d parts=%d", m, n, k, parts), w.S(), whole)
						w.CheckGuards(t, "GerKPart w")
					}
				}
			}
		}
	})
}

// samePartBits fails when got and want differ in any bit.
func samePartBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: element %d = %v (%#x), want %v (%#x) as the whole product", what, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

func TestPartPanics(t *testing.T) {
	a, b, c := make([]float32, 16), make([]float32, 16), make([]float32, 16)
	var empty, p kernels.PackedB
	p.Pack(false, 4, 4, b, 4)
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"part", "GemmPart: part 2 of 2", func() { kernels.GemmPart(2, 2, false, false, 4, 4, 4, a, 4, b, 4, c, 4, nil) }},
		{"parts", "GemmPart: part 0 of 0", func() { kernels.GemmPart(0, 0, false, false, 4, 4, 4, a, 4, b, 4, c, 4, nil) }},
		{"shape", "GemmPart", func() { kernels.GemmPart(0, 2, false, false, 5, 4, 4, a, 4, b, 4, c, 4, nil) }},
		{"empty", "GemmPackedPart: the PackedB is empty", func() { kernels.GemmPackedPart(0, 2, false, 4, a, 4, &empty, c, 4, nil) }},
		{"negpart", "GemmPackedPart: part -1 of 2", func() { kernels.GemmPackedPart(-1, 2, false, 4, a, 4, &p, c, 4, nil) }},
		{"packempty", "PackPart: the PackedB is empty", func() { empty.PackPart(0, 1, false, b, 4) }},
		{"packshape", "PackPart", func() { p.PackPart(0, 1, false, b[:10], 4) }},
		{"gerk", "GerKPart: part 3 of 3", func() { kernels.GerKPart(3, 3, c, 1, a[:4], b[:4], 1) }},
		{"gerkshape", "GerKPart: len(w) = 16", func() { kernels.GerKPart(0, 3, c, 1, a[:5], b[:4], 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Fatalf("panic %v, want one containing %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

func TestPartAllocs(t *testing.T) {
	const m, n, k = 40, 70, 50
	a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	var p kernels.PackedB
	p.Pack(true, k, n, b, k)
	var ws kernels.Workspace
	kernels.GemmPart(0, 2, false, false, m, n, k, a, k, b, n, c, n, &ws)
	if got := testing.AllocsPerRun(20, func() {
		for q := range 3 {
			kernels.GemmPart(q, 3, false, false, m, n, k, a, k, b, n, c, n, &ws)
			kernels.GemmPackedPart(q, 3, false, m, a, k, &p, c, n, &ws)
			p.PackPart(q, 3, true, b, k)
			kernels.GerKPart(q, 3, c[:m*n], 1, a[:k*m], b[:k*n], k)
		}
	}); got != 0 {
		t.Fatalf("%v allocations per run, want 0", got)
	}
}
