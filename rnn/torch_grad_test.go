package rnn_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// torchGradScript computes, in float64 with PyTorch's autograd, the loss
// of a chunk and its gradient with respect to every parameter of
// self.rnn = nn.RNN, nn.LSTM or nn.GRU and self.fc = nn.Linear, from the
// JSON the test writes (parameters by state_dict name, inputs, targets and
// the carried state), and prints them as JSON.
const torchGradScript = `
import json, sys
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_default_dtype(torch.float64)
def run(d):
  cell = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[d["cell"]]
  rnn = cell(d["input"], d["hidden"], num_layers=d["layers"])
  fc = nn.Linear(d["hidden"], d["output"])
  with torch.no_grad():
      for name, p in list(rnn.named_parameters()) + [("fc." + n, p) for n, p in fc.named_parameters()]:
          key = name if name.startswith("fc.") else "rnn." + name
          p.copy_(torch.tensor(d["params"][key]).reshape(p.shape))
  if d["tokens"] is not None:
      x = F.one_hot(torch.tensor(d["tokens"]), d["input"]).double().unsqueeze(1)
  else:
      x = torch.tensor(d["inputs"]).reshape(-1, 1, d["input"])
  h0 = torch.tensor(d["h0"]).reshape(d["layers"], 1, d["hidden"])
  state = h0
  if d["cell"] == "lstm":
      state = (h0, torch.tensor(d["c0"]).reshape(d["layers"], 1, d["hidden"]))
  out, _ = rnn(x, state)
  y = fc(out.squeeze(1))
  if d["many_to_one"]:
      y = y[-1:]
  if d["loss"] == "cross-entropy":
      loss = F.cross_entropy(y, torch.tensor(d["targets"]), reduction="sum")
  else:
      v = torch.tensor(d["values"]).reshape(y.shape)
      loss = ((y - v) ** 2).mean(dim=1).sum()
  loss.backward()
  g = {}
  for name, p in rnn.named_parameters():
      g["rnn." + name] = p.grad.flatten().tolist()
  for name, p in fc.named_parameters():
      g["fc." + name] = p.grad.flatten().tolist()
  return {"loss": loss.item(), "grads": g}

print(json.dumps([run(d) for d in json.load(open(sys.argv[1]))]))
`

// torchGradTol is the agreement of our float32 gradients with PyTorch's
// float64 autograd: for every tensor, the largest error relative to the
// tensor's largest gradient.
const torchGradTol = 1e-5

// TestGradientsAgainstPyTorch checks the loss and every gradient of a
// chunk against PyTorch's autograd in float64, for each cell, 1 and 2
// layers, token and dense inputs, both losses, from a random carried
// state. It needs /usr/bin/python3 with torch (skipped without, failed
// without under SIMDRNN_REQUIRE_TORCH).
func TestGradientsAgainstPyTorch(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starting PyTorch takes seconds")
	}
	const python = "/usr/bin/python3"
	if out, err := exec.Command(python, "-c", "import torch").CombinedOutput(); err != nil {
		if os.Getenv("SIMDRNN_REQUIRE_TORCH") != "" {
			t.Fatalf("SIMDRNN_REQUIRE_TORCH is set but PyTorch is not available: %v %s", err, out)
		}
		t.Skipf("skipped: PyTorch is not available (%v); on Debian: apt-get install python3-torch", err)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "grad.py")
	if err := os.WriteFile(script, []byte(torchGradScript), 0o644); err != nil {
		t.Fatal(err)
	}
	// Our side of every case first, then one PyTorch run for all of them.
	type result struct {
		name  string
		loss  float64
		grads []rnn.Tensor
	}
	var ours []result
	var ins []map[string]any
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		for _, cc := range []cellCase{
			{cell, 1, rnn.CrossEntropy, rnn.ManyToMany, true},
			{cell, 2, rnn.CrossEntropy, rnn.ManyToMany, true},
			{cell, 1, rnn.MSE, rnn.ManyToOne, false},
			{cell, 2, rnn.CrossEntropy, rnn.ManyToMany, false},
		} {
			m, tr, c, _, rc := cellSetup(t, cc, 6, 7, 5, 5, 3)
			loss, err := tr.ForwardBackward(c)
			if err != nil {
				t.Fatal(err)
			}
			ours = append(ours, result{cc.String(), loss, tr.Grads().Clone().Tensors()})
			in := map[string]any{
				"cell": cell.String(), "input": 6, "hidden": 7, "layers": cc.layers, "output": 5,
				"many_to_one": cc.out == rnn.ManyToOne, "loss": cc.loss.String(),
				"tokens": nil, "inputs": c.Inputs, "targets": c.Targets, "values": c.Values,
			}
			if cc.tokens {
				in["tokens"] = c.Tokens
			}
			var h0, c0 []float64
			for k := range rc.h0 {
				h0 = append(h0, rc.h0[k]...)
				c0 = append(c0, rc.c0[k]...)
			}
			in["h0"], in["c0"] = h0, c0
			params := map[string][]float32{}
			for _, ts := range m.Tensors() {
				params[ts.Name] = ts.Data
			}
			if cell == rnn.RNN { // our one bias is PyTorch's two summed
				for k := range cc.layers {
					params[fmt.Sprintf("rnn.bias_hh_l%d", k)] = make([]float32, 7)
				}
			}
			in["params"] = params
			ins = append(ins, in)
		}
	}
	b, _ := json.Marshal(ins)
	jf := filepath.Join(dir, "in.json")
	if err := os.WriteFile(jf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, script, jf).Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	var res []struct {
		Loss  float64
		Grads map[string][]float64
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(ours) {
		t.Fatalf("python printed %.200q: %v", out, err)
	}
	var worst float64
	for i, o := range ours {
		name, r := o.name, res[i]
		if math.Abs(o.loss-r.Loss) > 1e-6*math.Max(1, math.Abs(r.Loss)) {
			t.Errorf("%s: loss %.9g, PyTorch %.9g", name, o.loss, r.Loss)
		}
		for _, ts := range o.grads {
			want := r.Grads[ts.Name]
			if len(want) != len(ts.Data) {
				t.Fatalf("%s: %s: PyTorch has %d gradients, we %d", name, ts.Name, len(want), len(ts.Data))
			}
			var maxAbs, maxErr float64
			for i, v := range ts.Data {
				maxAbs = math.Max(maxAbs, math.Abs(want[i]))
				maxErr = math.Max(maxErr, math.Abs(float64(v)-want[i]))
			}
			rel := maxErr / math.Max(maxAbs, 1e-30)
			worst = math.Max(worst, rel)
			if rel > torchGradTol {
				t.Errorf("%s: %s: max error %.3g relative to max |g| %.3g = %.3g > %g", name, ts.Name, maxErr, maxAbs, rel, torchGradTol)
			}
		}
	}
	t.Logf("worst gradient error relative to the tensor's max |g|, against PyTorch float64 autograd: %.3g (tolerance %g)", worst, torchGradTol)
}
