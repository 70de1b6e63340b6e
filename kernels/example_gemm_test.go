package kernels_test

import (
	"fmt"

	"github.com/simdrnn/simdrnn/kernels"
)

func ExampleGemm() {
	a := []float32{ // 2 x 3
		1, 2, 3,
		4, 5, 6,
	}
	b := []float32{ // 3 x 2
		1, 0,
		0, 1,
		1, 1,
	}
	c := make([]float32, 2*2)
	var ws kernels.Workspace // reuse it: products then allocate nothing
	kernels.Gemm(false, false, 2, 2, 3, a, 3, b, 2, c, 2, &ws)
	fmt.Println(c)
	// Output: [4 5 10 11]
}

// A batch of hidden states times a weight matrix packed once: H += X W^T,
// as in a recurrent layer's step over a batch of streams.
func ExampleGemmPacked() {
	w := []float32{ // 3 x 2 weights: 3 outputs, 2 inputs
		1, 0,
		0, 1,
		1, 1,
	}
	var p kernels.PackedB
	p.Pack(true, 2, 3, w, 2) // op(B) = W^T, 2 x 3

	x := []float32{ // a batch of 2 inputs
		1, 2,
		3, 4,
	}
	h := make([]float32, 2*3)
	var ws kernels.Workspace
	kernels.GemmPacked(false, 2, x, 2, &p, h, 3, &ws)
	fmt.Println(h)
	// Output: [1 2 3 3 4 7]
}
