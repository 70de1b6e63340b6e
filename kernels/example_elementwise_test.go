package kernels_test

import (
	"fmt"
	"math"

	"github.com/simdrnn/simdrnn/kernels"
)

func ExampleTanh() {
	h := []float32{-2, -0.5, 0, 0.5, 2}
	kernels.Tanh(h, h) // in place
	fmt.Printf("%.6f\n", h)
	// Output: [-0.964028 -0.462117 0.000000 0.462117 0.964028]
}

func ExampleSoftmaxCrossEntropy() {
	logits := []float32{1, 2, 3}
	grad := make([]float32, 3)
	loss := kernels.SoftmaxCrossEntropy(grad, logits, 2)
	fmt.Printf("loss %.4f (= -log p[2])\n", loss)
	fmt.Printf("grad %.4f (= p - onehot(2))\n", grad)
	// Output:
	// loss 0.4076 (= -log p[2])
	// grad [0.0900 0.2447 -0.3348] (= p - onehot(2))
}

func ExampleAdagrad() {
	w := []float32{1, 1}
	g := []float32{0.5, -0.25}
	m := make([]float32, 2) // Adagrad memory, starts at 0
	kernels.Adagrad(w, g, m, 0.1, 1e-8)
	fmt.Printf("w %.4f m %.4f\n", w, m)
	// Output: w [0.9000 1.1000] m [0.2500 0.0625]
}

func ExampleExp() {
	x := []float32{-200, -1, 0, 1, 100, float32(math.Inf(-1))}
	kernels.Exp(x, x)
	fmt.Println(x)
	// Output: [0 0.36787945 1 2.7182817 +Inf 0]
}
