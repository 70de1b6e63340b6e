//go:build amd64 && !purego && !noasm

package kernels_test

import "github.com/simdrnn/simdrnn/kernels"

// avx512MatVecPaths is kernels.MatVecAVX512Paths where the avx512 tier is
// built.
var avx512MatVecPaths = kernels.MatVecAVX512Paths
