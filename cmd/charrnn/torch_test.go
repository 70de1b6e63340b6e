package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const python = "/usr/bin/python3"

// torchScript loads or saves a checkpoint with PyTorch and prints the mean
// cross-entropy of a text under it, computed in float64 by nn.RNN, nn.LSTM
// or nn.GRU and nn.Linear from the stored weights (16-bit ones widened
// exactly). It reads and writes safetensors with a few lines of its own,
// since the safetensors Python package may be absent.
//
//	load MODEL TEXT DTYPE             -> our file: load_state_dict(strict=True);
//	                                     the weight matrices must be DTYPE
//	                                     (F32, F16 or BF16), the biases F32
//	save MODEL TEXT V H L DTYPE CELL  -> a random PyTorch model, converted
//	                                     to DTYPE as .half() or
//	                                     .to(torch.bfloat16) do (every
//	                                     tensor), saved
const torchScript = `
import json, struct, sys
import torch, torch.nn as nn, torch.nn.functional as F

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
GATES = {1: "rnn", 4: "lstm", 3: "gru"}

class CharRNN(nn.Module):
    def __init__(self, V, H, L, cell):
        super().__init__()
        self.rnn = CELLS[cell](V, H, num_layers=L)
        self.fc = nn.Linear(H, V)
    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)

DT = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
INT = {torch.float32: torch.int32, torch.float16: torch.int16, torch.bfloat16: torch.int16}

def read_safetensors(path):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    meta = header.pop("__metadata__", {})
    sd, dtypes = {}, {}
    for name, t in header.items():
        s, e = t["data_offsets"]
        buf = bytearray(b[8 + n + s:8 + n + e])
        sd[name] = torch.frombuffer(buf, dtype=DT[t["dtype"]]).reshape(t["shape"]).clone()
        dtypes[name] = t["dtype"]
    return sd, meta, dtypes

def write_safetensors(path, sd, meta):
    header, blobs, off = {"__metadata__": meta}, [], 0
    for name in sorted(sd):
        t = sd[name].detach().contiguous()
        dt = {v: k for k, v in DT.items()}[t.dtype]
        data = t.view(INT[t.dtype]).numpy().tobytes()
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))

def loss(model, vocab, text):
    stoi = {c: i for i, c in enumerate(vocab)}
    idx = torch.tensor([stoi[c] for c in text])
    x = F.one_hot(idx[:-1], len(vocab)).double().unsqueeze(1)
    with torch.no_grad():
        logits = model.double()(x).squeeze(1)
        return F.cross_entropy(logits, idx[1:]).item()

cmd, path, text = sys.argv[1], sys.argv[2], open(sys.argv[3], encoding="utf-8").read()
if cmd == "load":
    want = sys.argv[4]
    sd, meta, dtypes = read_safetensors(path)
    assert meta["format"] == "simdrnn.charrnn.v1"
    for name, dt in dtypes.items():
        assert dt == (want if "weight" in name else "F32"), (name, dt)
    vocab = meta["vocab"]
    hh = sd["rnn.weight_hh_l0"].shape
    cell = GATES[hh[0] // hh[1]]
    assert meta["cell"] == cell, (meta["cell"], cell)
    L = sum(1 for k in sd if k.startswith("rnn.weight_hh_l"))
    model = CharRNN(len(vocab), hh[1], L, cell).double()
    model.load_state_dict(sd, strict=True)  # widens 16-bit values exactly
else:
    V, H, L = (int(a) for a in sys.argv[4:7])
    dtype, cell = sys.argv[7], sys.argv[8]
    vocab = "".join(sorted(set(text)))
    assert len(vocab) == V
    torch.manual_seed(1)
    model = CharRNN(V, H, L, cell)
    with torch.no_grad():  # larger weights and biases than the default init, for a sharper test
        for name, p in model.named_parameters():
            p.uniform_(-1, 1) if "bias" in name else p.mul_(3)
    model = model.to(DT[dtype])
    # PyTorch's own file has no "cell": it is inferred from the shapes.
    write_safetensors(path, model.state_dict(), {"format": "simdrnn.charrnn.v1", "vocab": vocab})
print(repr(loss(model, vocab, text)))
`

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

func runTorch(t *testing.T, dir string, args ...string) float64 {
	t.Helper()
	script := filepath.Join(dir, "torch_check.py")
	if err := os.WriteFile(script, []byte(torchScript), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, append([]string{script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatalf("python printed %q", out)
	}
	return v
}

// torchTol is the relative agreement of our loss (float32 arithmetic)
// with PyTorch's (float64) on the same weights.
const torchTol = 1e-6

// TestPyTorchLoadsOurs trains a 2-layer model of each cell, converts it to
// F16 and BF16, and has PyTorch load each file with
// load_state_dict(strict=True) and compute the loss of a text: it must
// match our eval to torchTol.
func TestPyTorchLoadsOurs(t *testing.T) {
	havePyTorch(t)
	for _, cell := range []string{"rnn", "lstm", "gru"} {
		t.Run(cell, func(t *testing.T) {
			dir := t.TempDir()
			data := writeTemp(t, dir, "data.txt", testText(3000))
			evalFile := writeTemp(t, dir, "eval.txt", testText(5000)[3000:])
			model := filepath.Join(dir, "m.safetensors")
			if code, _, errs := cli(t, "train", "-cell", cell, "-data", data, "-hidden", "20", "-layers", "2", "-seq", "16", "-iters", "300", "-sample-every", "0", "-out", model); code != 0 {
				t.Fatalf("train: %d %s", code, errs)
			}
			for _, dt := range []string{"F32", "F16", "BF16"} {
				file := model
				if dt != "F32" {
					file = filepath.Join(dir, dt+".safetensors")
					if code, _, errs := cli(t, "convert", "-to", strings.ToLower(dt), model, file); code != 0 {
						t.Fatalf("convert: %d %s", code, errs)
					}
				}
				code, out, errs := cli(t, "eval", "-model", file, "-data", evalFile)
				if code != 0 {
					t.Fatalf("eval: %d %s", code, errs)
				}
				ours := lastLoss(t, out)
				theirs := runTorch(t, dir, "load", file, evalFile, dt)
				t.Logf("%s: loss: ours %.9f, PyTorch %.9f", dt, ours, theirs)
				if math.Abs(ours-theirs) > torchTol*theirs {
					t.Errorf("%s: our loss %v, PyTorch's %v: relative difference %.2g > %g", dt, ours, theirs, math.Abs(ours-theirs)/theirs, torchTol)
				}
			}
		})
	}
}

// TestWeLoadPyTorch has PyTorch save a randomly initialized 2-layer model
// of each cell (whose two hidden biases are both non-zero), in F32 and,
// after .half() or .to(torch.bfloat16), with every tensor 16-bit, with its
// loss on a text; our eval of that file, in its own format, must match to
// torchTol.
func TestWeLoadPyTorch(t *testing.T) {
	havePyTorch(t)
	for _, cell := range []string{"rnn", "lstm", "gru"} {
		t.Run(cell, func(t *testing.T) {
			dir := t.TempDir()
			text := testText(3000)
			evalFile := writeTemp(t, dir, "eval.txt", text)
			V := len(uniqueRunes(text))
			for _, dt := range []string{"F32", "F16", "BF16"} {
				model := filepath.Join(dir, "torch-"+dt+".safetensors")
				theirs := runTorch(t, dir, "save", model, evalFile, fmt.Sprint(V), "24", "2", dt, cell)
				code, out, errs := cli(t, "eval", "-model", model, "-data", evalFile)
				if code != 0 || !strings.Contains(out, strings.ToLower(dt)+" weights") || !strings.Contains(out, strings.ToUpper(cell)+",") {
					t.Fatalf("eval: %d %q %s", code, out, errs)
				}
				ours := lastLoss(t, out)
				t.Logf("%s: loss: PyTorch %.9f, ours %.9f", dt, theirs, ours)
				if math.Abs(ours-theirs) > torchTol*theirs {
					t.Errorf("%s: our loss %v, PyTorch's %v: relative difference %.2g > %g", dt, ours, theirs, math.Abs(ours-theirs)/theirs, torchTol)
				}
				// And the model samples.
				if code, _, errs := cli(t, "sample", "-model", model, "-n", "50"); code != 0 {
					t.Errorf("sample of the PyTorch model: %d %s", code, errs)
				}
			}
		})
	}
}

func uniqueRunes(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}
