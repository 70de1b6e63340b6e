//go:build amd64 && !purego && !noasm

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// TestGemmKernelsAVX2 checks the avx2 tier's micro-kernels against float64.
func TestGemmKernelsAVX2(t *testing.T) {
	if !cpu.X86AVX2FMA {
		t.Skip("avx2 tier not available on this CPU")
	}
	for _, kr := range gemmAVX2 {
		checkGemmKernel(t, kr)
	}
}

// TestGemmDriverAVX2 checks Gemm and GemmPacked on the avx2 tier against
// float64 on shapes around its tile and block edges.
func TestGemmDriverAVX2(t *testing.T) {
	if !cpu.X86AVX2FMA {
		t.Skip("avx2 tier not available on this CPU")
	}
	checkGemmDriver(t, "avx2")
}

// checkGemmKernel runs kr on kc = 1..33 and a few longer ones, with lda and
// ldc larger than the tile and B's panel packed by the driver's pack, and checks every element of C against float64
// and that the elements between C's rows (and past them) are unchanged.
func checkGemmKernel(t *testing.T, kr gemmKernel) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, uint64(kr.mr*100+kr.nr)))
	mr, nr := kr.mr, kr.nr
	kcs := []int{}
	for kc := 1; kc <= 33; kc++ {
		kcs = append(kcs, kc)
	}
	kcs = append(kcs, 63, 64, 65, 255, 256, 257, 700)
	for _, kc := range kcs {
		for _, pad := range []int{0, 1, 7} {
			lda, ldc := kc+pad, nr+pad+3
			a := make([]float32, (mr-1)*lda+kc)
			b := make([]float32, kc*nr)
			c := make([]float32, mr*ldc)
			for i := range a {
				a[i] = float32(r.NormFloat64())
			}
			for i := range b {
				b[i] = float32(r.NormFloat64())
			}
			for i := range c {
				c[i] = float32(r.NormFloat64())
			}
			c0 := append([]float32(nil), c...)
			panel := make([]float32, kr.kpad(kc)*nr)
			(&gemmB{b: b, ldb: nr}).pack(panel, kr, 0, kc, 0, nr)
			kr.kern(kc, &a[0], lda, &panel[0], &c[0], ldc)
			for i := range mr {
				for j := range ldc {
					got := c[i*ldc+j]
					if j >= nr {
						if math.Float32bits(got) != math.Float32bits(c0[i*ldc+j]) {
							t.Fatalf("%dx%d kc=%d: c[%d][%d] outside the tile changed", mr, nr, kc, i, j)
						}
						continue
					}
					want, abs := float64(c0[i*ldc+j]), math.Abs(float64(c0[i*ldc+j]))
					for p := range kc {
						x := float64(a[i*lda+p]) * float64(b[p*nr+j])
						want += x
						abs += math.Abs(x)
					}
					if d := math.Abs(float64(got) - want); d > float64(kc+2)*0x1p-24*abs {
						t.Fatalf("%dx%d kc=%d lda=%d: c[%d][%d] = %v, want %v", mr, nr, kc, lda, i, j, got, want)
					}
				}
			}
		}
	}
}

// checkGemmDriver runs Gemm (all four transpositions) and GemmPacked on
// tier and checks them against float64, with leading dimensions larger
// than the rows and one Workspace reused by every call.
func checkGemmDriver(t *testing.T, tier string) {
	t.Helper()
	defer Use("")
	if err := Use(tier); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2, 3))
	var ws Workspace
	dims := []int{1, 5, 11, 12, 13, 16, 17, 24, 25, 31, 33, 47, 70}
	ks := []int{1, 3, 17, 200, 513}
	for _, m := range dims {
		for _, n := range dims {
			for _, k := range ks {
				for op := range 5 {
					ta, tb := op&1 != 0, op&2 != 0
					packed := op == 4
					name := fmt.Sprintf("%s m=%d n=%d k=%d ta=%v tb=%v packed=%v", tier, m, n, k, ta, tb, packed)
					ar, ac := m, k
					if ta {
						ar, ac = k, m
					}
					br, bc := k, n
					if tb {
						br, bc = n, k
					}
					lda, ldb, ldc := ac+1, bc+2, n+3
					a := make([]float32, (ar-1)*lda+ac)
					b := make([]float32, (br-1)*ldb+bc)
					c := make([]float32, (m-1)*ldc+n)
					for _, s := range [][]float32{a, b, c} {
						for i := range s {
							s[i] = float32(r.NormFloat64())
						}
					}
					c0 := append([]float32(nil), c...)
					if packed {
						var p PackedB
						p.Pack(tb, k, n, b, ldb)
						GemmPacked(ta, m, a, lda, &p, c, ldc, &ws)
					} else {
						Gemm(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, &ws)
					}
					at := func(i, p int) float64 {
						if ta {
							return float64(a[p*lda+i])
						}
						return float64(a[i*lda+p])
					}
					bt := func(p, j int) float64 {
						if tb {
							return float64(b[j*ldb+p])
						}
						return float64(b[p*ldb+j])
					}
					for i := range m {
						for j := range ldc {
							if i*ldc+j >= len(c) {
								break
							}
							if j >= n {
								if c[i*ldc+j] != c0[i*ldc+j] {
									t.Fatalf("%s: c[%d][%d] outside C changed", name, i, j)
								}
								continue
							}
							want, abs := float64(c0[i*ldc+j]), math.Abs(float64(c0[i*ldc+j]))
							for p := range k {
								x := at(i, p) * bt(p, j)
								want += x
								abs += math.Abs(x)
							}
							if d := math.Abs(float64(c[i*ldc+j]) - want); d > float64(k+2)*0x1p-24*abs {
								t.Fatalf("%s: c[%d][%d] = %v, want %v", name, i, j, c[i*ldc+j], want)
							}
						}
					}
				}
			}
		}
	}
}
