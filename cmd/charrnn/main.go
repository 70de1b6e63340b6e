// Command charrnn trains a character-level RNN, LSTM or GRU on a text,
// samples text from it, and evaluates it, as Karpathy's min-char-rnn does,
// on simdrnn's SIMD kernels.
//
// Usage:
//
//	charrnn train [-data FILE] [-cell rnn|lstm|gru] [-hidden 100] [-layers 1] [-seq 25] [-batch 1] [-threads 1]
//	              [-optim adagrad|adam|sgd] [-lr R] [-clip C] [-clip-norm C]
//	              [-warmup 1000] [-reset-every 100] [-iters N | -epochs N]
//	              [-seed S] [-out model.safetensors] [-force] [-resume CKPT]
//	              [-save-every 5m] [-sample-every N] [-temp 1.0]
//	charrnn sample -model F [-n 500] [-temp 1.0] [-prime TEXT] [-seed S]
//	               [-weights f32|f16|bf16] [-threads 1]
//	charrnn eval -model F -data FILE [-weights f32|f16|bf16] [-threads 1]
//	charrnn convert [-force] -to f16|bf16|f32 IN OUT
//
// With no -data, train learns from the Go standard library's own source:
// the .go files under $(go env GOROOT)/src, read at run time.
//
// Models are safetensors files holding the state_dict of a PyTorch module
// with self.rnn = nn.RNN, nn.LSTM or nn.GRU (V, H, num_layers=L) and
// self.fc = nn.Linear(H, V)
// (see rnn.Checkpoint); train also writes the training state next to the
// model (model.state.safetensors for model.safetensors: the rnn package's
// trainer state, with the recipe, the optimizer state and the position,
// rnn.Trainer.SaveState), so that -resume continues a run exactly. Each
// -optim is the rnn package's default recipe for its method
// (rnn.DefaultOptimizer), which -lr, -clip, -clip-norm and -warmup adjust.
// -batch B trains B streams at every iteration, as char-rnn does: the text
// is split into B contiguous parts, each walked with its own hidden state,
// and the gradients are averaged over the streams; -threads N runs each
// iteration of such a batch on N goroutines with the same results (so a
// run may resume with another -threads; see rnn.Threads). The weight
// matrices may be stored as F32, F16 or BF16 (biases as F32); convert
// rewrites a model's matrices in another format (f16 and bf16 halve the
// file), and sample and eval run in the file's format unless -weights says
// otherwise.
//
// The model and its state are saved as one unit: both are first written
// to pending files (.model.safetensors.next, .model.state.safetensors.next)
// and flushed, then renamed into place, the model first. Whatever fails or
// is killed during a save, the directory holds a complete pair, the old
// or the new: if a save stopped between the two renames, the new state is
// still in its pending file, where -resume finds it and where the next
// train writing the same model completes the pair. Pending files that
// belong to no pair are removed by that run, so they never accumulate.
// A save therefore needs free space for a second pair while it runs.
// While it runs, train holds a lock on its output (.model.safetensors.lock,
// removed at the end): a second run writing the same -out is refused.
// train also refuses to replace a model at -out that it does not resume,
// unless -force. -save-every saves the pair periodically (default every 5
// minutes), so that a crash or SIGKILL loses at most that much.
//
// Before it allocates anything large, each command estimates the memory
// its job needs (for train about 7 times the model's size for adagrad and
// sgd, 10 times for adam, plus per-chunk buffers and 10 bytes per character
// of text; for sample and eval 3 times the model file) and refuses, as bad
// input, a job that exceeds what the process can have: the machine's
// available memory, its cgroup's memory limit, or its address-space limit
// (ulimit -v, RLIMIT_AS).
//
// Float flags are checked as the float32 they are used as: a value that
// rounds to 0 or overflows is out of range. -lr is at most 1000 and -temp
// at least 1e-30 (below, 1/temp times the logits overflows float32). A run
// whose smoothed loss is more than twice a uniform guess's (ln V
// nats/char), or, after its warm-up, no better than a uniform guess's,
// fails and saves nothing more.
//
// Bad input (a missing or empty file, a flag out of range, a file of
// another format) is a one-line error and exit status 2; other failures
// (among them a model whose loss or sampling distribution is not finite,
// in eval as in sample) exit with status 1. The first Ctrl-C or SIGTERM
// during training saves a checkpoint and exits with status 130; further
// SIGTERMs, and Ctrl-Cs within 5 seconds of the first, do not interrupt
// that save (a Ctrl-C after that abandons it, keeping the previous pair).
// A command that fails writes no file, except that a save
// failing after its model is in place reports the pending state file that
// completes the pair.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go handleSignals(sigs, cancel, os.Stderr, os.Exit, abandonGrace)
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// abandonGrace is how long after the first signal a second Ctrl-C
// (SIGINT) takes to abandon the save: a second signal sooner, and any
// number of further SIGTERMs, leave the save to finish.
const abandonGrace = 5 * time.Second

// handleSignals cancels the run (train saves and exits) at the first
// SIGINT or SIGTERM. A SIGINT at least grace after the first signal
// exits at once with status 130, abandoning a save that is still running
// (saves are atomic: the previous pair stays); earlier SIGINTs, and
// SIGTERMs at any time, are reported and otherwise ignored, so that two
// signals in quick succession, as from an impatient Ctrl-C or a process
// manager, never lose the run.
func handleSignals(sigs <-chan os.Signal, cancel func(), stderr io.Writer, exit func(int), grace time.Duration) {
	<-sigs
	first := time.Now()
	cancel()
	for s := range sigs {
		if s == os.Interrupt && time.Since(first) >= grace {
			fmt.Fprintln(stderr, "charrnn: interrupted again: exiting without waiting for the save (the previous save is kept)")
			exit(exitInterrupted)
			return
		}
		fmt.Fprintf(stderr, "charrnn: %v again: finishing the save first (a Ctrl-C from %v after the first signal abandons it)\n", s, grace)
	}
}

// Exit statuses.
const (
	exitOK          = 0
	exitFailure     = 1   // the command failed (I/O error, divergence)
	exitBadInput    = 2   // bad flags, files or data
	exitInterrupted = 130 // Ctrl-C: checkpoint saved
)

// usageError is bad input: a flag, an argument, a file or its content.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func badInput(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errInterrupted is returned by train after saving on Ctrl-C.
var errInterrupted = errors.New("interrupted")

const usage = `usage:
  charrnn train [-data FILE] [-cell rnn|lstm|gru] [-hidden 100] [-layers 1] [-seq 25] [-batch 1] [-threads 1]
                [-optim adagrad|adam|sgd] [-lr R] [-clip C] [-clip-norm C]
                [-warmup 1000] [-reset-every 100] [-iters N | -epochs N]
                [-seed S] [-out model.safetensors] [-force] [-resume CKPT]
                [-save-every 5m] [-sample-every N] [-temp 1.0]
  charrnn sample -model F [-n 500] [-temp 1.0] [-prime TEXT] [-seed S]
                 [-weights f32|f16|bf16] [-threads 1]
  charrnn eval -model F -data FILE [-weights f32|f16|bf16] [-threads 1]
  charrnn convert [-force] -to f16|bf16|f32 IN OUT
Run 'charrnn COMMAND -h' for a command's flags.
`

// run runs the command line args (without the program name) and returns
// the exit status. Cancelling ctx interrupts training.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadInput
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "train":
		err = cmdTrain(ctx, rest, stdout)
	case "sample":
		err = cmdSample(rest, stdout)
	case "eval":
		err = cmdEval(rest, stdout)
	case "convert":
		err = cmdConvert(rest, stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = badInput("unknown command %q (want train, sample, eval or convert)", cmd)
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "charrnn: %s\n", oneLine(err.Error()))
		return exitBadInput
	default:
		fmt.Fprintf(stderr, "charrnn: %s\n", oneLine(err.Error()))
		return exitFailure
	}
}

// maxMessage bounds an error message: whatever part of a file or flag it
// repeats, it stays readable.
const maxMessage = 1000

// oneLine makes sure an error message is a single line of readable length.
func oneLine(s string) string {
	s = strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
	if len(s) > maxMessage {
		s = fmt.Sprintf("%s... (message cut: %d bytes)", strings.ToValidUTF8(s[:maxMessage-100], ""), len(s))
	}
	return s
}

// maxEcho bounds the part of a file's or flag's content a message repeats.
const maxEcho = 64

// quote is %q of s, a value taken from a file, cut to maxEcho bytes.
func quote(s string) string {
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%q... (%d bytes)", strings.ToValidUTF8(s[:maxEcho-16], ""), len(s))
}

// plural formats a count of things: "1 character", "2 characters".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// newFlagSet returns a flag set whose errors are returned, not printed,
// and whose -h prints the command's flags to stdout.
func newFlagSet(name, synopsis string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // errors are reported in one line by parseFlags
	helps[fs] = func() {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "usage: charrnn %s %s\n", name, synopsis)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// helps holds each flag set's -h output.
var helps = map[*flag.FlagSet]func(){}

// parseFlags parses args, turning errors into bad input and rejecting
// positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			helps[fs]()
			return err
		}
		return badInput("%s: %v (see 'charrnn %s -h')", fs.Name(), err, fs.Name())
	}
	if fs.NArg() > 0 {
		return badInput("%s: unexpected argument %q (flags come as -name value)", fs.Name(), fs.Arg(0))
	}
	return nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// Bounds of the float flags, as float32 (the type they are used as).
const (
	minNormal32 = 0x1p-126 // the smallest normal float32, about 1.2e-38
	maxLR       = 1000     // a step that large overflows any model's weights
	// minTemp keeps 1/temp times the logits finite in float32 (for logits
	// up to 3e8); any lower temperature samples as greedily.
	minTemp = 1e-30
)

// float32Flag checks a float flag's value as the float32 it is used as:
// finite, in [lo, hi] after conversion, and neither rounded to 0 nor
// subnormal (0 itself passes when zeroOK). The error names the flag.
func float32Flag(name string, v float64, lo, hi float64, zeroOK bool) (float32, error) {
	bound := func(x float64) string {
		if x == math.Trunc(x) && x < 1e15 {
			return fmt.Sprintf("%.0f", x)
		}
		return fmt.Sprintf("%.2g", x)
	}
	want := fmt.Sprintf("want a number > 0, from %s to %s", bound(lo), bound(hi))
	if zeroOK {
		want = fmt.Sprintf("want a number >= 0: 0, or from %s to %s", bound(lo), bound(hi))
	}
	f := float32(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (v == 0 && !zeroOK):
		return 0, badInput("-%s %v: %s", name, v, want)
	case v == 0:
		return 0, nil
	case f == 0:
		return 0, badInput("-%s %v: rounds to 0 as a float32; %s", name, v, want)
	case math.IsInf(float64(f), 0):
		return 0, badInput("-%s %v: overflows a float32; %s", name, v, want)
	case float64(f) < lo || float64(f) > hi:
		return 0, badInput("-%s %v: %s", name, v, want)
	}
	return f, nil
}
