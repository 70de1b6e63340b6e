package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/simdrnn/simdrnn/internal/safetensors"
	"github.com/simdrnn/simdrnn/rnn"
)

// stateFormat is the "format" metadata of a training state file.
const stateFormat = "simdrnn.charrnn.state.v1"

// statePath returns the training state file that goes with a model file:
// model.state.safetensors for model.safetensors.
func statePath(model string) string {
	return strings.TrimSuffix(model, ".safetensors") + ".state.safetensors"
}

// settings are the training settings a resumed run keeps.
type settings struct {
	Hidden, Layers, Seq int
	Optim               string
	LR, Clip            float32
	Seed                uint64
	Target              int    // total iterations of the run
	Data                string // -data path (absolute), "" for the Go corpus
	DataSHA256          string // of the training text
}

// trainState is everything beyond the weights that a run needs to continue
// exactly: settings, position, smoothed loss, optimizer state and the
// hidden state carried into the next chunk.
type trainState struct {
	settings
	ModelSHA256 string  // of the model file this state goes with
	Iter, Pos   int     // updates applied; next chunk's position
	Smooth      float64 // smoothed loss (nats per chunk)
	V1, V2      []float32
	Carry       [][]float32 // hidden state of each layer
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func (st *trainState) marshal() ([]byte, error) {
	meta := map[string]string{
		"format":       stateFormat,
		"model_sha256": st.ModelSHA256,
		"iter":         strconv.Itoa(st.Iter),
		"pos":          strconv.Itoa(st.Pos),
		"smooth_loss":  strconv.FormatFloat(st.Smooth, 'g', -1, 64),
		"hidden":       strconv.Itoa(st.Hidden),
		"layers":       strconv.Itoa(st.Layers),
		"seq":          strconv.Itoa(st.Seq),
		"optim":        st.Optim,
		"lr":           strconv.FormatFloat(float64(st.LR), 'g', -1, 32),
		"clip":         strconv.FormatFloat(float64(st.Clip), 'g', -1, 32),
		"seed":         strconv.FormatUint(st.Seed, 10),
		"target_iters": strconv.Itoa(st.Target),
		"data":         st.Data,
		"data_sha256":  st.DataSHA256,
	}
	ts := []safetensors.Tensor{safetensors.F32Tensor("optim.v1", st.V1, len(st.V1))}
	if st.V2 != nil {
		ts = append(ts, safetensors.F32Tensor("optim.v2", st.V2, len(st.V2)))
	}
	for k, h := range st.Carry {
		ts = append(ts, safetensors.F32Tensor(fmt.Sprintf("hidden.l%d", k), h, len(h)))
	}
	return safetensors.Marshal(ts, meta)
}

// loadState reads the training state file at path and checks it against
// the model it goes with (its file's bytes and its shape).
func loadState(path string, modelBytes []byte, m *rnn.Model) (*trainState, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, badInput("-resume: training state %s not found (train writes it next to the model; without it a run cannot continue exactly)", path)
		}
		return nil, usageError{fmt.Errorf("-resume: %v", err)}
	}
	bad := func(format string, args ...any) error {
		return badInput("-resume: %s: %s", path, fmt.Sprintf(format, args...))
	}
	md := f.Metadata
	if md["format"] != stateFormat {
		return nil, bad("metadata format is %s, want %q", quote(md["format"]), stateFormat)
	}
	st := &trainState{}
	st.ModelSHA256 = md["model_sha256"]
	if st.ModelSHA256 != sha256hex(modelBytes) {
		return nil, bad("it belongs to another model file (model_sha256 differs: the model was changed, or a save was interrupted between the two files)")
	}
	// seq has the bounds of the -seq flag: a larger value is bad input
	// here, not a failure later when the training buffers are sized.
	ints := []struct {
		key      string
		dst      *int
		min, max int
	}{
		{"iter", &st.Iter, 1, math.MaxInt}, {"pos", &st.Pos, 0, math.MaxInt},
		{"hidden", &st.Hidden, 1, math.MaxInt}, {"layers", &st.Layers, 1, math.MaxInt},
		{"seq", &st.Seq, 1, maxSeq}, {"target_iters", &st.Target, 1, math.MaxInt},
	}
	for _, x := range ints {
		v, err := strconv.Atoi(md[x.key])
		switch {
		case err != nil || v < x.min:
			return nil, bad("metadata %q is %s, want an integer >= %d", x.key, quote(md[x.key]), x.min)
		case v > x.max:
			return nil, bad("metadata %q is %s, want an integer in %d..%d", x.key, quote(md[x.key]), x.min, x.max)
		}
		*x.dst = v
	}
	floats := []struct {
		key string
		dst *float32
	}{{"lr", &st.LR}, {"clip", &st.Clip}}
	for _, x := range floats {
		v, err := strconv.ParseFloat(md[x.key], 32)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) {
			return nil, bad("metadata %q is %s, want a number >= 0", x.key, quote(md[x.key]))
		}
		*x.dst = float32(v)
	}
	if st.Smooth, err = strconv.ParseFloat(md["smooth_loss"], 64); err != nil || math.IsNaN(st.Smooth) || math.IsInf(st.Smooth, 0) {
		return nil, bad("metadata \"smooth_loss\" is %s, want a number", quote(md["smooth_loss"]))
	}
	if st.Seed, err = strconv.ParseUint(md["seed"], 10, 64); err != nil {
		return nil, bad("metadata \"seed\" is %s, want an unsigned integer", quote(md["seed"]))
	}
	st.Optim, st.Data, st.DataSHA256 = md["optim"], md["data"], md["data_sha256"]
	if _, err := optimizer(st.Optim, st.LR, st.Clip); err != nil {
		return nil, bad("%v", err)
	}
	cfg := m.Config()
	if st.Hidden != cfg.Hidden || st.Layers != cfg.Layers {
		return nil, bad("hidden %d, layers %d do not match the model's %d, %d", st.Hidden, st.Layers, cfg.Hidden, cfg.Layers)
	}
	n := cfg.NumParams()
	get := func(name string, size int) ([]float32, error) {
		t := f.Tensor(name)
		if t == nil {
			return nil, bad("missing tensor %q", name)
		}
		if len(t.Shape) != 1 || t.Shape[0] != size {
			return nil, bad("tensor %q has shape %v, want [%d]", name, t.Shape, size)
		}
		v, err := t.Float32s()
		if err != nil {
			return nil, bad("%v", err)
		}
		for i, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return nil, bad("tensor %q holds %v at index %d", name, x, i)
			}
		}
		return v, nil
	}
	want := 1 + cfg.Layers
	if st.V1, err = get("optim.v1", n); err != nil {
		return nil, err
	}
	if st.Optim == "adam" {
		want++
		if st.V2, err = get("optim.v2", n); err != nil {
			return nil, err
		}
	}
	for k := range cfg.Layers {
		h, err := get(fmt.Sprintf("hidden.l%d", k), cfg.Hidden)
		if err != nil {
			return nil, err
		}
		st.Carry = append(st.Carry, h)
	}
	if len(f.Tensors) != want {
		return nil, bad("%d tensors, want %d", len(f.Tensors), want)
	}
	return st, nil
}

// optimizer returns the rnn optimizer for the -optim, -lr and -clip flags.
// lr 0 means the method's default. -clip clips every gradient element to
// [-clip, clip], as min-char-rnn does, for every method.
func optimizer(name string, lr, clip float32) (rnn.Optimizer, error) {
	var o rnn.Optimizer
	switch name {
	case "adagrad":
		o = rnn.MinCharRNN()
	case "adam":
		o = rnn.DefaultAdam()
	case "sgd":
		o = rnn.DefaultSGD()
	default:
		return o, fmt.Errorf("-optim %q: want adagrad, adam or sgd", name)
	}
	if lr != 0 {
		o.LR = lr
	}
	o.ClipValue, o.ClipNorm = clip, 0
	if err := o.Validate(); err != nil {
		return o, err
	}
	return o, nil
}
