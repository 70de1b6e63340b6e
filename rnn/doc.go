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
// A character-level model as min-char-rnn trains it, with data the tokens
// of a text and V its vocabulary size (the package's charLevel example is a
// complete program):
//
//	m, err := rnn.New(rnn.Config{Input: V, Hidden: 100, Layers: 1, Output: V})
//	m.Randomize(seed, 0.01) // randn * 0.01, zero biases: min-char-rnn's initialization
//	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: rnn.MinCharRNN()})
//	smooth := math.Log(float64(V)) * 25 // min-char-rnn's smoothed loss, nats per chunk
//	for i := 0; i < 20000; i++ {
//		loss, err := tr.Next(data) // forward, backward and Adagrad over the next 25 tokens
//		if err != nil {
//			return err // a NaN or infinite loss is a *DivergedError naming the step
//		}
//		smooth = 0.999*smooth + 0.001*loss
//	}
//	sp := m.NewSampler(seed) // its own hidden state: many samplers may share m
//	sp.Temperature, sp.TopK = 0.8, 10
//	sp.Prime(prompt)
//	tok, err := sp.Next() // draws a token, feeds it back, returns it
//
// # Layout
//
// All weights are float32, dense and row-major, in the layout of PyTorch's
// nn.RNN and nn.Linear, so that a checkpoint is a plain copy: layer k's
// Wxh is weight_ih_l{k} [Hidden x In], Whh is weight_hh_l{k} [Hidden x
// Hidden], Bh is bias_ih_l{k} + bias_hh_l{k} [Hidden]; Why is fc.weight
// [Output x Hidden] and By is fc.bias [Output]. Every tensor is a window on
// one contiguous slice (Model.Params), in that order, so optimizers and
// gradient clipping run as single kernel calls over all parameters;
// Model.Tensors lists them with their PyTorch names.
//
// Inputs are tokens (an index in [0, Input): the one-hot product Wxh x_t is
// a gather of column x_t of Wxh, never a matrix-vector product) or dense
// vectors of length Input (Chunk.Inputs, Stream.StepVector). Losses are
// softmax cross-entropy over Output classes (next-token prediction) and
// mean squared error, applied at every step (ManyToMany) or at the last
// step of a chunk only (ManyToOne).
//
// # Training
//
// A Trainer updates its Model in place. Trainer.Step trains one Chunk;
// Trainer.Next is min-char-rnn's walk over a token sequence, chunk after
// chunk, carrying the hidden state and starting again at the end of the
// data; ForwardBackward and Update are the two halves of a step, for
// inspecting the gradients (Trainer.Grads) in between. The optimizers are
// SGD with momentum, Adagrad (MinCharRNN: learning rate 0.1, gradients
// clipped to [-5, 5]) and Adam, each with optional clipping by value and
// by global norm (see Optimizer). A step whose loss is NaN or infinite
// returns a *DivergedError and leaves the weights and the optimizer state
// as they were.
//
// Over a chunk of T steps, each weight gradient is a sum of T outer
// products, dWhh = sum_t dh_t h_{t-1}^T (and dWhy, and dWxh for dense
// inputs); the trainer computes each as one kernels.GerK, which reads and
// writes the matrix once instead of T times.
//
// # Inference
//
// Model.NewStream returns a Stream that feeds a token or a vector at a time
// and returns the output (StepToken, StepVector), or only updates the
// hidden state (FeedToken, FeedVector); Stream.CrossEntropy evaluates a
// token sequence. Model.NewSampler returns a Sampler that draws tokens with
// a temperature and an optional top-k restriction, after an optional
// prompt (Prime), reproducibly from its seed.
//
// # Checkpoints
//
// A Checkpoint is a character-level model with its vocabulary, stored as a
// safetensors file that PyTorch loads as the state_dict of nn.RNN and
// nn.Linear (see Checkpoint, LoadCheckpoint, ParseCheckpoint and
// Checkpoint.Save). docs/checkpoints.md in the repository describes the
// format, the loading checks and the interchange with PyTorch.
//
// # Allocation
//
// Building a Trainer, Stream or Sampler allocates all its buffers; after
// that a training step (Trainer.Step, Trainer.Next) and an inference step
// (Stream.StepToken, Stream.StepVector, Sampler.Next) allocate nothing, in
// every kernel tier.
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
//
// # Testing
//
// The gradients are checked, for every kernel tier, against a float64
// reference written as plain loops, whose own gradients are checked by
// central finite differences to 1e-7: the float32 gradients agree to 5e-5
// of each tensor's largest gradient, with 1 and 2 layers, both losses, both
// output types, token and dense inputs. The optimizers are checked against
// float64 updates, the samplers' statistics against their distributions,
// and the steps for zero allocations. With min-char-rnn's settings on the
// tinyshakespeare corpus, three seeds train concurrently and their median
// smoothed loss must fall within min-char-rnn's band (85-91, 55-59 and
// 50-55 nats per 25 characters after 1,000, 5,000 and 20,000 iterations);
// SIMDRNN_BAND_SEEDS=1,2,3,4,5 runs other seeds. The corpus is read from
// ../shared/data/tinyshakespeare.txt relative to the module's root, outside
// the module; the test is skipped with a message when it is absent, and
// under -short.
package rnn
