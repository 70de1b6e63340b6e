package compare

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// The PyTorch scripts of this directory (torch_step.py, torch_train.py) are
// run with Debian's python3-torch, as cmd/charrnn's PyTorch tests do.
const python = "/usr/bin/python3"

func havePyTorch(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped with -short: starting PyTorch takes seconds")
	}
	if out, err := exec.Command(python, "-c", "import torch").CombinedOutput(); err != nil {
		if os.Getenv("SIMDRNN_REQUIRE_TORCH") != "" { // CI sets it: a skip there would hide a missing install
			t.Fatalf("SIMDRNN_REQUIRE_TORCH is set but PyTorch is not available: %v %s", err, out)
		}
		t.Skipf("skipped: PyTorch is not available (%s -c \"import torch\": %v %s); on Debian: apt-get install python3-torch", python, err, strings.TrimSpace(string(out)))
	}
}

func runPython(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(python, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", python, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// benchLine is a line of Go's benchmark format: name, iterations, then
// value-unit pairs.
var benchLine = regexp.MustCompile(`^(Benchmark\S+) (\d+)((?: \S+ \S+)+)$`)

// parseBench returns the benchmark lines of out: name -> one map of
// unit -> value per line.
func parseBench(t *testing.T, out string) map[string][]map[string]float64 {
	t.Helper()
	res := map[string][]map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a benchmark line: %q", line)
		}
		f := strings.Fields(m[3])
		vals := map[string]float64{}
		for i := 0; i < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil || !(v >= 0) || math.IsInf(v, 0) {
				t.Fatalf("%q: value %q", line, f[i])
			}
			vals[f[i+1]] = v
		}
		res[m[1]] = append(res[m[1]], vals)
	}
	return res
}

// TestTorchStepScript runs torch_step.py on small sizes and checks that it
// prints the configuration and, for every cell, size and implementation,
// one benchmark line per round with a positive time.
func TestTorchStepScript(t *testing.T) {
	havePyTorch(t)
	out := runPython(t, "torch_step.py", "-hidden", "8,24", "-batch", "lstm:16:3,gru:8:2", "-count", "2", "-time", "0.005")
	for _, want := range []string{"\ncpu: ", "\ntorch: ", "\nthreads: 1\n", "\n# blas: ", "\n# date: ", "\n# command: "} {
		if !strings.Contains("\n"+out, want) {
			t.Errorf("no %q line in the output:\n%s", strings.TrimSpace(want), out)
		}
	}
	got := parseBench(t, out)
	var names []string
	for _, impl := range []string{"torch", "torch-infer", "torch-jit"} {
		for _, cell := range []string{"lstm", "gru", "rnn"} {
			for _, h := range []int{8, 24} {
				names = append(names, fmt.Sprintf("BenchmarkCellStep/cell=%s/H=%d/impl=%s", cell, h, impl))
			}
		}
		names = append(names, "BenchmarkStepBatch/cell=lstm/H=16/B=3/impl="+impl, "BenchmarkStepBatch/cell=gru/H=8/B=2/impl="+impl)
	}
	for _, name := range names {
		lines := got[name]
		if len(lines) != 2 {
			t.Errorf("%s: %d lines, want 2 (-count 2)", name, len(lines))
		}
		for _, v := range lines {
			if !(v["ns/op"] > 0 && v["cpu-ns/op"] > 0) {
				t.Errorf("%s: %v, want positive ns/op and cpu-ns/op", name, v)
			}
		}
		delete(got, name)
	}
	for name := range got {
		t.Errorf("unexpected benchmark %s", name)
	}
	if !strings.Contains(out, "| lstm | 16 | 3 |") {
		t.Errorf("no table row for the batched LSTM:\n%s", out)
	}
}

// testText is a deterministic text of about n characters over a small
// vocabulary, with one non-ASCII character (the vocabulary is sorted by
// code point, the split counts characters, not bytes).
func testText(n int) string {
	words := []string{"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "runs", "away", "from", "a", "cat", "café"}
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		switch r.IntN(8) {
		case 0:
			b.WriteString(".\n")
		case 1:
			b.WriteString(", ")
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestTorchTrainMatchesTrainer checks that torch_train.py trains with
// rnn.Trainer's recipe: from the same initial weights (a Go model written
// as a checkpoint, -init), with bias_hh frozen at zero (the Go RNN has one
// hidden bias, PyTorch two), PyTorch's nn.RNN and the Go trainer (Adam, the
// default clipping, a warm-up, ResetEvery 100) must see the same loss at
// every update, through the warm-up, the restarts every 100 updates and
// the wrap-arounds at the end of the data, and end with the same weights;
// and the held-out loss the script prints for its saved model must be the
// one rnn.Stream computes for that file from a zero state.
func TestTorchTrainMatchesTrainer(t *testing.T) {
	havePyTorch(t)
	const (
		hidden, seq, trainChars = 24, 25, 1500 // 59 chunks: the walk wraps around after 59 updates
		iters, warmup           = 250, 60
	)
	dir := t.TempDir()
	text := testText(2500)
	textFile := filepath.Join(dir, "text.txt")
	if err := os.WriteFile(textFile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	vocab, err := rnn.VocabOf(text)
	if err != nil {
		t.Fatal(err)
	}
	toks, err := vocab.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	V := vocab.Len()
	m, err := rnn.New(rnn.Config{Input: V, Hidden: hidden, Layers: 1, Output: V})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(7, 0.1)
	init := filepath.Join(dir, "init.safetensors")
	if err := (&rnn.Checkpoint{Model: m, Vocab: vocab}).Save(init); err != nil {
		t.Fatal(err)
	}

	opt := rnn.DefaultAdam()
	opt.Warmup = warmup
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: seq, Optimizer: opt, ResetEvery: 100})
	if err != nil {
		t.Fatal(err)
	}
	goLoss := make([]float64, iters)
	for i := range goLoss {
		if goLoss[i], err = tr.Next(toks[:trainChars]); err != nil {
			t.Fatal(err)
		}
	}

	saved := filepath.Join(dir, "torch-{cell}-{seed}.safetensors")
	lossFile := filepath.Join(dir, "losses-{cell}-{seed}.txt")
	out := runPython(t, "torch_train.py", "-cell", "rnn", "-seeds", "5", "-hidden", fmt.Sprint(hidden),
		"-seq", fmt.Sprint(seq), "-train-chars", fmt.Sprint(trainChars), "-iters", fmt.Sprint(iters),
		"-warmup", fmt.Sprint(warmup), "-reset-every", "100", "-init", init, "-freeze-bias-hh",
		"-losses", lossFile, "-save", saved, "-log-every", "0", textFile)

	b, err := os.ReadFile(filepath.Join(dir, "losses-rnn-5.txt"))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	if len(f) != iters {
		t.Fatalf("the script wrote %d losses, want %d", len(f), iters)
	}
	worst := 0.0
	for i, s := range f {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		d := math.Abs(v-goLoss[i]) / goLoss[i]
		worst = max(worst, d)
		if d > 1e-5 {
			t.Errorf("update %d: PyTorch's chunk loss %.7g, the Go trainer's %.7g: relative difference %.2g > 1e-5", i+1, v, goLoss[i], d)
		}
	}
	t.Logf("chunk losses of %d updates: largest relative difference %.2g", iters, worst)

	ck, err := rnn.LoadCheckpoint(filepath.Join(dir, "torch-rnn-5.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if ck.Vocab.String() != vocab.String() || ck.Model.Config().Cell != rnn.RNN || ck.Metadata["iters"] != fmt.Sprint(iters) {
		t.Errorf("saved checkpoint: vocab %q, cell %v, metadata %v; want vocab %q, cell rnn, iters %d", ck.Vocab, ck.Model.Config().Cell, ck.Metadata, vocab, iters)
	}
	var maxDiff, maxAbs float64
	for i, w := range ck.Model.Params() {
		maxDiff = max(maxDiff, math.Abs(float64(w)-float64(m.Params()[i])))
		maxAbs = max(maxAbs, math.Abs(float64(m.Params()[i])))
	}
	t.Logf("weights after %d updates: largest difference %.2g (largest weight %.3g)", iters, maxDiff, maxAbs)
	if maxDiff > 1e-5 {
		t.Errorf("weights after %d updates differ by up to %.3g between PyTorch and the Go trainer, want <= 1e-5", iters, maxDiff)
	}

	held, err := ck.Model.NewStream().MeanCrossEntropy(toks[trainChars:])
	if err != nil {
		t.Fatal(err)
	}
	res := parseBench(t, out)["BenchmarkTrain/cell=rnn/H=24/impl=torch"]
	if len(res) != 1 {
		t.Fatalf("%d BenchmarkTrain lines for seed 5, want 1:\n%s", len(res), out)
	}
	theirs := res[0]["heldout-nats/char"]
	t.Logf("held-out loss of the saved model: script %.7f, rnn.Stream %.7f", theirs, held)
	if math.Abs(theirs-held) > 1e-5*held {
		t.Errorf("held-out loss: script %v, rnn.Stream on its checkpoint %v: relative difference > 1e-5", theirs, held)
	}
	if !(res[0]["chars/s"] > 0 && res[0]["cpu-chars/s"] > 0 && res[0]["train-nats/char"] > 0) {
		t.Errorf("BenchmarkTrain line %v: want positive chars/s, cpu-chars/s and train-nats/char", res[0])
	}
}
