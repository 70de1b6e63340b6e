package rnn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Config is the shape of a Model.
type Config struct {
	// Input is the vocabulary size for token inputs, or the length of each
	// input vector for dense inputs.
	Input int
	// Hidden is the size of every layer's hidden state.
	Hidden int
	// Layers is the number of stacked RNN layers (at least 1).
	Layers int
	// Output is the vocabulary size for cross-entropy, or the number of
	// regression outputs for mean squared error.
	Output int
}

// maxElems bounds the parameter count, so that sizes never overflow int on
// 32-bit platforms.
const maxElems = 1 << 30

// Validate reports whether the shape is usable, naming the first bad field.
func (c Config) Validate() error {
	switch {
	case c.Input < 1:
		return fmt.Errorf("rnn: Config.Input = %d, want >= 1", c.Input)
	case c.Hidden < 1:
		return fmt.Errorf("rnn: Config.Hidden = %d, want >= 1", c.Hidden)
	case c.Layers < 1:
		return fmt.Errorf("rnn: Config.Layers = %d, want >= 1", c.Layers)
	case c.Output < 1:
		return fmt.Errorf("rnn: Config.Output = %d, want >= 1", c.Output)
	}
	n := uint64(0)
	in := uint64(c.Input)
	h := uint64(c.Hidden)
	for k := 0; k < c.Layers; k++ {
		n += h*in + h*h + h
		in = h
		if n > maxElems || in > maxElems || h > maxElems {
			return errors.New("rnn: Config is too large (more than 2^30 parameters)")
		}
	}
	n += uint64(c.Output)*h + uint64(c.Output)
	if n > maxElems {
		return errors.New("rnn: Config is too large (more than 2^30 parameters)")
	}
	return nil
}

// NumParams returns the number of float32 parameters of a model of this
// shape. The Config must be valid.
func (c Config) NumParams() int {
	n, in := 0, c.Input
	for k := 0; k < c.Layers; k++ {
		n += c.Hidden*in + c.Hidden*c.Hidden + c.Hidden
		in = c.Hidden
	}
	return n + c.Output*c.Hidden + c.Output
}

// Layer is one RNN layer: h_t = tanh(Wxh x_t + Whh h_{t-1} + Bh). Its slices
// are windows on the Model's parameter slice (Model.Layers returns copies
// of the Layer values, so reassigning a field changes nothing in the model).
type Layer struct {
	In     int       // input size: Config.Input for layer 0, Config.Hidden above
	Hidden int       // hidden size
	Wxh    []float32 // Hidden x In, row-major (PyTorch weight_ih_l{k})
	Whh    []float32 // Hidden x Hidden, row-major (PyTorch weight_hh_l{k})
	Bh     []float32 // Hidden (PyTorch bias_ih_l{k} + bias_hh_l{k})
}

// Model is a stack of RNN layers and a linear output layer
// y_t = Why h_t + By over the top layer's hidden state. All its tensors are
// windows on one contiguous slice, Params, in the order Layers[0].Wxh,
// Layers[0].Whh, Layers[0].Bh, Layers[1].Wxh, ..., Why, By.
//
// The accessors (Config, Layers, Why, By, Params, Tensors) return views on
// the model's own storage: write the weights through the returned slices.
// The views cannot be reassigned into the model, so they never detach from
// Params.
//
// The same type holds gradients (Trainer.Grads): a gradient has exactly the
// shape of its model.
type Model struct {
	cfg    Config
	layers []Layer
	why    []float32
	by     []float32
	params []float32
}

// New returns a model of the given shape with every parameter zero; see
// Randomize.
func New(cfg Config) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, params: make([]float32, cfg.NumParams())}
	p := m.params
	take := func(n int) []float32 {
		s := p[:n:n]
		p = p[n:]
		return s
	}
	in := cfg.Input
	h := cfg.Hidden
	m.layers = make([]Layer, cfg.Layers)
	for k := range m.layers {
		m.layers[k] = Layer{In: in, Hidden: h, Wxh: take(h * in), Whh: take(h * h), Bh: take(h)}
		in = h
	}
	m.why = take(cfg.Output * h)
	m.by = take(cfg.Output)
	return m, nil
}

// errNilModel is the error of every entry point given a nil *Model.
var errNilModel = errors.New("rnn: nil *Model")

// Config returns the shape the model was built with.
func (m *Model) Config() Config { return m.cfg }

// Layers returns the model's layers, Layers()[0] reading the input and
// Layers()[k] reading Layers()[k-1]. The slice is a new one on every call;
// each Layer's weight slices are windows on the model's parameters.
func (m *Model) Layers() []Layer { return slices.Clone(m.layers) }

// Why returns the output layer's weights, Output x Hidden, row-major
// (PyTorch fc.weight): a window on the model's parameters.
func (m *Model) Why() []float32 { return m.why }

// By returns the output layer's bias, Output values (PyTorch fc.bias): a
// window on the model's parameters.
func (m *Model) By() []float32 { return m.by }

// Params returns all parameters as one slice (shared with the model, not a
// copy), in the order given in the Model documentation.
func (m *Model) Params() []float32 { return m.params }

// Randomize sets every weight matrix to normal random values with standard
// deviation std and every bias to zero, as min-char-rnn does with std 0.01.
// The values depend only on seed and the model's shape.
func (m *Model) Randomize(seed uint64, std float32) {
	r := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	fill := func(w []float32) {
		for i := range w {
			w[i] = float32(r.NormFloat64()) * std
		}
	}
	for _, l := range m.layers {
		fill(l.Wxh)
		fill(l.Whh)
		clear(l.Bh)
	}
	fill(m.why)
	clear(m.by)
}

// Clone returns a deep copy of the model.
func (m *Model) Clone() *Model {
	c, err := New(m.cfg)
	if err != nil {
		panic(err) // m.cfg was valid when m was built
	}
	copy(c.params, m.params)
	return c
}

// CopyFrom copies src's parameters into m. The shapes must be equal.
func (m *Model) CopyFrom(src *Model) error {
	if m == nil || src == nil {
		return fmt.Errorf("rnn: CopyFrom: %w", errNilModel)
	}
	if m.cfg != src.cfg {
		return fmt.Errorf("rnn: CopyFrom: shape %+v != %+v", src.cfg, m.cfg)
	}
	copy(m.params, src.params)
	return nil
}

// Tensor is a named view of one of a model's parameter tensors.
type Tensor struct {
	Name  string    // PyTorch state_dict name, e.g. "rnn.weight_hh_l0"
	Shape []int     // [rows, cols] or [n]
	Data  []float32 // window on the model's parameters, row-major
}

// Tensors returns the model's tensors in Params order, named as in the
// state_dict of a PyTorch module with self.rnn = nn.RNN(Input, Hidden,
// num_layers=Layers) and self.fc = nn.Linear(Hidden, Output). The bias of
// layer k is named "rnn.bias_ih_l{k}"; PyTorch's second bias,
// "rnn.bias_hh_l{k}", has no counterpart (it is the zero vector once the two
// are summed into Bh).
func (m *Model) Tensors() []Tensor {
	var ts []Tensor
	for k, l := range m.layers {
		ts = append(ts,
			Tensor{fmt.Sprintf("rnn.weight_ih_l%d", k), []int{l.Hidden, l.In}, l.Wxh},
			Tensor{fmt.Sprintf("rnn.weight_hh_l%d", k), []int{l.Hidden, l.Hidden}, l.Whh},
			Tensor{fmt.Sprintf("rnn.bias_ih_l%d", k), []int{l.Hidden}, l.Bh},
		)
	}
	return append(ts,
		Tensor{"fc.weight", []int{m.cfg.Output, m.cfg.Hidden}, m.why},
		Tensor{"fc.bias", []int{m.cfg.Output}, m.by},
	)
}
