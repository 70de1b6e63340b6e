package kernels

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
