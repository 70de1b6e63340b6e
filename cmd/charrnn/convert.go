package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
	"github.com/simdrnn/simdrnn/rnn"
)

// inferenceModel is what sample and eval run: a float32 Model or a
// HalfModel.
type inferenceModel interface {
	NewStream(opts ...rnn.Option) *rnn.Stream
	NewSampler(seed uint64, opts ...rnn.Option) *rnn.Sampler
}

// weightsFlag adds the -weights flag of sample and eval.
func weightsFlag(fs *flag.FlagSet) *string {
	return fs.String("weights", "", "weight format to run in: f32, f16 or bf16 (default: the format the file stores)")
}

// threadsFlag adds the -threads flag of sample and eval.
func threadsFlag(fs *flag.FlagSet) *int {
	return fs.Int("threads", 1, "goroutines each step runs on, splitting the weight matrices' rows (0: automatic, see rnn.Threads); the results are the same")
}

// maxThreads bounds -threads.
const maxThreads = 1024

// threadsOption checks -threads and returns it as a stream option.
func threadsOption(n int) (rnn.Option, error) {
	if n < 0 || n > maxThreads {
		return rnn.Option{}, badInput("-threads %d: want 0..%d (0: automatic)", n, maxThreads)
	}
	return rnn.Threads(n), nil
}

// loadInference loads a checkpoint for sample and eval (16-bit matrices
// stay 16-bit, see rnn.LoadInference); every problem is bad input.
func loadInference(path string) (*rnn.Checkpoint, error) {
	c, err := rnn.LoadInference(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("-model: %w", err)}
	}
	return c, nil
}

// forInference returns c's model (loaded by loadInference) in the weight
// format named by name ("": the file's), its shape and that format. A
// format the weights do not fit (an F16 overflow) is bad input.
func forInference(c *rnn.Checkpoint, name string) (inferenceModel, rnn.Config, rnn.Format, error) {
	f := c.Weights
	if name != "" {
		var err error
		if f, err = rnn.ParseFormat(name); err != nil {
			return nil, rnn.Config{}, 0, badInput("-weights %q: want f32, f16 or bf16", name)
		}
	}
	if c.Half != nil && c.Half.Format() == f {
		return c.Half, c.Half.Config(), f, nil
	}
	m := c.Model
	if m == nil {
		m = c.Half.Float32()
	}
	if f == rnn.F32 {
		return m, m.Config(), f, nil
	}
	h, err := m.Half(f)
	if err != nil {
		return nil, rnn.Config{}, 0, badInput("-weights %v: %v", f, err)
	}
	return h, h.Config(), f, nil
}

func cmdConvert(args []string, stdout io.Writer) error {
	fs := newFlagSet("convert", "[-force] -to f16|bf16|f32 IN OUT", stdout)
	to := fs.String("to", "", "weight format to write: f16, bf16 or f32 (required)")
	force := fs.Bool("force", false, "replace OUT if it exists (never a model with a training state next to it)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			helps[fs]()
			return err
		}
		return badInput("convert: %v (see 'charrnn convert -h')", err)
	}
	if *to == "" {
		return badInput("convert: -to is required (f16, bf16 or f32)")
	}
	f, err := rnn.ParseFormat(*to)
	if err != nil {
		return badInput("-to %q: want f16, bf16 or f32", *to)
	}
	if fs.NArg() != 2 {
		return badInput("convert: want two arguments, IN and OUT, after the flags; got %d", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	// A model with a training state is one half of a pair: converting onto
	// it would leave the state with another model (and -resume refusing).
	if exists(statePath(out)) && exists(out) {
		return badInput("convert: %s has a training state, %s; converting onto it would break the pair: write to another OUT", out, statePath(out))
	}
	if exists(out) && !*force {
		return badInput("convert: %s exists; give another OUT, or -force to replace it", out)
	}
	var inSize int64
	if st, err := os.Stat(in); err == nil {
		inSize = st.Size()
	}
	c, err := rnn.LoadCheckpoint(in)
	if err != nil {
		return badInput("%v", err)
	}
	c.Weights = f
	b, err := c.Marshal()
	if err != nil {
		return badInput("%s: %v", in, err)
	}
	if err := atomicfile.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %v weights, %d bytes (%s: %d bytes)\n", out, f, len(b), in, inSize)
	return nil
}
