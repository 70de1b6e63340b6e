package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConvert trains a small model, converts it to f16 and bf16 and back,
// and checks sizes, the format eval reports and runs by default, losses
// close to float32's, sampling, and the bad-input errors.
func TestConvert(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(3000))
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-hidden", "40", "-iters", "200", "-sample-every", "0", "-out", model); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	eval := func(path string, extra ...string) (float64, string) {
		t.Helper()
		code, out, errs := cli(t, append([]string{"eval", "-model", path, "-data", data}, extra...)...)
		if code != 0 {
			t.Fatalf("eval %s %v: %d %s", path, extra, code, errs)
		}
		return lastLoss(t, out), out
	}
	size := func(p string) int64 {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	f32, out := eval(model)
	if !strings.Contains(out, "f32 weights") {
		t.Errorf("eval of a float32 file: %q", out)
	}
	for _, c := range []struct {
		to  string
		tol float64
	}{{"f16", 0.002}, {"bf16", 0.01}} {
		conv := filepath.Join(dir, c.to+".safetensors")
		code, out, errs := cli(t, "convert", "-to", c.to, model, conv)
		if code != 0 || !strings.Contains(out, "wrote "+conv) {
			t.Fatalf("convert -to %s: %d %q %s", c.to, code, out, errs)
		}
		// The matrices are most of the file: 2 bytes instead of 4 each.
		if s, s32 := size(conv), size(model); s > s32*6/10 {
			t.Errorf("%s file %d bytes, float32 %d", c.to, s, s32)
		}
		loss, out := eval(conv)
		if !strings.Contains(out, c.to+" weights") {
			t.Errorf("eval of a %s file runs %q", c.to, out)
		}
		t.Logf("%s: loss %.6f, f32 %.6f, diff %.2g", c.to, loss, f32, loss-f32)
		if math.Abs(loss-f32) > c.tol {
			t.Errorf("%s loss %v, f32 %v: differ by more than %v", c.to, loss, f32, c.tol)
		}
		// The f32 run of the 16-bit file (its values widened) and the
		// 16-bit run of the float32 file agree with it closely.
		w32, _ := eval(conv, "-weights", "f32")
		w16, _ := eval(model, "-weights", c.to)
		if math.Abs(w32-loss) > 1e-5 || math.Abs(w16-loss) > 1e-5 {
			t.Errorf("%s: loss %v, with -weights f32 %v, float32 file with -weights %s %v", c.to, loss, w32, c.to, w16)
		}
		if code, out, errs := cli(t, "sample", "-model", conv, "-n", "40", "-seed", "3"); code != 0 || len(out) < 40 {
			t.Errorf("sample %s: %d %q %s", c.to, code, out, errs)
		}
		back := filepath.Join(dir, c.to+"-f32.safetensors")
		if code, _, errs := cli(t, "convert", "-to", "f32", conv, back); code != 0 {
			t.Fatalf("convert -to f32: %d %s", code, errs)
		}
		if l, _ := eval(back); l != w32 {
			t.Errorf("%s widened back to f32: loss %v, want %v", c.to, l, w32)
		}
	}
	for _, bad := range [][]string{
		{"convert", model, filepath.Join(dir, "x")},
		{"convert", "-to", "f8", model, filepath.Join(dir, "x")},
		{"convert", "-to", "f16", model},
		{"convert", "-to", "f16", filepath.Join(dir, "missing"), filepath.Join(dir, "x")},
		{"convert", "-to", "f16", data, filepath.Join(dir, "x")},
		{"eval", "-model", model, "-data", data, "-weights", "fp16"},
		{"sample", "-model", model, "-weights", "int8"},
	} {
		code, _, errs := cli(t, bad...)
		if code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: status %d, stderr %q; want 2 and one line", bad, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("a failed convert wrote its output")
	}
}

// TestConvertOutput: convert reports the sizes of what it read and wrote,
// also over its own input (with -force), refuses an existing OUT without
// -force, and never converts onto a model that has a training state.
func TestConvertOutput(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1000))
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-hidden", "16", "-iters", "10", "-sample-every", "0", "-out", model); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	pair := [][]byte{mustRead(t, model), mustRead(t, statePath(model))}
	copyOf := filepath.Join(dir, "c.safetensors")
	if err := os.WriteFile(copyOf, pair[0], 0o644); err != nil {
		t.Fatal(err)
	}
	// Onto a model with a training state: refused, even with -force.
	for _, force := range [][]string{nil, {"-force"}} {
		code, _, errs := cli(t, append(append([]string{"convert"}, force...), "-to", "f16", copyOf, model)...)
		if code != 2 || !strings.Contains(errs, "training state") {
			t.Errorf("convert onto a trained pair %v: %d %q", force, code, errs)
		}
	}
	if string(mustRead(t, model)) != string(pair[0]) || string(mustRead(t, statePath(model))) != string(pair[1]) {
		t.Fatal("a refused convert changed the pair")
	}
	// Onto an existing file: refused without -force.
	if code, _, errs := cli(t, "convert", "-to", "f16", copyOf, copyOf); code != 2 || !strings.Contains(errs, "-force") {
		t.Errorf("convert IN IN without -force: %d %q", code, errs)
	}
	code, out, errs := cli(t, "convert", "-force", "-to", "f16", copyOf, copyOf)
	if code != 0 {
		t.Fatalf("convert -force IN IN: %d %s", code, errs)
	}
	want := fmt.Sprintf("wrote %s: f16 weights, %d bytes (%s: %d bytes)\n", copyOf, len(mustRead(t, copyOf)), copyOf, len(pair[0]))
	if out != want {
		t.Errorf("convert IN IN said %q, want %q", out, want)
	}
}

// TestProgressLineFits: on an 80-column terminal the progress line fits and
// keeps its ETA.
func TestProgressLineFits(t *testing.T) {
	p := &progress{tty: true, width: 80, start: time.Now().Add(-90 * time.Minute), startIter: 0, target: 1000000000, seq: 25, it: 123456789, loss: 1.234}
	l := p.line()
	if len(l) >= 80 || !strings.Contains(l, "ETA ") {
		t.Errorf("progress line of %d bytes on an 80-column terminal: %q", len(l), l)
	}
	p.width = 200
	if l := p.line(); !strings.Contains(l, "nats/char") || !strings.Contains(l, "ETA ") {
		t.Errorf("progress line on a wide terminal: %q", l)
	}
}
