//go:build arm64 && !purego && !noasm

package kernels_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// gemmNEONKcs are the depths the neon micro-kernel is tested at: around its
// 4-step unroll (and the kc%4 scalar steps), and longer runs.
var gemmNEONKcs = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 64, 100}

// gemmTileRef returns c[i*ldc+j] + sum_p a[i*lda+p]*b[p*nr+j] for the mr x nr
// tile in float64, and the error bound of a float32 computation of it.
func gemmTileRef(mr, nr, kc int, a []float32, lda int, b, c []float32, ldc int) (want, bound []float64) {
	want, bound = make([]float64, mr*nr), make([]float64, mr*nr)
	for i := range mr {
		for j := range nr {
			s, abs := float64(c[i*ldc+j]), math.Abs(float64(c[i*ldc+j]))
			for p := range kc {
				t := float64(a[i*lda+p]) * float64(b[p*nr+j])
				s += t
				abs += math.Abs(t)
			}
			want[i*nr+j], bound[i*nr+j] = s, testutil.SumBound(kc+1, abs)
		}
	}
	return want, bound
}

// checkGemmTile reports an error for every element of the tile of c that is
// not within bound of want, and for every element of c outside the tile
// (the rest of each row up to ldc) that changed from orig.
func checkGemmTile(t *testing.T, name string, mr, nr int, c, orig []float32, ldc int, want, bound []float64) {
	t.Helper()
	bad := 0
	for i := range c {
		r, j := i/ldc, i%ldc
		if r < mr && j < nr {
			if !testutil.Close(c[i], want[r*nr+j], bound[r*nr+j]) && bad < 5 {
				t.Errorf("%s: c[%d,%d] = %v, want %v (bound %.3g)", name, r, j, c[i], want[r*nr+j], bound[r*nr+j])
				bad++
			}
		} else if math.Float32bits(c[i]) != math.Float32bits(orig[i]) && bad < 5 {
			t.Errorf("%s: c[%d,%d], outside the %dx%d tile, changed from %v to %v", name, r, j, mr, nr, orig[i], c[i])
			bad++
		}
	}
}

// TestGemmKernelNEON calls each neon micro-kernel directly against a
// float64 reference: depths around the 4-step unroll, A and C with leading
// dimensions larger than the tile (A's gap elements are NaN, so reading one
// shows; C's must not change), operands at every 4-byte offset of a 64-byte
// line with guards around them, and small integers, whose sums are exact
// in any order.
func TestGemmKernelNEON(t *testing.T) {
	testutil.RequireTier(t, "neon")
	for _, kr := range kernels.GemmNEONKernels() {
		t.Run(fmt.Sprintf("%dx%d", kr.MR, kr.NR), func(t *testing.T) { testGemmKernelNEON(t, kr) })
	}
}

func testGemmKernelNEON(t *testing.T, kr kernels.GemmNEONKernel) {
	mr, nr := kr.MR, kr.NR
	nan := float32(math.NaN())
	for _, kc := range gemmNEONKcs {
		for _, lda := range []int{kc, kc + 1, kc + 4, 3*kc + 7} {
			for _, ldc := range []int{nr, nr + 1, nr + 8, 3*nr + 5} {
				for _, ints := range []bool{false, true} {
					off := (kc + lda + ldc) % 16
					name := fmt.Sprintf("kc=%d lda=%d ldc=%d off=%d ints=%v", kc, lda, ldc, off, ints)
					r := testutil.Rand(kc, lda, ldc)
					gen := testutil.Uniform(r)
					if ints {
						gen = testutil.SmallInts(r, 8)
					}
					ab := testutil.NewBuf[float32]((mr-1)*lda+kc, off).Fill(func(i int) float32 {
						if i%lda >= kc {
							return nan
						}
						return gen(i)
					})
					bb := testutil.NewBuf[float32](kc*nr, (off+5)%16).Fill(gen)
					cb := testutil.NewBuf[float32]((mr-1)*ldc+nr, (off+11)%16).Fill(gen)
					a, b, c := ab.S(), bb.S(), cb.S()
					ac, bc, orig := ab.Copy(), bb.Copy(), cb.Copy()
					want, bound := gemmTileRef(mr, nr, kc, a, lda, b, c, ldc)
					if ints {
						clear(bound) // exact
					}
					kr.Kern(kc, &a[0], lda, &b[0], &c[0], ldc)
					checkGemmTile(t, name, mr, nr, c, orig, ldc, want, bound)
					cb.CheckGuards(t, name+": c")
					ab.Unchanged(t, name+": a", ac)
					bb.Unchanged(t, name+": b", bc)
				}
			}
		}
	}
}

// TestGemmKernelNEONPages runs each neon micro-kernel with A, B and C each
// ending right before an inaccessible page and starting right after one,
// so that a load or store one element past the operands crashes.
func TestGemmKernelNEONPages(t *testing.T) {
	testutil.RequireTier(t, "neon")
	for _, kr := range kernels.GemmNEONKernels() {
		t.Run(fmt.Sprintf("%dx%d", kr.MR, kr.NR), func(t *testing.T) { testGemmKernelNEONPages(t, kr) })
	}
}

func testGemmKernelNEONPages(t *testing.T, kr kernels.GemmNEONKernel) {
	mr, nr := kr.MR, kr.NR
	for _, kc := range gemmNEONKcs {
		lda, ldc := kc+3, nr+2
		aEnd, aStart := testutil.PageSlices[float32](t, (mr-1)*lda+kc)
		bEnd, bStart := testutil.PageSlices[float32](t, kc*nr)
		cEnd, cStart := testutil.PageSlices[float32](t, (mr-1)*ldc+nr)
		for v, ops := range [][3][]float32{{aEnd, bEnd, cEnd}, {aStart, bStart, cStart}} {
			a, b, c := ops[0], ops[1], ops[2]
			gen := testutil.Uniform(testutil.Rand(kc, v))
			for _, s := range ops {
				for i := range s {
					s[i] = gen(i)
				}
			}
			orig := append([]float32(nil), c...)
			want, bound := gemmTileRef(mr, nr, kc, a, lda, b, c, ldc)
			kr.Kern(kc, &a[0], lda, &b[0], &c[0], ldc)
			checkGemmTile(t, fmt.Sprintf("kc=%d, operands %s a guard page", kc, [2]string{"ending at", "starting after"}[v]), mr, nr, c, orig, ldc, want, bound)
		}
	}
}

// TestGemmNEONEdges runs Gemm and GemmPacked on the neon tier on shapes
// around its 4 x 24 and 8 x 8 tiles (whole tiles, and edge tiles through
// the driver's padded copies), in all four transpositions, against a
// float64 reference.
func TestGemmNEONEdges(t *testing.T) {
	testutil.RequireTier(t, "neon")
	if err := kernels.Use("neon"); err != nil {
		t.Fatal(err)
	}
	defer kernels.Use("")
	var ws kernels.Workspace
	var pb kernels.PackedB
	for _, m := range []int{1, 3, 4, 5, 7, 8, 9, 16, 17} {
		for _, n := range []int{1, 7, 8, 9, 16, 23, 24, 25, 48, 49} {
			for _, k := range []int{1, 4, 7, 33} {
				for tr := range 4 {
					ta, tb := tr&1 != 0, tr&2 != 0
					gen := testutil.Uniform(testutil.Rand(m, n, k, tr))
					lda, ldb, ldc := k+1, n+2, n+3
					if ta {
						lda = m + 1
					}
					if tb {
						ldb = k + 2
					}
					a := make([]float32, max(m, k)*lda)
					b := make([]float32, max(n, k)*ldb)
					orig := make([]float32, m*ldc)
					for _, s := range [][]float32{a, b, orig} {
						for i := range s {
							s[i] = gen(i)
						}
					}
					opA := func(i, p int) float32 {
						if ta {
							return a[p*lda+i]
						}
						return a[i*lda+p]
					}
					opB := func(p, j int) float32 {
						if tb {
							return b[j*ldb+p]
						}
						return b[p*ldb+j]
					}
					want, bound := make([]float64, m*n), make([]float64, m*n)
					for i := range m {
						for j := range n {
							s, abs := float64(orig[i*ldc+j]), math.Abs(float64(orig[i*ldc+j]))
							for p := range k {
								x := float64(opA(i, p)) * float64(opB(p, j))
								s += x
								abs += math.Abs(x)
							}
							want[i*n+j], bound[i*n+j] = s, testutil.SumBound(k+2, abs)
						}
					}
					for _, packed := range []bool{false, true} {
						name := fmt.Sprintf("m=%d n=%d k=%d transA=%v transB=%v packed=%v", m, n, k, ta, tb, packed)
						c := append([]float32(nil), orig...)
						if packed {
							pb.Pack(tb, k, n, b, ldb)
							kernels.GemmPacked(ta, m, a, lda, &pb, c, ldc, &ws)
						} else {
							kernels.Gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, &ws)
						}
						for i := range m {
							for j := range ldc {
								got := c[i*ldc+j]
								if j >= n {
									if math.Float32bits(got) != math.Float32bits(orig[i*ldc+j]) {
										t.Fatalf("%s: c[%d,%d] outside C changed", name, i, j)
									}
								} else if !testutil.Close(got, want[i*n+j], bound[i*n+j]) {
									t.Fatalf("%s: c[%d,%d] = %v, want %v", name, i, j, got, want[i*n+j])
								}
							}
						}
					}
				}
			}
		}
	}
}
