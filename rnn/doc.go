// Package rnn is a recurrent neural network built on the SIMD kernels of
// package kernels: one or more stacked layers of one cell, PyTorch's
// nn.RNN (the Elman cell of Karpathy's min-char-rnn, the default),
//
//	h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)
//
// nn.LSTM or nn.GRU (Cell, Config.Cell), with the same weights at every
// step, and a linear output layer
//
//	y_t = Why h_t + by
//
// trained by truncated backpropagation through time (BPTT), as in Andrej
// Karpathy's min-char-rnn: forward and backward over a chunk of Seq steps,
// update, then slide the window on, carrying the hidden state.
//
// A character-level model trained with min-char-rnn's settings, with data
// the tokens of a text and V its vocabulary size (the package's charLevel
// example is a complete program):
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
// nn.RNN, nn.LSTM or nn.GRU and nn.Linear, so that a checkpoint is a plain
// copy. With G the cell's gates (Cell.Gates: 1 for RNN, 4 for LSTM's i, f,
// g, o, 3 for GRU's r, z, n, in PyTorch's order), layer k's Wxh is
// weight_ih_l{k} [G*Hidden x In], Whh is weight_hh_l{k} [G*Hidden x
// Hidden], Bh is bias_ih_l{k} [G*Hidden] and Bhh is bias_hh_l{k}; the RNN
// keeps one bias, Bh = bias_ih_l{k} + bias_hh_l{k} (the GRU cannot: its
// b_hn is multiplied by r). Why is fc.weight [Output x Hidden] and By is
// fc.bias [Output]. Every tensor is a window on one contiguous slice
// (Model.Params), in that order, so optimizers and gradient clipping run as
// single kernel calls over all parameters; Model.Tensors lists them with
// their PyTorch names. An LSTM carries a cell state beside its hidden
// state (Trainer.CellState, Stream.CellState).
//
// The cells' element-wise work is one fused kernel per step and direction
// (kernels.LSTMForward, LSTMBackward, GRUForward, GRUBackward) over rows of
// units; the gradients agree with PyTorch's float64 autograd to 1e-5 of
// each tensor's largest element.
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
// chunk, carrying the hidden state (restarted from zero every ResetEvery
// updates, see below) and starting again at the end of the data;
// ForwardBackward and Update are the two halves of a step, for
// inspecting the gradients (Trainer.Grads) in between. The optimizers are
// SGD with momentum, Adagrad (MinCharRNN: learning rate 0.1, gradients
// clipped to [-5, 5]) and Adam, each with optional clipping by value and
// by global norm (see Optimizer). A step whose loss is NaN or infinite
// returns a *DivergedError and leaves the weights and the optimizer state
// as they were.
//
// A run can stop and continue exactly: Trainer.SaveState (or
// MarshalState) writes the trainer's state beyond the weights (the recipe,
// the iteration and position, the optimizer's moments, the carried hidden
// state, checksums of itself and of the weights it goes with), and
// LoadTrainer (or ResumeTrainer) validates every value and returns a
// trainer that continues bit for bit as the uninterrupted run would, under
// the recorded recipe. Save the model with it (a Checkpoint), as charrnn
// does, so that both are replaced as one unit.
//
// Over a chunk of T steps, each weight gradient is a sum of T outer
// products, dWhh = sum_t dh_t h_{t-1}^T (and dWhy, and dWxh for dense
// inputs); the trainer computes each as one kernels.GerK, which reads and
// writes the matrix once instead of T times (with a batch, one
// kernels.Gemm over the chunk's T*B rows).
//
// # Batches
//
// TrainConfig.Batch = B trains B streams at every step, each with its own
// carried hidden (and LSTM cell) state, as char-rnn does: the loss of a
// step is the mean over the streams of each stream's loss (summed over its
// steps), and its gradients the mean of theirs, so that a batch of one is
// the unbatched trainer, bit for bit. A Chunk holds the streams'
// inputs and targets interleaved, step-major (step s of stream b at index
// s*B+b); Next splits its data into B contiguous parts and walks them side
// by side; Hidden and CellState return B x H states, a row per stream; the
// trainer state (MarshalState) records the batch and the B states.
//
// Inside, every activation is a block of B rows per step, so that each
// product that multiplied a weight matrix by one vector multiplies it by a
// matrix instead, reading the weights once for all the rows: per step, the
// recurrent product of the B rows with W_hh (forward) and with its
// transpose (backward) is one kernels.GemmPacked over copies of W_hh packed
// once per chunk; over the chunk, the input projections of layers above
// the first (and of dense inputs), the output layer and every weight
// gradient are one kernels.Gemm over the T*B rows. Token inputs stay a
// gather of columns. A product of a few rows is faster as matrix-vector
// products, so the recurrent step keeps them below 3 rows (8 for a W_hh
// that stays in the L2 cache), weight gradients of matrices that stay in
// L2 remain kernels.GerK, and a batch of one keeps the unbatched trainer's
// kernels throughout. A step's element-wise work (the fused cell kernels)
// runs row by row. On an Ice Lake Xeon (avx512 tier), B = 32 trains 3.6
// times as many characters per second as B = 1 for the RNN at H = 512,
// 5.4 times at H = 1024, and 1.2 to 1.5 times at H = 128, whose weights
// stay in L2 (BenchmarkTrainBatch; docs/performance.md).
//
// # Inference
//
// Model.NewStream returns a Stream that feeds a token or a vector at a time
// and returns the output (StepToken, StepVector), or only updates the
// hidden state (FeedToken, FeedVector); Stream.MeanCrossEntropy (and
// CrossEntropySum, for a text evaluated in pieces) evaluates a
// token sequence. Model.NewSampler returns a Sampler that draws tokens with
// a temperature and an optional top-k restriction, after an optional
// prompt (Prime), reproducibly from its seed.
//
// Model.NewStreamBatch (and HalfModel.NewStreamBatch) returns a
// StreamBatch: many streams over one model stepped together, each in a slot
// with its own state, as a server steps its users' streams. A step advances
// any set of slots by one input each (StepTokens, StepVectors, or
// FeedTokens and FeedVectors without the output layer), and multiplies each
// weight matrix by all of them at once (kernels.GemmPacked), reading the
// weights once per step instead of once per stream; streams Join, Reset and
// Leave between steps:
//
//	sb, _ := m.NewStreamBatch(64)
//	a, _ := sb.Join()
//	b, _ := sb.Join()
//	_ = sb.StepTokens([]int{a, b}, []int{tokA, tokB})
//	logitsA, _ := sb.Output(a)
//
// Its results are those of separate Streams up to the order of the float32
// sums (and bit for bit while fewer than three streams step).
//
// # Threads
//
// At batch 1 a step reads every weight once, so once the weights outgrow
// one core's level-2 cache a step runs at the bandwidth of the level
// beyond. A Stream or Sampler made with the Threads option
// (m.NewStream(rnn.Threads(2)), m.NewSampler(seed, rnn.Threads(0))) runs
// each step on several goroutines, the caller's and workers that the
// stream starts: every weight matrix's rows are split into contiguous
// shares fixed for the stream's life, each goroutine multiplying its own
// share at every step (so that, on its own core, it keeps its share in its
// own cache) and running the cell's element-wise kernel on its own units.
// A layer whose blocks of rows fall on its gates' boundaries runs as one
// step of the workers, which then meet once so that the next product has
// the new hidden state; other layers meet once more, between the
// products and the cell. The workers wait for a step by spinning briefly
// and then sleeping, so a step allocates nothing and makes no system call
// while steps follow each other closely; the caller runs the parts of a
// share that a descheduled worker has not started.
//
// The results are bit for bit those of one goroutine: the shares start at
// multiples of kernels.MatVecBlockRows, where a product's rows are
// independent of the rest, so small matrices do not split (see Threads
// for the sizes), and Stream.Threads says how many goroutines a stream
// uses. Threads(0) splits only models whose step matrices exceed one
// core's level-2 cache, and only when GOMAXPROCS allows two goroutines to
// run at once. Stream.Close (or Sampler.Close) stops the workers; a stream
// dropped without Close stops them when it is garbage collected.
//
// A Trainer made with Threads (NewTrainer(m, cfg, rnn.Threads(2)), also
// LoadTrainer and ResumeTrainer) runs each step of a batch of two or more
// streams on several goroutines: every product of the step is split among
// them with kernels.GemmPart, GemmPackedPart and GerKPart (whose parts
// give the whole product's bits), the cells' element-wise kernels by
// units, the losses by rows, bias and token gradients by columns, and the
// optimizer by ranges of parameters (the clipping norm added up from
// fixed blocks in order). The weights, gradients, optimizer state, losses
// and carried states are bit for bit those of one goroutine, so a run may
// be resumed on another number of goroutines. A batch of one stream trains
// on one goroutine. Trainer.Close stops the workers.
//
// A StreamBatch made with Threads (m.NewStreamBatch(64, rnn.Threads(0)),
// where n <= 0 means GOMAXPROCS) runs each step of its streams on several
// goroutines the same way: products through Gemm split with
// kernels.GemmPackedPart; products row by row (a few streams, or a
// HalfModel's 16-bit weights) split by stream or by the weight matrix's
// rows at multiples of kernels.MatVecBlockRows, so that a step of one
// stream splits too; cells split by units. Its results keep the bits of
// one goroutine whatever the number of streams stepped. StreamBatch.Close
// stops the workers; a batch dropped without Close stops them when it is
// garbage collected.
//
// # Checkpoints
//
// A Checkpoint is a character-level model with its vocabulary, stored as a
// safetensors file that PyTorch loads as the state_dict of nn.RNN and
// nn.Linear (see Checkpoint, LoadCheckpoint, ParseCheckpoint and
// Checkpoint.Save). docs/checkpoints.md in the repository describes the
// format, the loading checks and the interchange with PyTorch.
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
// The LSTM and the GRU with the same settings (DefaultAdagrad, hidden 100,
// the default restarts) score 1.93 to 1.98 and 1.92 to 1.96 nats/char from
// a zero state on held-out text for seeds 1-20 (medians 1.956 and 1.937),
// the same as from the carried state to 0.0001.
//
// charrnn train uses both. MinCharRNN (whose Warmup is 0) with ResetEvery
// set to NeverReset is min-char-rnn's exact recipe.
//
// # 16-bit weights
//
// For inference, Model.Half makes a HalfModel: a copy whose weight matrices
// are stored as F16 or BF16 (biases stay float32), half the bytes a step
// reads. Streams and Samplers run over it with the same API; each weight is
// widened exactly and the arithmetic stays float32. Checkpoints may store
// the matrices in either format (Checkpoint.Weights), and LoadInference
// loads 16-bit matrices without a float32 copy. A model whose step
// matrices fit in the caches, where widening costs more than the bytes
// save, also multiplies float32 copies of its 16-bit values (see
// HalfModel).
//
// # Errors
//
// Bad input to any exported function or method, a nil *Model, a layer or
// token index out of range, an invalid chunk or configuration, is an error
// naming what is wrong; only the kernels underneath panic, on shape
// mismatches that the package's own checks rule out. A Model's tensors
// are reached through accessors (Config, Layers, Why, By, Params,
// Tensors) that return views on its one parameter slice: the weights can
// be written through them, but the views cannot be reassigned, so they
// never detach from the parameters. Nothing is saved that cannot be
// loaded back: a checkpoint of a model holding a NaN or an infinity is an
// error naming the tensor, and so is a 16-bit copy (Model.Half) of one.
//
// # Allocation
//
// Building a Trainer, Stream or Sampler allocates all its buffers; after
// that a training step (Trainer.Step, Trainer.Next, with any batch: the
// trainer keeps the products' kernels.Workspace and packed weights) and an
// inference step (Stream.StepToken, Stream.StepVector, Sampler.Next, and a
// StreamBatch's steps, joins and leaves) allocate nothing, in every kernel
// tier.
//
// # Concurrency
//
// A Model is plain data. Any number of Streams and Samplers may run
// concurrently over one Model, each in its own goroutine, as long as nothing
// modifies the Model meanwhile: inference only reads the weights, and each
// Stream and Sampler keeps its own hidden state and buffers. A single
// Stream, Sampler, StreamBatch or Trainer must not be used from two
// goroutines at once.
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
// and the steps for zero allocations. With min-char-rnn's exact recipe
// (ResetEvery: NeverReset) on the tinyshakespeare corpus, three seeds train
// concurrently and their median smoothed loss must fall within
// min-char-rnn's band (85-91, 55-59 and 50-55 nats per 25 characters after
// 1,000, 5,000 and 20,000 iterations); SIMDRNN_BAND_SEEDS=1,2,3,4,5 runs
// other seeds. With SIMDRNN_FRESH_SEEDS=all, seeds 1-20 train 20,000
// iterations with charrnn's settings (the default ResetEvery and
// DefaultWarmup), and each must score at most 2.30 nats/char from a zero
// hidden state on held-out text, their median at most 2.245. The corpus is
// read from ../shared/data/tinyshakespeare.txt relative to the module's
// root, outside the module; these tests are skipped with a message when it
// is absent, and the band test also under -short.
package rnn
