package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/simdrnn/simdrnn/internal/safetensors"
	"github.com/simdrnn/simdrnn/rnn"
)

// stateFormatV1 is the "format" of the training state files charrnn wrote
// before the library's (rnn.StateFormat), which -resume still reads.
const stateFormatV1 = "simdrnn.charrnn.state.v1"

// isStateFormat reports whether format is that of a training state file.
func isStateFormat(format string) bool {
	return format == rnn.StateFormat || format == stateFormatV2 || format == stateFormatV1
}

// stateFormatV2 is the library's trainer state before batches, which
// -resume reads as a batch of one.
const stateFormatV2 = "simdrnn.trainer.v2"

// statePath returns the training state file that goes with a model file:
// model.state.safetensors for model.safetensors.
func statePath(model string) string {
	return strings.TrimSuffix(model, ".safetensors") + ".state.safetensors"
}

// runInfo is what charrnn stores in a training state beside the trainer's
// own (rnn.Trainer.MarshalState: the recipe, the progress, the optimizer
// and carried state): what a resumed run needs that the library does not
// know.
type runInfo struct {
	ModelSHA256 string  // of the model file this state goes with
	Smooth      float64 // smoothed loss (nats per chunk)
	Seed        uint64  // of the initial weights and the samples
	Target      int     // total iterations of the run
	Data        string  // -data path (absolute), "" for the Go corpus
	DataSHA256  string  // of the training text
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// meta returns the run information as state metadata.
func (r *runInfo) meta() map[string]string {
	return map[string]string{
		"model_sha256": r.ModelSHA256,
		"smooth_loss":  strconv.FormatFloat(r.Smooth, 'g', -1, 64),
		"seed":         strconv.FormatUint(r.Seed, 10),
		"target_iters": strconv.Itoa(r.Target),
		"data":         r.Data,
		"data_sha256":  r.DataSHA256,
	}
}

// parseRunInfo reads the run information from state metadata; bad
// describes a problem with the file.
func parseRunInfo(md map[string]string, bad func(string, ...any) error) (runInfo, error) {
	var r runInfo
	var err error
	r.ModelSHA256, r.Data, r.DataSHA256 = md["model_sha256"], md["data"], md["data_sha256"]
	if r.Target, err = strconv.Atoi(md["target_iters"]); err != nil || r.Target < 1 {
		return r, bad("metadata \"target_iters\" is %s, want an integer >= 1", quote(md["target_iters"]))
	}
	if r.Smooth, err = strconv.ParseFloat(md["smooth_loss"], 64); err != nil || math.IsNaN(r.Smooth) || math.IsInf(r.Smooth, 0) {
		return r, bad("metadata \"smooth_loss\" is %s, want a number", quote(md["smooth_loss"]))
	}
	if r.Seed, err = strconv.ParseUint(md["seed"], 10, 64); err != nil {
		return r, bad("metadata \"seed\" is %s, want an unsigned integer", quote(md["seed"]))
	}
	return r, nil
}

// loadState reads the training state file at path, checks it against the
// model it goes with (the model file's bytes) and returns the trainer that
// continues the run over m, the run's information, and whether the file is
// of format v1 (whose recipe is not recorded in full). The trainer's
// buffers are sized by the state's seq, so seq is checked against -seq's
// bounds and the memory the run needs before the trainer is built.
func loadState(path string, modelBytes []byte, m *rnn.Model, opts ...rnn.Option) (*rnn.Trainer, runInfo, bool, error) {
	var r runInfo
	b, err := readModelFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, r, false, badInput("-resume: training state %s not found (train writes it next to the model; without it a run cannot continue exactly)", path)
		}
		return nil, r, false, usageError{fmt.Errorf("-resume: %v", err)}
	}
	bad := func(format string, args ...any) error {
		return badInput("-resume: %s: %s", path, fmt.Sprintf(format, args...))
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, r, false, bad("%v", err)
	}
	md := f.Metadata
	if !isStateFormat(md["format"]) {
		return nil, r, false, bad("metadata format is %s, want %q", quote(md["format"]), rnn.StateFormat)
	}
	if md["model_sha256"] != sha256hex(modelBytes) {
		return nil, r, false, bad("it belongs to another model file (model_sha256 differs: the model was changed, or a save was interrupted between the two files)")
	}
	seq, err := strconv.Atoi(md["seq"])
	if err != nil || seq < 1 || seq > maxSeq {
		return nil, r, false, bad("metadata \"seq\" is %s, want an integer in 1..%d", quote(md["seq"]), maxSeq)
	}
	batch := 1
	if md["format"] == rnn.StateFormat {
		if batch, err = strconv.Atoi(md["batch"]); err != nil || batch < 1 || batch > maxBatch {
			return nil, r, false, bad("metadata \"batch\" is %s, want an integer in 1..%d", quote(md["batch"]), maxBatch)
		}
	}
	name := md["method"] // v1: "optim"
	if md["format"] == stateFormatV1 {
		name = md["optim"]
	}
	method, err := rnn.ParseMethod(name)
	if err != nil {
		return nil, r, false, bad("%v", err)
	}
	if err := checkMemory(trainingWhat(m.Config(), method, seq, batch), trainBytes(m.Config(), optimSlices(method), seq, batch, true)); err != nil {
		return nil, r, false, err
	}
	if r, err = parseRunInfo(md, bad); err != nil {
		return nil, r, false, err
	}
	tr, _, err := rnn.ResumeTrainer(m, b, opts...)
	if err != nil {
		return nil, r, false, bad("%v", err)
	}
	return tr, r, md["format"] == stateFormatV1, nil
}

// optimizer returns the optimizer of the -optim, -lr, -clip, -clip-norm and
// -warmup flags: the library's default for the method (rnn.DefaultOptimizer),
// with each flag that was given replacing its setting.
func optimizer(name string, f *trainFlags) (rnn.Optimizer, error) {
	method, err := rnn.ParseMethod(name)
	if err != nil {
		return rnn.Optimizer{}, badInput("-optim %q: want adagrad, adam or sgd", name)
	}
	o, err := rnn.DefaultOptimizer(method)
	if err != nil {
		return o, err
	}
	if f.set["lr"] {
		o.LR = float32(f.lr)
	}
	if f.set["clip"] {
		o.ClipValue = float32(f.clip)
	}
	if f.set["clip-norm"] {
		o.ClipNorm = float32(f.clipNorm)
	}
	if f.set["warmup"] {
		o.Warmup = f.warmup
	}
	if err := o.Validate(); err != nil {
		return o, badInput("%v", err)
	}
	return o, nil
}
