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
// # Training from a fresh state
//
// Evaluation, sampling and every new Stream run a model from a zero hidden
// state, so a trained model must work from there. Two parts of
// min-char-rnn's recipe work against it. Adagrad (like Adam) moves every
// weight by about the learning rate in its first updates, whatever the size
// of its gradient: the spectral norm of Whh grows from 0.2 to about 8 within
// two updates, and most hidden units saturate (|h| > 0.999; in float32 tanh
// is exactly 1 beyond 9.01, where its derivative is exactly 0 and the unit
// stops learning). The saturated pattern sustains itself through Whh and,
// tanh being odd, so does its mirror image. And the hidden state is carried
// from chunk to chunk, restarting from zero only when the walk through the
// data wraps around (after 44,000 updates on tinyshakespeare): the carried
// state stays in one of the two patterns, where training adapts the output
// layer to it, while a zero start may fall into the other, where the model
// does worse than a uniform guess. On tinyshakespeare (hidden 100, seq 25,
// Adagrad 0.1, clip 5, 20,000 updates), 3 of seeds 1-20 end so: 5.8 to 13.3
// nats/char on held-out text from a zero state, 2.2 from the carried state.
// For seed 1, starting from zero except for the saturated units, set to
// their carried values, brings the loss back to 2.23.
//
// Two settings address this:
//
//   - TrainConfig.ResetEvery: Step restarts the carried state from zero
//     every DefaultResetEvery (100) updates unless set otherwise, so that
//     the trajectory from zero keeps being trained. With it, every seed
//     scores the same from a zero state as from the carried state (to 0.003
//     nats/char); median 2.23, worst 2.31. Restarting every 200 or 1,000
//     updates leaves gaps of up to 0.14 and 1.2 nats/char on some seeds;
//     restarting at every chunk costs 0.05 nats/char in the median, the
//     model never seeing context beyond one chunk.
//   - Optimizer.Warmup: the learning rate rises linearly over the first
//     updates, so that they do not saturate the hidden units. With
//     DefaultWarmup (1,000 updates) and the restarts, seeds 1-20 score
//     2.03 to 2.08 nats/char from a zero state (median 2.05; the same from
//     the carried state to 0.0003), against 2.18 to 2.36 (median 2.23) for
//     the seeds that do not fail with min-char-rnn's recipe. A warm-up
//     alone does not guarantee a fresh start: with 100 updates of warm-up
//     and no restarts, 2 of the 20 seeds still fail.
//
// charrnn train uses both. MinCharRNN (whose Warmup is 0) with ResetEvery
// set to NeverReset is min-char-rnn's exact recipe.
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
