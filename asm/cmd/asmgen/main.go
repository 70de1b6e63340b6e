// Command asmgen writes simdrnn's generated assembly files (every file of
// asm/gen's Files: matvec, rankk and gemm of the avx2 and avx512 tiers,
// gemm of the neon tier) into a directory, kernels/ by default:
//
//	cd asm && go run ./cmd/asmgen            # or: go generate ./kernels
//	cd asm && go run ./cmd/asmgen -dir /tmp/out
//
// asm/gen's test checks that the files in kernels/ are what the generators
// produce.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/simdrnn/simdrnn/asm/gen"
)

func main() {
	dir := flag.String("dir", "../kernels", "directory to write the files into")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: asmgen [-dir directory]")
		os.Exit(2)
	}
	if err := gen.WriteAll(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "asmgen:", err)
		os.Exit(1)
	}
}
