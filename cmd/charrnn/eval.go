package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/simdrnn/simdrnn/rnn"
)

func cmdEval(args []string, stdout io.Writer) error {
	fs := newFlagSet("eval", "-model F -data FILE", stdout)
	model := fs.String("model", "", "model file (safetensors) written by train, or by PyTorch (required)")
	data := fs.String("data", "", "UTF-8 text to evaluate the model on (required)")
	weights := weightsFlag(fs)
	threads := threadsFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *model == "":
		return badInput("eval: -model is required")
	case *data == "":
		return badInput("eval: -data is required")
	}
	threadsOpt, err := threadsOption(*threads)
	if err != nil {
		return err
	}
	if err := checkMemory("evaluating -model "+*model+" on "+*data, add(loadBytes(fileSize(*model)), textBytes(fileSize(*data)))); err != nil {
		return err
	}
	c, err := loadInference(*model)
	if err != nil {
		return err
	}
	text, err := readText(*data)
	if err != nil {
		return err
	}
	im, cfg, f, err := forInference(c, *weights)
	if err != nil {
		return err
	}
	loss, n, err := evalLoss(c.Vocab, im, text, threadsOpt)
	if err != nil {
		return badInput("%s:%v", *data, err)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		// As sample fails on a distribution that is not finite: the
		// weights are finite, but their arithmetic overflows float32.
		return fmt.Errorf("eval: the loss of %s on %s is %v, not a finite number (the model's arithmetic overflows float32: a diverged model?)", *model, *data, loss)
	}
	fmt.Fprintf(stdout, "model: %s (%d-layer %s, hidden %d, vocabulary %d, %v weights)\n", *model, cfg.Layers, strings.ToUpper(cfg.Cell.String()), cfg.Hidden, cfg.Input, f)
	fmt.Fprintf(stdout, "data: %s (%s, %s)\n", *data, plural(n+1, "character"), plural(n, "prediction"))
	fmt.Fprintf(stdout, "loss: %.7f nats/char\n", loss)
	return nil
}

// evalLoss returns the mean cross-entropy, in nats, of predicting each
// character of text from those before it, the hidden state starting at
// zero and carried over the whole text, and the number of predictions.
// The options are the stream's.
func evalLoss(v *rnn.Vocab, m inferenceModel, text string, opts ...rnn.Option) (float64, int, error) {
	toks, err := v.Encode(text)
	if err != nil {
		return 0, 0, err
	}
	if len(toks) < 2 {
		return 0, 0, fmt.Errorf(" %s: evaluation needs at least 2 (it predicts each character from those before it)", plural(len(toks), "character"))
	}
	st := m.NewStream(opts...)
	defer st.Close()
	mean, err := st.MeanCrossEntropy(toks)
	if err != nil {
		return 0, 0, err
	}
	return mean, len(toks) - 1, nil
}
