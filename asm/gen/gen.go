// Package gen lists the generators of simdrnn's generated assembly: kernels
// whose unrolled blocks are too regular to maintain by hand. There is one
// package per tier, one function per file: kernels/<op>_<tier>_<arch>.s
// comes from the function <Op> of package gen/<tier> (its code in
// gen/<tier>/<op>*.go), which returns the file's complete text through the
// writer of gen/internal/emit. Files lists them all, cmd/asmgen writes them
// into kernels/, and this package's test fails when a file in kernels/
// differs from what its generator produces now.
package gen

import (
	"path/filepath"

	"github.com/simdrnn/simdrnn/asm/gen/avx2"
	"github.com/simdrnn/simdrnn/asm/gen/avx512"
	"github.com/simdrnn/simdrnn/asm/gen/neon"
	"github.com/simdrnn/simdrnn/internal/atomicfile"
)

// File is one generated file of kernels/.
type File struct {
	Name     string        // file name in kernels/, e.g. "matvec_avx2_amd64.s"
	Generate func() []byte // its complete text
}

// Files lists every generated file.
var Files = []File{
	{"matvec_avx2_amd64.s", avx2.MatVec},
	{"rankk_avx2_amd64.s", avx2.RankK},
	{"matvec_avx512_amd64.s", avx512.MatVec},
	{"rankk_avx512_amd64.s", avx512.RankK},
	{"gemm_avx2_amd64.s", avx2.Gemm},
	{"gemm_avx512_amd64.s", avx512.Gemm},
	{"gemm_neon_arm64.s", neon.Gemm},
}

// WriteAll generates every file of Files into dir (kernels/ to update the
// library, a temporary directory to compare), replacing each atomically.
func WriteAll(dir string) error {
	for _, f := range Files {
		if err := atomicfile.WriteFile(filepath.Join(dir, f.Name), f.Generate(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
