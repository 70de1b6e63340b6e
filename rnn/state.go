package rnn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
	"github.com/simdrnn/simdrnn/internal/safetensors"
)

// StateFormat is the "format" metadata of a trainer state written by
// Trainer.MarshalState.
const StateFormat = "simdrnn.trainer.v3"

// stateFormatV2 is the trainer state before batches: that of StateFormat
// without the "batch" metadata, a batch of one.
const stateFormatV2 = "simdrnn.trainer.v2"

// stateFormatV1 is the training state charrnn wrote before StateFormat:
// the same tensors, charrnn's settings in the metadata, and no record of
// the warm-up, the restarts or the clipping by norm.
const stateFormatV1 = "simdrnn.charrnn.state.v1"

// The metadata keys a trainer state reserves; MarshalState refuses
// caller metadata under these names.
var stateKeys = []string{
	"format", "state_sha256", "params_sha256", "iter", "pos",
	"seq", "batch", "loss", "output", "reset_every",
	"method", "lr", "momentum", "beta1", "beta2", "eps", "clip_value", "clip_norm", "warmup",
}

// MarshalState encodes everything beyond the model's weights that the
// trainer needs to continue exactly where it is, as a safetensors file:
//
//   - the recipe: the TrainConfig, with the batch, the optimizer's every
//     setting and the restart period resolved (a zero ResetEvery is recorded as
//     DefaultResetEvery, so that a later change of the default does not
//     change a resumed run);
//   - the progress: the number of updates applied (Iter) and Next's
//     position in its data (Pos; Next's walk is sequential, so the position
//     is its whole state);
//   - the optimizer's state and the state carried into the next chunk, as
//     float32 tensors "optim.v1", "optim.v2" (Adam only), "hidden.l{k}"
//     and, for an LSTM, "cell.l{k}" (each Batch x Hidden values, stream b's
//     in row b);
//   - "params_sha256", the SHA-256 of the model's parameters, so that the
//     state resumes only over the weights it was saved with;
//   - "state_sha256", a SHA-256 over all of the above and meta, so that a
//     damaged file is refused rather than resumed.
//
// A state that ResumeTrainer would refuse is an error instead: a NaN or an
// infinity, a negative Adagrad sum of squares or Adam second moment, a
// carried hidden value outside [-1, 1] (each written through
// OptimizerState or Hidden).
//
// meta holds the caller's own entries, stored with the state and returned
// by ResumeTrainer; their names must not be among the keys the state uses
// (format, state_sha256, params_sha256, iter, pos, seq, batch, loss,
// output, reset_every, method, lr, momentum, beta1, beta2, eps, clip_value,
// clip_norm, warmup).
func (t *Trainer) MarshalState(meta map[string]string) ([]byte, error) {
	md := make(map[string]string, len(meta)+len(stateKeys))
	for k, v := range meta {
		if slices.Contains(stateKeys, k) {
			return nil, fmt.Errorf("rnn: MarshalState: metadata key %q is the state's own", k)
		}
		md[k] = v
	}
	o := t.opt
	f32 := func(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }
	every := t.every
	if every == 0 {
		every = NeverReset
	}
	for k, v := range map[string]string{
		"format":        StateFormat,
		"params_sha256": paramsSHA256(t.m.params),
		"iter":          strconv.Itoa(t.iter),
		"pos":           strconv.Itoa(t.pos),
		"seq":           strconv.Itoa(t.cfg.Seq),
		"batch":         strconv.Itoa(t.b),
		"loss":          t.cfg.Loss.String(),
		"output":        t.cfg.Output.String(),
		"reset_every":   strconv.Itoa(every),
		"method":        o.Method.String(),
		"lr":            f32(o.LR),
		"momentum":      f32(o.Momentum),
		"beta1":         f32(o.Beta1),
		"beta2":         f32(o.Beta2),
		"eps":           f32(o.Eps),
		"clip_value":    f32(o.ClipValue),
		"clip_norm":     f32(o.ClipNorm),
		"warmup":        strconv.Itoa(o.Warmup),
	} {
		md[k] = v
	}
	for name, v := range t.stateSlices() {
		if err := t.checkStateValues(name, v); err != nil {
			return nil, fmt.Errorf("rnn: MarshalState: %w", err)
		}
	}
	ts := t.stateTensors()
	md["state_sha256"] = stateSHA256(md, ts)
	return safetensors.Marshal(ts, md)
}

// SaveState writes MarshalState's file to path atomically: path holds
// either its old content or the whole new state, whatever happens during
// the write.
func (t *Trainer) SaveState(path string, meta map[string]string) error {
	b, err := t.MarshalState(meta)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b, 0o644)
}

// stateSlices yields the trainer's state slices with their tensor names,
// in file order.
func (t *Trainer) stateSlices() func(yield func(string, []float32) bool) {
	return func(yield func(string, []float32) bool) {
		if !yield("optim.v1", t.st1) {
			return
		}
		if t.st2 != nil && !yield("optim.v2", t.st2) {
			return
		}
		for k, h := range t.carry {
			if !yield(fmt.Sprintf("hidden.l%d", k), h) {
				return
			}
		}
		for k, c := range t.carryC {
			if !yield(fmt.Sprintf("cell.l%d", k), c) {
				return
			}
		}
	}
}

// checkStateValues returns an error naming the first value of the state
// tensor name that no run can produce: a NaN or an infinity, a negative
// Adagrad sum of squares or Adam second moment, or a carried hidden value
// outside tanh's range [-1, 1] (an LSTM's cell state has no bound).
func (t *Trainer) checkStateValues(name string, v []float32) error {
	if err := checkFinite(name, v); err != nil {
		return err
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	switch {
	case name == "optim.v1" && t.opt.Method == Adagrad, name == "optim.v2":
		lo = 0 // sums and averages of squares
	case strings.HasPrefix(name, "hidden."):
		lo, hi = -1, 1 // the range of tanh, and of the GRU's convex mix of it
	}
	for i, x := range v {
		if float64(x) < lo || float64(x) > hi {
			return fmt.Errorf("tensor %q holds %v at index %d, outside [%v, %v]", name, x, i, lo, hi)
		}
	}
	return nil
}

// stateTensors returns the trainer's optimizer and carried hidden state as
// tensors, in file order.
func (t *Trainer) stateTensors() []safetensors.Tensor {
	var ts []safetensors.Tensor
	for name, v := range t.stateSlices() {
		ts = append(ts, safetensors.F32Tensor(name, v, len(v)))
	}
	return ts
}

// paramsSHA256 returns the SHA-256 of the parameters' little-endian bytes.
func paramsSHA256(p []float32) string {
	h := sha256.New()
	var b [4096]byte
	for len(p) > 0 {
		n := min(len(p), len(b)/4)
		for i, x := range p[:n] {
			binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
		}
		h.Write(b[:4*n])
		p = p[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stateSHA256 returns the checksum of a state: the SHA-256 of its metadata
// entries but state_sha256 (sorted by key, each as key NUL value NUL), then
// of each tensor's name, NUL, dtype, shape and data, in file order.
func stateSHA256(md map[string]string, ts []safetensors.Tensor) string {
	h := sha256.New()
	keys := make([]string, 0, len(md))
	for k := range md {
		if k != "state_sha256" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00%s\x00", k, md[k])
	}
	for _, t := range ts {
		fmt.Fprintf(h, "%s\x00%s%v\x00", t.Name, t.DType, t.Shape)
		h.Write(t.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LoadTrainer reads a trainer state file written by SaveState (or by
// charrnn before it, see ResumeTrainer) and returns a trainer that
// continues it over m, made with the options opts (as NewTrainer's).
func LoadTrainer(m *Model, path string, opts ...Option) (*Trainer, map[string]string, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	t, meta, err := resumeTrainer(m, f, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, meta, nil
}

// ResumeTrainer returns a trainer over m that continues the run whose state
// b holds (MarshalState's file), under the recipe recorded in it, with the
// caller's metadata stored with it, made with the options opts (as
// NewTrainer's). m must hold the weights the state was
// saved with. Every value is checked: the checksum, the recipe (as
// NewTrainer checks a TrainConfig), the counts, the tensors' names and
// shapes, that every value is finite, that Adagrad's sums of squares and
// Adam's second moments are not negative, and that the carried hidden
// state is within tanh's range [-1, 1]; the first problem found is the
// error.
//
// It reads the states written before batches (format
// "simdrnn.trainer.v2", which has no "batch": a batch of one) and the
// training state of charrnn's format v1, which had no
// checksum and recorded only the optimizer's method, learning rate and
// bound on each gradient element: such a state resumes under the recipe
// charrnn used when it last wrote that format (momentum 0.9, Adam's betas,
// epsilon 1e-8, clipped by value only, DefaultWarmup and
// DefaultResetEvery). Its files do not say whether they were written
// before charrnn had the warm-up and the restarts (before 2026-11-30), so
// such older states resume with them too.
func ResumeTrainer(m *Model, b []byte, opts ...Option) (*Trainer, map[string]string, error) {
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, nil, err
	}
	return resumeTrainer(m, f, opts)
}

func resumeTrainer(m *Model, f *safetensors.File, opts []Option) (*Trainer, map[string]string, error) {
	if m == nil {
		return nil, nil, fmt.Errorf("rnn: resuming a trainer: %w", errNilModel)
	}
	md := f.Metadata
	bad := func(format string, args ...any) error {
		return fmt.Errorf("trainer state: %s", fmt.Sprintf(format, args...))
	}
	v1, v2 := false, false
	switch md["format"] {
	case StateFormat, stateFormatV2:
		v2 = md["format"] == stateFormatV2
		if sum := md["state_sha256"]; sum != stateSHA256(md, f.Tensors) {
			return nil, nil, bad("checksum mismatch (state_sha256 is %s): the file is damaged", quoteMeta(sum))
		}
		if md["params_sha256"] != paramsSHA256(m.params) {
			return nil, nil, bad("it belongs to other weights than the model's (params_sha256 differs)")
		}
	case stateFormatV1:
		v1 = true
	default:
		return nil, nil, bad("metadata format is %s, want %q", quoteMeta(md["format"]), StateFormat)
	}

	integer := func(key string, lo int) (int, error) {
		v, err := strconv.Atoi(md[key])
		if err != nil || v < lo {
			return 0, bad("metadata %q is %s, want an integer >= %d", key, quoteMeta(md[key]), lo)
		}
		return v, nil
	}
	float := func(key string) (float32, error) {
		v, err := strconv.ParseFloat(md[key], 32)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
			return 0, bad("metadata %q is %s, want a finite number >= 0", key, quoteMeta(md[key]))
		}
		return float32(v), nil
	}
	var cfg TrainConfig
	var err error
	iter, err := integer("iter", 0)
	if err != nil {
		return nil, nil, err
	}
	pos, err := integer("pos", 0)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Seq, err = integer("seq", 1); err != nil {
		return nil, nil, err
	}
	cfg.Batch = 1
	if !v1 && !v2 {
		if cfg.Batch, err = integer("batch", 1); err != nil {
			return nil, nil, err
		}
	}
	if v1 {
		cfg.ResetEvery = DefaultResetEvery
		if cfg.Optimizer, err = v1Optimizer(md, float); err != nil {
			return nil, nil, err
		}
	} else {
		if cfg.Loss, err = parseName(md, "loss", []Loss{CrossEntropy, MSE}); err != nil {
			return nil, nil, bad("%v", err)
		}
		if cfg.Output, err = parseName(md, "output", []Output{ManyToMany, ManyToOne}); err != nil {
			return nil, nil, bad("%v", err)
		}
		if cfg.ResetEvery, err = strconv.Atoi(md["reset_every"]); err != nil || cfg.ResetEvery == 0 || cfg.ResetEvery < NeverReset {
			return nil, nil, bad("metadata %q is %s, want an integer >= 1, or -1 (never)", "reset_every", quoteMeta(md["reset_every"]))
		}
		o := &cfg.Optimizer
		if o.Method, err = parseName(md, "method", []Method{SGD, Adagrad, Adam}); err != nil {
			return nil, nil, bad("%v", err)
		}
		for _, x := range []struct {
			key string
			dst *float32
		}{{"lr", &o.LR}, {"momentum", &o.Momentum}, {"beta1", &o.Beta1}, {"beta2", &o.Beta2}, {"eps", &o.Eps}, {"clip_value", &o.ClipValue}, {"clip_norm", &o.ClipNorm}} {
			if *x.dst, err = float(x.key); err != nil {
				return nil, nil, err
			}
		}
		if o.Warmup, err = integer("warmup", 0); err != nil {
			return nil, nil, err
		}
	}
	t, err := NewTrainer(m, cfg)
	if err != nil {
		return nil, nil, bad("recipe: %v", err)
	}
	t.iter, t.pos = iter, pos

	// The tensors: exactly those of MarshalState, every value valid.
	want := map[string][]float32{}
	for name, v := range t.stateSlices() {
		want[name] = v
	}
	if len(f.Tensors) != len(want) {
		return nil, nil, bad("%d tensors, want %d (optimizer state and %d layers' carried state)", len(f.Tensors), len(want), len(t.carry))
	}
	for _, ts := range f.Tensors {
		dst, ok := want[ts.Name]
		if !ok {
			return nil, nil, bad("unexpected tensor %q", ts.Name)
		}
		if len(ts.Shape) != 1 || ts.Shape[0] != len(dst) {
			return nil, nil, bad("tensor %q has shape %v, want [%d]", ts.Name, ts.Shape, len(dst))
		}
		v, err := ts.Float32s()
		if err != nil {
			return nil, nil, bad("%v", err)
		}
		if err := t.checkStateValues(ts.Name, v); err != nil {
			return nil, nil, bad("%v", err)
		}
		copy(dst, v)
	}
	meta := map[string]string{}
	for k, v := range md {
		if !slices.Contains(stateKeys, k) || (k == "batch" && (v1 || v2)) {
			meta[k] = v
		}
	}
	t.startThreads(threadsOf(opts)) // once every check has passed
	return t, meta, nil
}

// v1Optimizer returns the optimizer of a charrnn v1 state: the method's
// defaults, its learning rate, clipping by value only, and DefaultWarmup.
func v1Optimizer(md map[string]string, float func(string) (float32, error)) (Optimizer, error) {
	method, err := ParseMethod(md["optim"])
	if err != nil {
		return Optimizer{}, fmt.Errorf("trainer state: metadata \"optim\" is %s, want adagrad, adam or sgd", quoteMeta(md["optim"]))
	}
	o, _ := DefaultOptimizer(method)
	if o.LR, err = float("lr"); err != nil {
		return o, err
	}
	if o.ClipValue, err = float("clip"); err != nil {
		return o, err
	}
	o.ClipNorm, o.Warmup = 0, DefaultWarmup
	return o, nil
}

// parseName returns the value among vals whose String is md[key].
func parseName[T fmt.Stringer](md map[string]string, key string, vals []T) (T, error) {
	for _, v := range vals {
		if v.String() == md[key] {
			return v, nil
		}
	}
	var zero T
	names := make([]string, len(vals))
	for i, v := range vals {
		names[i] = v.String()
	}
	return zero, fmt.Errorf("metadata %q is %s, want one of %q", key, quoteMeta(md[key]), names)
}

// quoteMeta quotes a metadata value for an error message, cut to 64 bytes.
func quoteMeta(s string) string {
	if len(s) <= 64 {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:48]) + fmt.Sprintf("... (%d bytes)", len(s))
}
