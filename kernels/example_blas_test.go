package kernels_test

import (
	"fmt"

	"github.com/simdrnn/simdrnn/kernels"
)

// Small integers keep every sum exact, so every implementation tier prints
// the same digits.

func ExampleDot() {
	x := []float32{1, 2, 3, 4}
	y := []float32{5, 6, 7, 8}
	fmt.Println(kernels.Dot(x, y))
	// Output: 70
}

func ExampleAxpy() {
	x := []float32{1, 2, 3}
	y := []float32{10, 20, 30}
	kernels.Axpy(2, x, y) // y += 2x
	fmt.Println(y)
	// Output: [12 24 36]
}

func ExampleMatVec() {
	w := []float32{ // 2 x 3, row-major
		1, 2, 3,
		4, 5, 6,
	}
	x := []float32{1, 0, -1}
	y := make([]float32, 2)
	kernels.MatVec(y, w, x) // y = W x
	fmt.Println(y)
	kernels.MatVecAdd(y, w, x) // y += W x
	fmt.Println(y)
	// Output:
	// [-2 -2]
	// [-4 -4]
}

func ExampleMatVecT() {
	w := []float32{ // 2 x 3, row-major
		1, 2, 3,
		4, 5, 6,
	}
	x := []float32{1, -1}
	y := make([]float32, 3)
	kernels.MatVecT(y, w, x) // y = W^T x: the backward pass of MatVec
	fmt.Println(y)
	// Output: [-3 -3 -3]
}

func ExampleGer() {
	w := make([]float32, 2*3) // 2 x 3
	x := []float32{1, 2}
	y := []float32{1, 10, 100}
	kernels.Ger(w, 0.5, x, y) // W += 0.5 x y^T
	fmt.Println(w)
	// Output: [0.5 5 50 1 10 100]
}

func ExampleGerK() {
	// The weight gradient of a layer over k = 2 steps, dW = sum_t dh_t x_t^T,
	// in one call: X holds dh_0, dh_1 (k x m) and Y holds x_0, x_1 (k x n).
	dh := []float32{
		1, 2, // dh_0
		3, 4, // dh_1
	}
	x := []float32{
		1, 0, 1, // x_0
		0, 1, 1, // x_1
	}
	dw := make([]float32, 2*3) // m x n = 2 x 3
	kernels.GerK(dw, 1, dh, x, 2)
	fmt.Println(dw[:3])
	fmt.Println(dw[3:])
	// Output:
	// [1 3 4]
	// [2 4 6]
}

func ExampleUse() {
	// Force the pure-Go tier (e.g. to compare results), then restore the
	// best tier this CPU supports.
	if err := kernels.Use("generic"); err != nil {
		fmt.Println(err)
	}
	fmt.Println(kernels.Implementation())
	if err := kernels.Use(""); err != nil {
		fmt.Println(err)
	}
	fmt.Println(kernels.Use("no-such-tier") != nil)
	// Output:
	// generic
	// true
}
