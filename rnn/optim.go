package rnn

import (
	"errors"
	"fmt"
	"math"

	"github.com/simdrnn/simdrnn/kernels"
)

// Method is an optimization algorithm.
type Method int

const (
	// SGD is stochastic gradient descent with classical momentum:
	// vel = Momentum*vel - LR*g; w += vel.
	SGD Method = iota
	// Adagrad accumulates squared gradients: m += g*g;
	// w -= LR*g/sqrt(m + Eps), as in min-char-rnn.
	Adagrad
	// Adam is Adam with bias correction (Kingma & Ba).
	Adam
)

// String returns the method's name: "sgd", "adagrad" or "adam".
func (m Method) String() string {
	switch m {
	case SGD:
		return "sgd"
	case Adagrad:
		return "adagrad"
	case Adam:
		return "adam"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Optimizer configures the parameter update of a Trainer, including gradient
// clipping, which is applied first: by value (each gradient element limited
// to [-ClipValue, ClipValue]) and then by global norm (all gradients scaled
// by ClipNorm/norm when their joint L2 norm exceeds ClipNorm). A zero bound
// disables that clipping.
type Optimizer struct {
	Method    Method  // the algorithm (zero value: SGD)
	LR        float32 // learning rate
	Momentum  float32 // SGD momentum (0 is plain SGD)
	Beta1     float32 // Adam first-moment decay
	Beta2     float32 // Adam second-moment decay
	Eps       float32 // Adagrad and Adam epsilon
	ClipValue float32 // clip each gradient element to [-ClipValue, ClipValue]; 0: off
	ClipNorm  float32 // clip the global gradient norm to ClipNorm; 0: off
	// Warmup is the number of updates over which the learning rate rises
	// linearly to LR: update t (counted from 1) uses LR*t/Warmup while
	// t < Warmup, and LR from then on. 0: LR from the first update.
	Warmup int
}

// DefaultWarmup is a learning-rate warm-up (Optimizer.Warmup) of 1,000
// updates. Adagrad's and Adam's first updates move every weight by about
// the learning rate whatever the size of its gradient; a warm-up keeps them
// from driving the hidden units into saturation, where they stop learning.
// See "Training from a fresh state" in the package documentation.
const DefaultWarmup = 1000

// MinCharRNN returns min-char-rnn's optimizer exactly: Adagrad with
// learning rate 0.1, epsilon 1e-8, gradients clipped to [-5, 5], no
// warm-up. DefaultAdagrad adds the warm-up that makes it train from a
// fresh state.
func MinCharRNN() Optimizer {
	return Optimizer{Method: Adagrad, LR: 0.1, Eps: 1e-8, ClipValue: 5}
}

// The defaults of the three methods below are the recipes charrnn's -optim
// uses. On tinyshakespeare (hidden 100, seq 25, 10,000 updates, seeds 1-3,
// held-out text from a zero hidden state) they score 2.18-2.19 nats/char
// (Adagrad), 2.27-2.28 (Adam) and 2.32-2.33 (SGD); see "Training from a
// fresh state" in the package documentation.

// DefaultAdagrad returns min-char-rnn's Adagrad (MinCharRNN) with the
// learning rate warmed up over DefaultWarmup updates.
func DefaultAdagrad() Optimizer {
	o := MinCharRNN()
	o.Warmup = DefaultWarmup
	return o
}

// DefaultAdam returns Adam with learning rate 2e-3, beta1 0.9, beta2 0.999,
// epsilon 1e-8, the global gradient norm clipped to 5 and the learning rate
// warmed up over DefaultWarmup updates.
func DefaultAdam() Optimizer {
	return Optimizer{Method: Adam, LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, ClipNorm: 5, Warmup: DefaultWarmup}
}

// DefaultSGD returns SGD with learning rate 0.005, momentum 0.9, the global
// gradient norm clipped to 5 and the learning rate warmed up over
// DefaultWarmup updates. (Clipping each element instead, as min-char-rnn
// does for Adagrad, does not keep momentum SGD from diverging: 7.5 to 11.9
// nats/char on the test above.)
func DefaultSGD() Optimizer {
	return Optimizer{Method: SGD, LR: 0.005, Momentum: 0.9, ClipNorm: 5, Warmup: DefaultWarmup}
}

// DefaultOptimizer returns the default optimizer of a method:
// DefaultSGD, DefaultAdagrad or DefaultAdam.
func DefaultOptimizer(m Method) (Optimizer, error) {
	switch m {
	case SGD:
		return DefaultSGD(), nil
	case Adagrad:
		return DefaultAdagrad(), nil
	case Adam:
		return DefaultAdam(), nil
	}
	return Optimizer{}, fmt.Errorf("rnn: unknown optimizer method %d", int(m))
}

// ParseMethod returns the method named "sgd", "adagrad" or "adam".
func ParseMethod(s string) (Method, error) {
	for _, m := range []Method{SGD, Adagrad, Adam} {
		if s == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("rnn: unknown optimizer %q (want sgd, adagrad or adam)", s)
}

// Validate reports whether the settings are usable.
func (o Optimizer) Validate() error {
	finitePos := func(v float32) bool { return v > 0 && !math.IsInf(float64(v), 0) }
	switch {
	case o.Method != SGD && o.Method != Adagrad && o.Method != Adam:
		return fmt.Errorf("rnn: unknown optimizer method %d", int(o.Method))
	case o == Optimizer{}:
		return errors.New("rnn: the zero Optimizer has no learning rate: start from DefaultSGD(), DefaultAdam() or MinCharRNN()")
	case !finitePos(o.LR):
		return fmt.Errorf("rnn: learning rate %v, want a finite value > 0", o.LR)
	case !(o.ClipValue >= 0) || !(o.ClipNorm >= 0):
		return fmt.Errorf("rnn: clipping bounds %v, %v, want >= 0", o.ClipValue, o.ClipNorm)
	case o.Warmup < 0:
		return fmt.Errorf("rnn: warm-up of %d updates, want >= 0", o.Warmup)
	}
	switch o.Method {
	case SGD:
		if !(o.Momentum >= 0 && o.Momentum < 1) {
			return fmt.Errorf("rnn: SGD momentum %v, want 0 <= momentum < 1", o.Momentum)
		}
	case Adagrad:
		if !finitePos(o.Eps) {
			return fmt.Errorf("rnn: Adagrad epsilon %v, want > 0", o.Eps)
		}
	case Adam:
		if !(o.Beta1 >= 0 && o.Beta1 < 1 && o.Beta2 >= 0 && o.Beta2 < 1) {
			return fmt.Errorf("rnn: Adam betas %v, %v, want in [0, 1)", o.Beta1, o.Beta2)
		}
		if !finitePos(o.Eps) {
			return fmt.Errorf("rnn: Adam epsilon %v, want > 0", o.Eps)
		}
	}
	return nil
}

// clipAndUpdate applies clipping and one optimizer step t (t >= 1) to the
// flat parameters w with gradients g and state m (and v for Adam).
func (o *Optimizer) clipAndUpdate(w, g, m, v []float32, t int) {
	if o.ClipValue > 0 {
		kernels.Clip(g, o.ClipValue)
	}
	var scale float32
	if o.ClipNorm > 0 {
		scale = o.normScale(norm(g))
	}
	o.apply(w, g, m, v, scale, t)
}

// normScale returns the factor that clips gradients of L2 norm n to
// ClipNorm, or 0 when they need none.
func (o *Optimizer) normScale(n float64) float32 {
	if o.ClipNorm > 0 && n > float64(o.ClipNorm) {
		return float32(float64(o.ClipNorm) / n)
	}
	return 0
}

// apply scales g by scale (unless it is 0) and applies step t to w, g, m
// and v, which may be any range of the parameters: each element's update
// depends on its own values only.
func (o *Optimizer) apply(w, g, m, v []float32, scale float32, t int) {
	if scale != 0 {
		kernels.Scale(scale, g)
	}
	lr := o.LR
	if t < o.Warmup {
		lr = float32(float64(o.LR) * float64(t) / float64(o.Warmup))
	}
	switch o.Method {
	case SGD:
		kernels.SGDMomentum(w, g, m, lr, o.Momentum)
	case Adagrad:
		kernels.Adagrad(w, g, m, lr, o.Eps)
	case Adam:
		kernels.Adam(w, g, m, v, lr, o.Beta1, o.Beta2, o.Eps, t)
	}
}

// normBlock is the block of gradients whose sum of squares norm rounds
// to float32 before adding it up in float64.
const normBlock = 1024

// norm returns the L2 norm of x, summing blocks of float32 squares in
// float64 so that the float32 rounding error does not grow with len(x).
func norm(x []float32) float64 {
	var s float64
	for i := 0; i < len(x); i += normBlock {
		s += float64(kernels.SumSquares(x[i:min(i+normBlock, len(x))]))
	}
	return math.Sqrt(s)
}
