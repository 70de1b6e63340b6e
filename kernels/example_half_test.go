package kernels_test

import (
	"fmt"

	"github.com/simdrnn/simdrnn/kernels"
)

func ExampleMatVecF16() {
	w32 := []float32{1, 2, 3, 4, 5, 6.0001} // 2 x 3
	w := make([]kernels.F16, len(w32))
	kernels.ToF16(w, w32) // 6.0001 rounds to 6 (11 significant bits)
	x := []float32{1, 1, 1}
	y := make([]float32, 2)
	kernels.MatVecF16(y, w, x)
	fmt.Println(y)
	// Output: [6 15]
}

// Rounding to BF16 keeps 8 significant bits, ties to even: 1 + 2^-8 is
// halfway between 1 and 1 + 2^-7 and goes to 1 (even), 1 + 3*2^-8 to
// 1 + 2^-6; beyond 0x1.ff8p127 the result is infinite.
func ExampleF32ToBF16() {
	for _, v := range []float32{1, 1.00390625, 1.01171875, 3e38, 3.4e38} {
		h := kernels.F32ToBF16(v)
		fmt.Printf("%v -> %#04x = %v\n", v, uint16(h), kernels.BF16ToF32(h))
	}
	// Output:
	// 1 -> 0x3f80 = 1
	// 1.0039062 -> 0x3f80 = 1
	// 1.0117188 -> 0x3f82 = 1.015625
	// 3e+38 -> 0x7f62 = 3.0040553e+38
	// 3.4e+38 -> 0x7f80 = +Inf
}
