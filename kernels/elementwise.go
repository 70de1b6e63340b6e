package kernels

import "math"

// Tanh computes dst[i] = tanh(src[i]). len(dst) must equal len(src); dst may
// be src itself (in place) but must not overlap it otherwise.
func Tanh(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Tanh", "dst", len(dst), "src", len(src))
	}
	cur.tanh(dst, src)
}

// TanhBackward computes dst[i] = dy[i] * (1 - y[i]*y[i]), the gradient of
// the loss with respect to tanh's input given its output y and the gradient
// dy with respect to that output. dst may be y or dy itself.
func TanhBackward(dst, y, dy []float32) {
	if len(dst) != len(y) || len(y) != len(dy) {
		panicLen3("TanhBackward", len(dst), len(y), len(dy), "dst, y, dy")
	}
	cur.tanhBackward(dst, y, dy)
}

// Exp computes dst[i] = e^src[i]. dst may be src itself.
func Exp(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Exp", "dst", len(dst), "src", len(src))
	}
	cur.exp(dst, src)
}

// Softmax computes dst = exp(src - max(src)) / sum(exp(src - max(src))), the
// numerically stable softmax. dst may be src itself. An empty src is a no-op.
func Softmax(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Softmax", "dst", len(dst), "src", len(src))
	}
	if len(src) == 0 {
		return
	}
	cur.softmax(dst, src)
}

// SoftmaxCrossEntropy computes p = softmax(logits) and returns the
// cross-entropy loss -log p[target] (in nats), leaving in grad the gradient
// of that loss with respect to the logits, p - onehot(target). grad may be
// logits itself. target must be in [0, len(logits)).
//
// The loss is computed as log(sum exp(l - max)) - (l[target] - max), so it
// stays finite and accurate when p[target] underflows.
func SoftmaxCrossEntropy(grad, logits []float32, target int) float32 {
	if len(grad) != len(logits) {
		panicLen2("SoftmaxCrossEntropy", "grad", len(grad), "logits", len(logits))
	}
	if target < 0 || target >= len(logits) {
		panicf("kernels: SoftmaxCrossEntropy: target %d out of range [0, %d)", target, len(logits))
	}
	return cur.softmaxXent(grad, logits, target)
}

// Adagrad applies one Adagrad step, as in min-char-rnn:
//
//	m[i] += g[i]*g[i]
//	w[i] -= lr * g[i] / sqrt(m[i] + eps)
//
// w, g and m must have the same length and must not overlap.
func Adagrad(w, g, m []float32, lr, eps float32) {
	if len(w) != len(g) || len(g) != len(m) {
		panicLen3("Adagrad", len(w), len(g), len(m), "w, g, m")
	}
	cur.adagrad(w, g, m, lr, eps)
}

// Adam applies step t (t >= 1) of Adam with bias correction:
//
//	m[i] = beta1*m[i] + (1-beta1)*g[i]
//	v[i] = beta2*v[i] + (1-beta2)*g[i]*g[i]
//	w[i] -= lr * (m[i]/(1-beta1^t)) / (sqrt(v[i]/(1-beta2^t)) + eps)
//
// w, g, m and v must have the same length and must not overlap.
func Adam(w, g, m, v []float32, lr, beta1, beta2, eps float32, t int) {
	if len(w) != len(g) || len(g) != len(m) || len(m) != len(v) {
		panicf("kernels: Adam: lengths of w, g, m, v differ: %d, %d, %d, %d", len(w), len(g), len(m), len(v))
	}
	if t < 1 {
		panicf("kernels: Adam: step t = %d, want t >= 1", t)
	}
	c1 := float32(1 - math.Pow(float64(beta1), float64(t)))
	c2 := float32(1 - math.Pow(float64(beta2), float64(t)))
	cur.adam(w, g, m, v, lr, beta1, beta2, eps, c1, c2)
}

// SGDMomentum applies one step of SGD with (classical) momentum:
//
//	vel[i] = mu*vel[i] - lr*g[i]
//	w[i] += vel[i]
//
// w, g and vel must have the same length and must not overlap.
func SGDMomentum(w, g, vel []float32, lr, mu float32) {
	if len(w) != len(g) || len(g) != len(vel) {
		panicLen3("SGDMomentum", len(w), len(g), len(vel), "w, g, vel")
	}
	cur.momentum(w, g, vel, lr, mu)
}

// Clip limits every x[i] to [-c, c] in place (c >= 0). NaN stays NaN.
func Clip(x []float32, c float32) {
	if !(c >= 0) {
		panicf("kernels: Clip: bound c = %v, want c >= 0", c)
	}
	cur.clip(x, c)
}

// SumSquares returns sum_i x[i]*x[i], for clipping by global norm.
func SumSquares(x []float32) float32 {
	return cur.sumSquares(x)
}
