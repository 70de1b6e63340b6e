package rnn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Cell is the recurrent cell of a model's layers, with PyTorch's equations
// and tensors.
type Cell uint8

const (
	// RNN is the Elman cell of nn.RNN: h = tanh(W_ih x + b_ih + W_hh h + b_hh).
	// The model keeps one bias, the sum of PyTorch's two.
	RNN Cell = iota
	// LSTM is nn.LSTM's cell: the 4H rows of W_ih x + b_ih + W_hh h + b_hh
	// are the pre-activations of the gates i, f, g, o;
	// c = sigmoid(f) c + sigmoid(i) tanh(g), h = sigmoid(o) tanh(c). Its
	// state carried from step to step is (h, c).
	LSTM
	// GRU is nn.GRU's cell: with the 3H rows r, z, n of W_ih x + b_ih and
	// of W_hh h + b_hh, r = sigmoid(r_i + r_h), z = sigmoid(z_i + z_h),
	// n = tanh(n_i + r n_h), h = (1 - z) n + z h.
	GRU
)

// String returns "rnn", "lstm" or "gru".
func (c Cell) String() string {
	switch c {
	case RNN:
		return "rnn"
	case LSTM:
		return "lstm"
	case GRU:
		return "gru"
	}
	return fmt.Sprintf("Cell(%d)", uint8(c))
}

// ParseCell returns the cell named "rnn", "lstm" or "gru".
func ParseCell(s string) (Cell, error) {
	for _, c := range []Cell{RNN, LSTM, GRU} {
		if s == c.String() {
			return c, nil
		}
	}
	return 0, fmt.Errorf("rnn: unknown cell %q (want rnn, lstm or gru)", s)
}

// Gates returns the number of Hidden-row blocks of the cell's weight
// matrices and biases: 1 for RNN, 4 for LSTM (i, f, g, o), 3 for GRU
// (r, z, n).
func (c Cell) Gates() int {
	switch c {
	case LSTM:
		return 4
	case GRU:
		return 3
	}
	return 1
}

// Config is the shape of a Model.
type Config struct {
	// Input is the vocabulary size for token inputs, or the length of each
	// input vector for dense inputs.
	Input int
	// Hidden is the size of every layer's hidden state.
	Hidden int
	// Layers is the number of stacked recurrent layers (at least 1).
	Layers int
	// Output is the vocabulary size for cross-entropy, or the number of
	// regression outputs for mean squared error.
	Output int
	// Cell is the recurrent cell of every layer (zero value: RNN).
	Cell Cell
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
	case c.Cell > GRU:
		return fmt.Errorf("rnn: Config.Cell = %d, want RNN, LSTM or GRU", c.Cell)
	}
	n := uint64(0)
	in := uint64(c.Input)
	h := uint64(c.Hidden)
	g := uint64(c.Cell.Gates())
	nb := uint64(1) // biases per layer
	if c.Cell != RNN {
		nb = 2
	}
	for k := 0; k < c.Layers; k++ {
		if in > maxElems || h > maxElems || g*h > maxElems {
			return errors.New("rnn: Config is too large (more than 2^30 parameters)")
		}
		n += g*h*in + g*h*h + nb*g*h
		in = h
		if n > maxElems {
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
	n, in, g := 0, c.Input, c.Cell.Gates()
	nb := 1
	if c.Cell != RNN {
		nb = 2
	}
	for k := 0; k < c.Layers; k++ {
		n += g*c.Hidden*in + g*c.Hidden*c.Hidden + nb*g*c.Hidden
		in = c.Hidden
	}
	return n + c.Output*c.Hidden + c.Output
}

// Layer is one recurrent layer, with G = Cell.Gates() blocks of H rows in
// its matrices and biases, in PyTorch's order and under its names. Its
// slices are windows on the Model's parameter slice (Model.Layers returns
// copies of the Layer values, so reassigning a field changes nothing in
// the model).
type Layer struct {
	Cell   Cell      // the layer's cell
	In     int       // input size: Config.Input for layer 0, Config.Hidden above
	Hidden int       // hidden size H
	Wxh    []float32 // G*H x In, row-major (weight_ih_l{k})
	Whh    []float32 // G*H x H, row-major (weight_hh_l{k})
	Bh     []float32 // G*H (bias_ih_l{k}; for RNN, bias_ih_l{k} + bias_hh_l{k})
	Bhh    []float32 // G*H (bias_hh_l{k}) for LSTM and GRU; nil for RNN
}

// Model is a stack of recurrent layers and a linear output layer
// y_t = Why h_t + By over the top layer's hidden state. All its tensors are
// windows on one contiguous slice, Params, in the order Layers[0].Wxh,
// Layers[0].Whh, Layers[0].Bh, Layers[0].Bhh (LSTM and GRU),
// Layers[1].Wxh, ..., Why, By.
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
	gh := cfg.Cell.Gates() * h
	m.layers = make([]Layer, cfg.Layers)
	for k := range m.layers {
		l := Layer{Cell: cfg.Cell, In: in, Hidden: h, Wxh: take(gh * in), Whh: take(gh * h), Bh: take(gh)}
		if cfg.Cell != RNN {
			l.Bhh = take(gh)
		}
		m.layers[k] = l
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
		clear(l.Bhh)
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
// state_dict of a PyTorch module with self.rnn = nn.RNN, nn.LSTM or nn.GRU
// (Input, Hidden, num_layers=Layers) and self.fc = nn.Linear(Hidden,
// Output). For the RNN cell, the bias of layer k is named
// "rnn.bias_ih_l{k}"; PyTorch's second bias, "rnn.bias_hh_l{k}", has no
// counterpart (it is the zero vector once the two are summed into Bh).
func (m *Model) Tensors() []Tensor {
	var ts []Tensor
	for k, l := range m.layers {
		gh := len(l.Bh)
		ts = append(ts,
			Tensor{fmt.Sprintf("rnn.weight_ih_l%d", k), []int{gh, l.In}, l.Wxh},
			Tensor{fmt.Sprintf("rnn.weight_hh_l%d", k), []int{gh, l.Hidden}, l.Whh},
			Tensor{fmt.Sprintf("rnn.bias_ih_l%d", k), []int{gh}, l.Bh},
		)
		if l.Bhh != nil {
			ts = append(ts, Tensor{fmt.Sprintf("rnn.bias_hh_l%d", k), []int{gh}, l.Bhh})
		}
	}
	return append(ts,
		Tensor{"fc.weight", []int{m.cfg.Output, m.cfg.Hidden}, m.why},
		Tensor{"fc.bias", []int{m.cfg.Output}, m.by},
	)
}
