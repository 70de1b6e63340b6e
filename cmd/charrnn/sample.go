package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
)

const maxSampleChars = 100_000_000

func cmdSample(args []string, stdout io.Writer) error {
	fs := newFlagSet("sample", "-model F [flags]", stdout)
	model := fs.String("model", "", "model file (safetensors) written by train, or by PyTorch (required)")
	n := fs.Int("n", 500, "number of characters to generate")
	temp := fs.Float64("temp", 1.0, "temperature (1e-30 or more): below 1 more conservative, above 1 more diverse")
	prime := fs.String("prime", "", "text the model reads first; the sample continues it (and is printed after it)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same text")
	weights := weightsFlag(fs)
	threads := threadsFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *model == "":
		return badInput("sample: -model is required")
	case *n < 0 || *n > maxSampleChars:
		return badInput("-n %d: want 0..%d", *n, maxSampleChars)
	}
	threadsOpt, err := threadsOption(*threads)
	if err != nil {
		return err
	}
	if _, err := float32Flag("temp", *temp, minTemp, math.MaxFloat32, false); err != nil {
		return err
	}
	if err := checkMemory("loading -model "+*model, loadBytes(fileSize(*model))); err != nil {
		return err
	}
	c, err := loadInference(*model)
	if err != nil {
		return err
	}
	primeToks, err := c.Vocab.Encode(*prime)
	if err != nil {
		return badInput("-prime:%v", err)
	}
	im, _, _, err := forInference(c, *weights)
	if err != nil {
		return err
	}
	c.Model, c.Half = nil, nil // only im is used from here on
	sp := im.NewSampler(*seed, threadsOpt)
	defer sp.Close()
	sp.Temperature = float32(*temp)
	if err := sp.Prime(primeToks); err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	w.WriteString(*prime)
	var buf []byte
	last := '\n'
	if len(*prime) > 0 {
		last = rune((*prime)[len(*prime)-1])
	}
	for range *n {
		t, err := sp.Next()
		if err != nil {
			return err
		}
		if buf, err = c.Vocab.Decode(buf[:0], []int{t}); err != nil {
			return err
		}
		w.Write(buf)
		last, _ = c.Vocab.Rune(t) // t was just decoded
	}
	if last != '\n' {
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing the sample: %v", err)
	}
	return nil
}
