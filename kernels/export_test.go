package kernels

import "math"

// The pure-Go twins, for tests that compare a tier with them bit for bit
// while another tier is in use.
var (
	TanhGeneric = tanhGeneric
	ExpGeneric  = expGeneric
)

// SoftmaxGeneric and SoftmaxCrossEntropyGeneric are the pure-Go twins of
// Softmax and SoftmaxCrossEntropy (the tiers agree with them to the bit).
var (
	SoftmaxGeneric             = softmaxGeneric
	SoftmaxCrossEntropyGeneric = softmaxXentGeneric
)

// Twins of the optimizer kernels (the tiers agree with them to the bit).
var (
	AdagradGeneric  = adagradGeneric
	MomentumGeneric = momentumGeneric
)

// AdamGeneric is Adam's pure-Go twin, with Adam's bias corrections.
func AdamGeneric(w, g, m, v []float32, lr, beta1, beta2, eps float32, t int) {
	c1 := float32(1 - math.Pow(float64(beta1), float64(t)))
	c2 := float32(1 - math.Pow(float64(beta2), float64(t)))
	adamGeneric(w, g, m, v, lr, beta1, beta2, eps, c1, c2)
}

// TanhBackwardGeneric is TanhBackward's pure-Go twin.
var TanhBackwardGeneric = tanhBackwardGeneric
