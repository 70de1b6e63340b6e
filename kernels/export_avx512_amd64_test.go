//go:build amd64 && !purego && !noasm

package kernels

import (
	"fmt"
	"unsafe"
)

// GerAVX512 is the avx512 tier's Ger, for TestGerAVX512Bitwise.
var GerAVX512 = gerAVX512

// MatVecAVX512Paths returns the kernels the avx512 tier's MatVec runs for
// an m x n matrix stored in w (each block of rows that MatVec passes on is
// one call): "U" (matVecUAVX512), "S" (matVecS) or "A" (matVecAAVX512)
// followed by c, the number of row alignments within 64 bytes.
func MatVecAVX512Paths(m, n int, w []float32) []string {
	var paths []string
	rb := rowBlock(n)
	for i := 0; i < m; i += rb {
		e := min(i+rb, m)
		s0 := int(uintptr(unsafe.Pointer(&w[i*n]))/4) & 15
		p, c := matVecAVX512Path(e-i, n, s0)
		paths = append(paths, fmt.Sprintf("%c%d", "USA"[p], c))
	}
	return paths
}
