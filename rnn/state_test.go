package rnn

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/safetensors"
)

// stateTestRun returns a trained 2-layer model and its trainer after n
// updates of Next over random tokens, with a recipe that sets every
// setting away from its default.
func stateTestRun(t testing.TB, o Optimizer, n int) (*Model, *Trainer, []int) {
	return stateTestRunCell(t, RNN, o, n)
}

// stateTestRunCell is stateTestRun for a model of the given cell.
func stateTestRunCell(t testing.TB, cell Cell, o Optimizer, n int) (*Model, *Trainer, []int) {
	return stateTestRunBatch(t, cell, o, n, 0)
}

// stateTestRunBatch is stateTestRunCell for a trainer of B streams.
func stateTestRunBatch(t testing.TB, cell Cell, o Optimizer, n, B int) (*Model, *Trainer, []int) {
	t.Helper()
	m, err := New(Config{Input: 7, Hidden: 9, Layers: 2, Output: 7, Cell: cell})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(5, 0.3)
	tr, err := NewTrainer(m, TrainConfig{Seq: 6, ResetEvery: 7, Optimizer: o, Batch: B})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]int, 100)
	for i := range data {
		data[i] = r.IntN(7)
	}
	for range n {
		if _, err := tr.Next(data); err != nil {
			t.Fatal(err)
		}
	}
	return m, tr, data
}

func stateOptimizers() map[string]Optimizer {
	sgd, ada, adam := DefaultSGD(), MinCharRNN(), DefaultAdam()
	sgd.Warmup, ada.Warmup, adam.Warmup = 5, 9, 13
	ada.ClipNorm, adam.ClipValue = 3, 2
	return map[string]Optimizer{"sgd": sgd, "adagrad": ada, "adam": adam}
}

// TestResumeExact: a run saved after 23 updates and resumed from its
// state and a copy of its weights continues bit for bit as the run that
// was not interrupted, under the recorded recipe.
func TestResumeExact(t *testing.T) {
	for _, cell := range []Cell{RNN, LSTM, GRU} {
		for name, o := range stateOptimizers() {
			t.Run(cell.String()+"/"+name, func(t *testing.T) { resumeExact(t, cell, o, 0) })
		}
		// A batch of 3 streams over parts of 33 tokens: restarts every 5 updates.
		t.Run(cell.String()+"/adam/batch=3", func(t *testing.T) { resumeExact(t, cell, stateOptimizers()["adam"], 3) })
	}
}

func resumeExact(t *testing.T, cell Cell, o Optimizer, B int) {
	m, tr, data := stateTestRunBatch(t, cell, o, 23, B)
	b, err := tr.MarshalState(map[string]string{"mine": "x"})
	if err != nil {
		t.Fatal(err)
	}
	m2 := m.Clone()
	rt, meta, err := ResumeTrainer(m2, b)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(meta, map[string]string{"mine": "x"}) {
		t.Errorf("metadata %v, want the caller's own", meta)
	}
	want := tr.Config()
	if got := rt.Config(); got != want {
		t.Errorf("recipe %+v, want %+v", got, want)
	}
	for range 31 { // past resets, the warm-up and the end of the data
		l1, err1 := tr.Next(data)
		l2, err2 := rt.Next(data)
		if err1 != nil || err2 != nil || l1 != l2 {
			t.Fatalf("losses %v, %v (%v, %v)", l1, l2, err1, err2)
		}
	}
	if !slices.Equal(m.Params(), m2.Params()) || !slices.Equal(tr.st1, rt.st1) || !slices.Equal(tr.st2, rt.st2) || tr.Iter() != rt.Iter() || tr.Pos() != rt.Pos() {
		t.Error("the resumed run differs from the uninterrupted one")
	}
	for k := range tr.carryC {
		if !slices.Equal(tr.carryC[k], rt.carryC[k]) {
			t.Errorf("layer %d's cell state differs", k)
		}
	}
	for k := range tr.carry {
		if !slices.Equal(tr.carry[k], rt.carry[k]) || len(rt.carry[k]) != max(B, 1)*9 {
			t.Errorf("layer %d's hidden state differs", k)
		}
	}
}

// TestResumeV2: a state written before batches (format
// "simdrnn.trainer.v2", no "batch") resumes as a batch of one, and its
// caller metadata may name "batch", which that format did not reserve.
func TestResumeV2(t *testing.T) {
	m, tr, data := stateTestRun(t, DefaultAdam(), 9)
	b, err := tr.MarshalState(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, callerBatch := range []bool{false, true} {
		old := restamp(t, b, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["format"] = stateFormatV2
			delete(md, "batch")
			if callerBatch {
				md["batch"] = "mine"
			}
			return ts
		})
		m2 := m.Clone()
		rt, meta, err := ResumeTrainer(m2, old)
		if err != nil {
			t.Fatal(err)
		}
		if rt.Config() != tr.Config() || (callerBatch && meta["batch"] != "mine") || (!callerBatch && len(meta) != 0) {
			t.Errorf("v2 state: recipe %+v (want %+v), metadata %v", rt.Config(), tr.Config(), meta)
		}
		m3 := m.Clone()
		r3, _, err := ResumeTrainer(m3, b)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			l1, err1 := r3.Next(data)
			l2, err2 := rt.Next(data)
			if err1 != nil || err2 != nil || l1 != l2 {
				t.Fatalf("the v2 state continues with loss %v (%v), the v3 state with %v (%v)", l2, err2, l1, err1)
			}
		}
	}
}

// TestResumeDefaultsResolved: a zero ResetEvery is recorded as the default
// it stands for, so that a resumed run keeps it whatever the default
// becomes.
func TestResumeDefaultsResolved(t *testing.T) {
	m, _ := New(Config{Input: 3, Hidden: 2, Layers: 1, Output: 3})
	for _, tc := range []struct{ given, want int }{{0, DefaultResetEvery}, {NeverReset, NeverReset}, {-7, NeverReset}, {3, 3}} {
		tr, err := NewTrainer(m, TrainConfig{Seq: 4, ResetEvery: tc.given, Optimizer: MinCharRNN()})
		if err != nil {
			t.Fatal(err)
		}
		b, err := tr.MarshalState(nil)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := safetensors.Parse(b)
		if got := f.Metadata["reset_every"]; got != strconv.Itoa(tc.want) {
			t.Errorf("ResetEvery %d recorded as %s, want %d", tc.given, got, tc.want)
		}
	}
}

// restamp re-encodes a state file with its metadata and tensors changed by
// edit and a checksum computed afresh, as a file crafted to pass the
// checksum would be.
func restamp(t *testing.T, b []byte, edit func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor) []byte {
	t.Helper()
	f, err := safetensors.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	ts := edit(f.Metadata, f.Tensors)
	f.Metadata["state_sha256"] = stateSHA256(f.Metadata, ts)
	out, err := safetensors.Marshal(ts, f.Metadata)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// setF32 sets element i of the F32 tensor name in ts to v.
func setF32(ts []safetensors.Tensor, name string, i int, v float32) []safetensors.Tensor {
	for j, t := range ts {
		if t.Name == name {
			x, _ := t.Float32s()
			x[i] = v
			ts[j] = safetensors.F32Tensor(name, x, len(x))
		}
	}
	return ts
}

func TestResumeRefuses(t *testing.T) {
	opts := stateOptimizers()
	m, tr, _ := stateTestRun(t, opts["adagrad"], 12)
	good, err := tr.MarshalState(map[string]string{"note": "n"})
	if err != nil {
		t.Fatal(err)
	}
	mAdam, trAdam, _ := stateTestRun(t, opts["adam"], 12)
	goodAdam, err := trAdam.MarshalState(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
		m          *Model
		b          []byte
	}{
		{"flipped bit in the optimizer state", "checksum", m, func() []byte {
			b := slices.Clone(good)
			b[len(b)-100] ^= 4 // within optim.v1 or the hidden state
			return b
		}()},
		{"edited metadata", "checksum", m, []byte(strings.Replace(string(good), `"lr":"0.1"`, `"lr":"0.2"`, 1))},
		{"negative Adagrad sum of squares", `"optim.v1" holds -0.5 at index 3`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			return setF32(ts, "optim.v1", 3, -0.5)
		})},
		{"negative Adam second moment", `"optim.v2" holds -1e-09`, mAdam, restamp(t, goodAdam, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			return setF32(ts, "optim.v2", 0, -1e-9)
		})},
		{"NaN in the optimizer state", `"optim.v1" holds NaN`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			return setF32(ts, "optim.v1", 0, float32(math.NaN()))
		})},
		{"hidden state beyond tanh", `"hidden.l1" holds 1.5`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			return setF32(ts, "hidden.l1", 2, 1.5)
		})},
		{"missing tensor", "2 tensors, want 3", m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor { return ts[:2] })},
		{"bad recipe", "Adagrad epsilon", m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["eps"] = "0"
			return ts
		})},
		{"bad reset_every", `"reset_every" is "0"`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["reset_every"] = "0"
			return ts
		})},
		{"bad batch", `"batch" is "0"`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["batch"] = "0"
			return ts
		})},
		{"batch without its states", `"hidden.l0" has shape [9], want [18]`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["batch"] = "2"
			return ts
		})},
		{"unknown method", `"method" is "rmsprop"`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["method"] = "rmsprop"
			return ts
		})},
		{"negative iteration", `"iter" is "-1"`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["iter"] = "-1"
			return ts
		})},
		{"other weights", "other weights", mAdam, good},
		{"unknown format", `format is "x"`, m, restamp(t, good, func(md map[string]string, ts []safetensors.Tensor) []safetensors.Tensor {
			md["format"] = "x"
			return ts
		})},
	} {
		_, _, err := ResumeTrainer(tc.m, tc.b)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	if _, _, err := ResumeTrainer(nil, good); err == nil {
		t.Error("ResumeTrainer(nil, ...) returned no error")
	}
	if _, _, err := ResumeTrainer(m, good); err != nil {
		t.Errorf("the good state: %v", err)
	}
}

// TestMarshalStateRefuses: nothing is written that ResumeTrainer would
// refuse.
func TestMarshalStateRefuses(t *testing.T) {
	_, tr, _ := stateTestRun(t, stateOptimizers()["adagrad"], 3)
	if _, err := tr.MarshalState(map[string]string{"iter": "5"}); err == nil || !strings.Contains(err.Error(), `"iter"`) {
		t.Errorf("metadata under a reserved key: %v", err)
	}
	tr.st1[4] = -1
	if _, err := tr.MarshalState(nil); err == nil || !strings.Contains(err.Error(), "optim.v1") {
		t.Errorf("negative sum of squares: %v", err)
	}
	tr.st1[4] = 0
	h, _ := tr.Hidden(0)
	h[0] = float32(math.Inf(1))
	if _, err := tr.MarshalState(nil); err == nil || !strings.Contains(err.Error(), "hidden.l0") {
		t.Errorf("infinite hidden state: %v", err)
	}
}

// TestResumeV1: a state in charrnn's format v1 resumes under the recipe
// charrnn wrote it with: the method's defaults, clipping by value,
// DefaultWarmup and DefaultResetEvery.
func TestResumeV1(t *testing.T) {
	m, tr, _ := stateTestRun(t, MinCharRNN(), 4)
	md := map[string]string{
		"format": stateFormatV1, "model_sha256": "abc", "iter": "4", "pos": "24", "smooth_loss": "40",
		"hidden": "9", "layers": "2", "seq": "6", "optim": "adam", "lr": "0.004", "clip": "3",
		"seed": "1", "target_iters": "100", "data": "/x", "data_sha256": "def",
	}
	// v1 wrote Adam's two moments; take this run's v1 for both.
	ts := []safetensors.Tensor{safetensors.F32Tensor("optim.v1", tr.st1, len(tr.st1)), safetensors.F32Tensor("optim.v2", tr.st1, len(tr.st1))}
	for k, h := range tr.carry {
		ts = append(ts, safetensors.F32Tensor("hidden.l"+strconv.Itoa(k), h, len(h)))
	}
	b, err := safetensors.Marshal(ts, md)
	if err != nil {
		t.Fatal(err)
	}
	rt, meta, err := ResumeTrainer(m, b)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultAdam()
	want.LR, want.ClipValue, want.ClipNorm, want.Warmup = 0.004, 3, 0, DefaultWarmup
	if got := rt.Config(); got.Optimizer != want || got.Seq != 6 || got.ResetEvery != DefaultResetEvery {
		t.Errorf("v1 recipe %+v, want Seq 6, ResetEvery %d, optimizer %+v", got, DefaultResetEvery, want)
	}
	if rt.Iter() != 4 || rt.Pos() != 24 || !slices.Equal(rt.st2, tr.st1) {
		t.Error("v1 progress or state not restored")
	}
	if meta["model_sha256"] != "abc" || meta["target_iters"] != "100" || meta["iter"] != "" {
		t.Errorf("v1 metadata returned: %v", meta)
	}
}

// FuzzResumeTrainer: no input makes ResumeTrainer panic, and whatever it
// accepts is a state that MarshalState writes back.
func FuzzResumeTrainer(f *testing.F) {
	m, tr, _ := stateTestRun(f, stateOptimizers()["adam"], 5)
	good, err := tr.MarshalState(map[string]string{"k": "v"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		rt, meta, err := ResumeTrainer(m.Clone(), b)
		if err != nil {
			return
		}
		if _, err := rt.MarshalState(meta); err != nil {
			t.Fatalf("accepted a state that cannot be written back: %v", err)
		}
	})
}
