// Package rnn is a vanilla recurrent neural network (Elman RNN) built on the
// SIMD kernels of package kernels: one or more stacked layers
//
//	h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)
//
// with the same weights at every step, and a linear output layer
//
//	y_t = Why h_t + by
//
// trained by truncated backpropagation through time (BPTT), as in Andrej
// Karpathy's min-char-rnn: forward and backward over a chunk of Seq steps,
// update, then slide the window on, carrying the hidden state.
//
// # Layout
//
// All weights are float32, dense and row-major, in the layout of PyTorch's
// nn.RNN and nn.Linear, so that a checkpoint is a plain copy: layer k's
// Wxh is weight_ih_l{k} [Hidden x In], Whh is weight_hh_l{k} [Hidden x
// Hidden], Bh is bias_ih_l{k} + bias_hh_l{k} [Hidden]; Why is fc.weight
// [Output x Hidden] and By is fc.bias [Output]. Every tensor is a window on
// one contiguous slice (Model.Params), in that order, so optimizers and
// gradient clipping run as single kernel calls over all parameters.
//
// Inputs are tokens (an index in [0, Input): the one-hot product Wxh x_t is
// a gather of column x_t of Wxh, never a matrix-vector product) or dense
// vectors of length Input. Losses are softmax cross-entropy over Output
// classes (next-token prediction) and mean squared error, applied at every
// step (ManyToMany) or at the last step of a chunk only (ManyToOne).
//
// # 16-bit weights
//
// For inference, Model.Half makes a HalfModel: a copy whose weight matrices
// are stored as F16 or BF16 (biases stay float32), half the bytes a step
// reads. Streams and Samplers run over it with the same API; each weight is
// widened exactly and the arithmetic stays float32. Checkpoints may store
// the matrices in either format (Checkpoint.Weights), and LoadInference
// loads 16-bit matrices without a float32 copy.
//
// # Allocation
//
// Building a Trainer, Stream or Sampler allocates all its buffers; after
// that a training step (Trainer.Step, Trainer.Next) and an inference step
// (Stream.StepToken, Stream.StepVector, Sampler.Next) allocate nothing.
//
// # Concurrency
//
// A Model is plain data. Any number of Streams and Samplers may run
// concurrently over one Model, each in its own goroutine, as long as nothing
// modifies the Model meanwhile: inference only reads the weights, and each
// Stream and Sampler keeps its own hidden state and buffers. A single
// Stream, Sampler or Trainer must not be used from two goroutines at once.
// A Trainer writes the Model's weights on every update, so a Model being
// trained must not be read by Streams, Samplers or other Trainers at the
// same time; train, then serve (or serve from a Clone).
// kernels.Use, which switches the kernel implementation, must not run
// concurrently with any of these.
package rnn
