package kernels

// The pure-Go twins, for tests that compare a tier with them bit for bit
// while another tier is in use.
var (
	TanhGeneric    = tanhGeneric
	ExpGeneric     = expGeneric
	SigmoidGeneric = sigmoidGeneric
)

// TierTanhExp returns the Tanh and Exp kernels of the named tier as Use
// would install them, so that a test can run several tiers side by side on
// the same inputs (the exhaustive tests compute each float64 reference once
// for all tiers); ok is false for a tier that is unknown or cannot run on
// this CPU. The functions take equal lengths and check nothing.
func TierTanhExp(name string) (tanh, exp func(dst, src []float32), ok bool) {
	i := tierIndex(name)
	if i < 0 || !allTiers[i].available {
		return nil, nil, false
	}
	f := table(i)
	return f.tanh, f.exp, true
}

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

// GerGeneric is Ger's pure-Go twin.
var GerGeneric = gerGeneric

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

// TierSigmoid returns the Sigmoid kernel of the named tier as Use would
// install it (see TierTanhExp); ok is false for a tier that is unknown or
// cannot run on this CPU.
func TierSigmoid(name string) (sigmoid func(dst, src []float32), ok bool) {
	for i, t := range allTiers {
		if t.name != name || !t.available {
			continue
		}
		var f funcs
		for _, u := range allTiers[:i+1] {
			if u.available {
				u.fill(&f)
			}
		}
		return f.sigmoid, true
	}
	return nil, false
}

// The cell kernels' pure-Go twins.
var (
	LSTMForwardGeneric  = lstmForwardGeneric
	LSTMBackwardGeneric = lstmBackwardGeneric
	GRUForwardGeneric   = gruForwardGeneric
	GRUBackwardGeneric  = gruBackwardGeneric
)
