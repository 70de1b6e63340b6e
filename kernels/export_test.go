package kernels

// The pure-Go twins, for tests that compare a tier with them bit for bit
// while another tier is in use.
var (
	TanhGeneric = tanhGeneric
	ExpGeneric  = expGeneric
)

// SoftmaxGeneric is Softmax composed from the pure-Go twins (the tiers
// agree with it to the bit).
func SoftmaxGeneric(dst, src []float32) {
	m := maxGeneric(src)
	s := expShiftSumGeneric(dst, src, m)
	scaleGeneric(1/s, dst)
}

// SoftmaxCrossEntropyGeneric is SoftmaxCrossEntropy composed from the
// pure-Go twins (the tiers agree with it to the bit).
func SoftmaxCrossEntropyGeneric(grad, logits []float32, target int) float32 {
	m := maxGeneric(logits)
	lt := logits[target] - m
	s := expShiftSumGeneric(grad, logits, m)
	scaleGeneric(1/s, grad)
	grad[target] -= 1
	return xentLoss(s, lt)
}

// AdagradGeneric is Adagrad's pure-Go twin.
var AdagradGeneric = adagradGeneric

// MomentumGeneric is SGDMomentum's pure-Go twin (the tiers agree with it to
// the bit).
func MomentumGeneric(w, g, vel []float32, lr, mu float32) { momentumGeneric(w, g, vel, -lr, mu) }

// AdamGeneric is Adam's pure-Go twin, with Adam's bias corrections.
func AdamGeneric(w, g, m, v []float32, lr, beta1, beta2, eps float32, t int) {
	a, b := adamCoefficients(lr, beta1, beta2, t)
	adamGeneric(w, g, m, v, beta1, 1-beta1, beta2, 1-beta2, a, b, eps)
}

// TanhBackwardGeneric is TanhBackward's pure-Go twin.
var TanhBackwardGeneric = tanhBackwardGeneric
