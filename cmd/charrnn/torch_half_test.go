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

// torchHalfScript writes and reads checkpoints with F16 and BF16 tensors
// the way PyTorch holds them, and prints the mean cross-entropy of a text
// computed in float64 from the stored (16-bit) weights.
//
//	save MODEL TEXT V H L DTYPE -> a random model after .half() or
//	                               .to(torch.bfloat16): every tensor 16-bit
//	load MODEL TEXT DTYPE       -> our file: the weight matrices must be
//	                               DTYPE; load_state_dict(strict=True)
const torchHalfScript = `
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

DT = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}

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
        data = t.view(torch.int16).numpy().astype("<i2").tobytes()
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
    H = sd["rnn.weight_hh_l0"].shape[0]
    L = sum(1 for k in sd if k.startswith("rnn.weight_hh_l"))
    model = CharRNN(len(vocab), H, L).double()
    model.load_state_dict(sd, strict=True)  # widens the 16-bit values exactly
else:
    V, H, L = (int(a) for a in sys.argv[4:7])
    vocab = "".join(sorted(set(text)))
    assert len(vocab) == V
    torch.manual_seed(1)
    model = CharRNN(V, H, L)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.uniform_(-1, 1) if "bias" in name else p.mul_(3)
    model = model.to(DT[sys.argv[7]])
    write_safetensors(path, model.state_dict(), {"format": "simdrnn.charrnn.v1", "vocab": vocab})
print(repr(loss(model, vocab, text)))
`

func runTorchHalf(t *testing.T, dir string, args ...string) float64 {
	t.Helper()
	script := filepath.Join(dir, "torch_half.py")
	if err := os.WriteFile(script, []byte(torchHalfScript), 0o644); err != nil {
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

// TestPyTorchHalfRoundTrip checks both directions for F16 and BF16: a model
// PyTorch converted with .half() or .to(torch.bfloat16) and saved (every
// tensor 16-bit) evaluates here, in its own format, to PyTorch's float64
// loss of the same weights; and a model we convert is read by PyTorch (the
// matrices of the asked dtype, the biases F32) with the loss we compute.
func TestPyTorchHalfRoundTrip(t *testing.T) {
	havePyTorch(t)
	dir := t.TempDir()
	text := testText(3000)
	evalFile := writeTemp(t, dir, "eval.txt", text)
	V := len(uniqueRunes(text))
	data := writeTemp(t, dir, "data.txt", testText(4000))
	ours := filepath.Join(dir, "ours.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-hidden", "24", "-layers", "2", "-seq", "16", "-iters", "200", "-sample-every", "0", "-out", ours); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	for _, dt := range []string{"F16", "BF16"} {
		f := strings.ToLower(dt)
		theirs := filepath.Join(dir, "torch-"+f+".safetensors")
		want := runTorchHalf(t, dir, "save", theirs, evalFile, fmt.Sprint(V), "24", "2", dt)
		code, out, errs := cli(t, "eval", "-model", theirs, "-data", evalFile)
		if code != 0 || !strings.Contains(out, f+" weights") {
			t.Fatalf("eval of PyTorch's %s file: %d %q %s", dt, code, out, errs)
		}
		got := lastLoss(t, out)
		t.Logf("%s PyTorch-saved: PyTorch %.7f, ours %.7f", dt, want, got)
		if math.Abs(got-want) > 1e-5*want {
			t.Errorf("%s: our loss %v, PyTorch's %v", dt, got, want)
		}

		conv := filepath.Join(dir, "ours-"+f+".safetensors")
		if code, _, errs := cli(t, "convert", "-to", f, ours, conv); code != 0 {
			t.Fatalf("convert: %d %s", code, errs)
		}
		code, out, errs = cli(t, "eval", "-model", conv, "-data", evalFile)
		if code != 0 {
			t.Fatalf("eval: %d %s", code, errs)
		}
		got = lastLoss(t, out)
		want = runTorchHalf(t, dir, "load", conv, evalFile, dt)
		t.Logf("%s converted by us: ours %.7f, PyTorch %.7f", dt, got, want)
		if math.Abs(got-want) > 1e-5*want {
			t.Errorf("%s: our loss %v, PyTorch's %v", dt, got, want)
		}
	}
}
