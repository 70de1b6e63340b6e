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
// cross-entropy of a text under it, computed in float64 by nn.RNN and
// nn.Linear. It reads and writes safetensors with a few lines of its own,
// since the safetensors Python package may be absent.
//
//	torch.py load MODEL TEXT       -> load_state_dict(strict=True) our file
//	torch.py save MODEL TEXT V H L -> save a random PyTorch model
const torchScript = `
import json, struct, sys
import torch, torch.nn as nn, torch.nn.functional as F

class CharRNN(nn.Module):
    def __init__(self, V, H, L):
        super().__init__()
        self.rnn = nn.RNN(V, H, num_layers=L)
        self.fc = nn.Linear(H, V)
    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)

def read_safetensors(path):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    meta = header.pop("__metadata__", {})
    sd = {}
    for name, t in header.items():
        assert t["dtype"] == "F32", t
        s, e = t["data_offsets"]
        buf = bytearray(b[8 + n + s:8 + n + e])
        sd[name] = torch.frombuffer(buf, dtype=torch.float32).reshape(t["shape"]).clone()
    return sd, meta

def write_safetensors(path, sd, meta):
    header, blobs, off = {"__metadata__": meta}, [], 0
    for name in sorted(sd):
        data = sd[name].detach().float().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(sd[name].shape), "data_offsets": [off, off + len(data)]}
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
    sd, meta = read_safetensors(path)
    assert meta["format"] == "simdrnn.charrnn.v1"
    vocab = meta["vocab"]
    H = sd["rnn.weight_hh_l0"].shape[0]
    L = sum(1 for k in sd if k.startswith("rnn.weight_hh_l"))
    model = CharRNN(len(vocab), H, L)
    model.load_state_dict(sd, strict=True)
else:
    V, H, L = (int(a) for a in sys.argv[4:7])
    vocab = "".join(sorted(set(text)))
    assert len(vocab) == V
    torch.manual_seed(1)
    model = CharRNN(V, H, L)
    with torch.no_grad():  # larger weights and biases than the default init, for a sharper test
        for name, p in model.named_parameters():
            p.uniform_(-1, 1) if "bias" in name else p.mul_(3)
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

// TestPyTorchLoadsOurs trains a 2-layer model, then has PyTorch load it
// with load_state_dict(strict=True) and compute the loss of a text: it must
// match our eval to 1e-5 relative.
func TestPyTorchLoadsOurs(t *testing.T) {
	havePyTorch(t)
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(3000))
	evalFile := writeTemp(t, dir, "eval.txt", testText(5000)[3000:])
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-hidden", "20", "-layers", "2", "-seq", "16", "-iters", "300", "-sample-every", "0", "-out", model); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	code, out, errs := cli(t, "eval", "-model", model, "-data", evalFile)
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errs)
	}
	ours := lastLoss(t, out)
	theirs := runTorch(t, dir, "load", model, evalFile)
	t.Logf("loss: ours %.7f, PyTorch %.7f", ours, theirs)
	if math.Abs(ours-theirs) > 1e-5*theirs {
		t.Errorf("our loss %v, PyTorch's %v: relative difference %.2g > 1e-5", ours, theirs, math.Abs(ours-theirs)/theirs)
	}
}

// TestWeLoadPyTorch has PyTorch save a randomly initialized 2-layer model
// (whose two hidden biases are both non-zero) with its loss on a text; our
// eval of that file must match to 1e-5 relative.
func TestWeLoadPyTorch(t *testing.T) {
	havePyTorch(t)
	dir := t.TempDir()
	text := testText(3000)
	evalFile := writeTemp(t, dir, "eval.txt", text)
	V := len(uniqueRunes(text))
	model := filepath.Join(dir, "torch.safetensors")
	theirs := runTorch(t, dir, "save", model, evalFile, fmt.Sprint(V), "24", "2")
	code, out, errs := cli(t, "eval", "-model", model, "-data", evalFile)
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errs)
	}
	ours := lastLoss(t, out)
	t.Logf("loss: PyTorch %.7f, ours %.7f", theirs, ours)
	if math.Abs(ours-theirs) > 1e-5*theirs {
		t.Errorf("our loss %v, PyTorch's %v: relative difference %.2g > 1e-5", ours, theirs, math.Abs(ours-theirs)/theirs)
	}
	// And the model samples.
	if code, _, errs := cli(t, "sample", "-model", model, "-n", "50"); code != 0 {
		t.Errorf("sample of the PyTorch model: %d %s", code, errs)
	}
}

func uniqueRunes(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}
