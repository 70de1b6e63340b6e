package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// TestCells trains an LSTM and a GRU with -cell, and checks that the cell
// is stored in the checkpoint and used by eval, sample, convert and
// -resume (which refuses another -cell).
func TestCells(t *testing.T) {
	for _, cell := range []string{"lstm", "gru"} {
		t.Run(cell, func(t *testing.T) {
			dir := t.TempDir()
			data := writeTemp(t, dir, "data.txt", testText(2000))
			model := filepath.Join(dir, "m.safetensors")
			if code, _, errs := cli(t, "train", "-cell", cell, "-data", data, "-iters", "30", "-hidden", "12", "-layers", "2", "-seq", "10", "-out", model, "-sample-every", "0"); code != 0 {
				t.Fatalf("train: %d %s", code, errs)
			}
			c, err := rnn.LoadCheckpoint(model)
			if err != nil || c.Model.Config().Cell.String() != cell {
				t.Fatalf("checkpoint: %v, cell %v", err, c.Model.Config().Cell)
			}
			upper := strings.ToUpper(cell)
			code, out, errs := cli(t, "eval", "-model", model, "-data", data)
			if code != 0 || !strings.Contains(out, "2-layer "+upper+", hidden 12") {
				t.Errorf("eval: %d %q %s", code, out, errs)
			}
			if code, out, errs := cli(t, "sample", "-model", model, "-n", "50"); code != 0 || len(out) < 50 {
				t.Errorf("sample: %d %q %s", code, out, errs)
			}
			half := filepath.Join(dir, "h.safetensors")
			if code, _, errs := cli(t, "convert", "-to", "bf16", model, half); code != 0 {
				t.Fatalf("convert: %d %s", code, errs)
			}
			if code, out, errs := cli(t, "eval", "-model", half, "-data", data); code != 0 || !strings.Contains(out, upper+", hidden 12, vocabulary") || !strings.Contains(out, "bf16 weights") {
				t.Errorf("eval of the bf16 file: %d %q %s", code, out, errs)
			}
			if code, _, errs := cli(t, "train", "-resume", model, "-iters", "40", "-cell", "rnn"); code != 2 || !strings.Contains(errs, "-cell rnn: the resumed run has "+cell) {
				t.Errorf("resume with another -cell: %d %q", code, errs)
			}
			if code, _, errs := cli(t, "train", "-resume", model, "-iters", "40", "-sample-every", "0"); code != 0 {
				t.Errorf("resume: %d %s", code, errs)
			}
		})
	}
	if code, _, errs := cli(t, "train", "-cell", "lstmx"); code != 2 || !strings.Contains(errs, "-cell") {
		t.Errorf("-cell lstmx: %d %q", code, errs)
	}
}
