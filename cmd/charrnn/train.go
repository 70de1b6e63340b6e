package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/simdrnn/simdrnn/rnn"
)

const (
	defaultIters = 20000
	sampleChars  = 200 // characters of each sample printed while training
	initStd      = 0.01
	maxHidden    = 16384
	maxLayers    = 64
	maxSeq       = 100000
	logEvery     = 1000 // iterations between log lines when not on a terminal
	// maxLossFactor: a run whose final smoothed loss exceeds this many
	// times a uniform guess's (ln V nats/char) has diverged.
	maxLossFactor = 2
)

// trainFlags are the train command's flags.
type trainFlags struct {
	data, optim, out, resume         string
	hidden, layers, seq, iters, epoc int
	sampleEvery                      int
	lr, clip, temp                   float64
	seed                             uint64
	set                              map[string]bool
}

func cmdTrain(ctx context.Context, args []string, stdout io.Writer) error {
	var f trainFlags
	fs := newFlagSet("train", "[flags]", stdout)
	fs.StringVar(&f.data, "data", "", "training text, UTF-8 (default: the Go standard library's .go files under $(go env GOROOT)/src)")
	fs.IntVar(&f.hidden, "hidden", 100, "hidden units per layer")
	fs.IntVar(&f.layers, "layers", 1, "number of stacked RNN layers")
	fs.IntVar(&f.seq, "seq", 25, "characters per training chunk (truncated BPTT length)")
	fs.Float64Var(&f.lr, "lr", 0, "learning rate, at most 1000 (default 0.1 for adagrad, 0.002 for adam, 0.01 for sgd)")
	fs.StringVar(&f.optim, "optim", "adagrad", "optimizer: adagrad, adam or sgd (momentum 0.9)")
	fs.Float64Var(&f.clip, "clip", 5, "clip every gradient element to [-clip, clip]; 0 turns clipping off")
	fs.IntVar(&f.iters, "iters", 0, fmt.Sprintf("total training iterations, one chunk of -seq characters each (default %d)", defaultIters))
	fs.IntVar(&f.epoc, "epochs", 0, "train for this many passes over the data instead of -iters")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed of the initial weights and of the samples")
	fs.StringVar(&f.out, "out", "model.safetensors", "model file to write; the optimizer state goes to OUT with .state.safetensors for .safetensors (with -resume, default: the resumed file)")
	fs.StringVar(&f.resume, "resume", "", "continue the run saved in this model file (and its .state.safetensors) exactly")
	fs.IntVar(&f.sampleEvery, "sample-every", 1000, "print a sample every N iterations; 0: never")
	fs.Float64Var(&f.temp, "temp", 1.0, "temperature of the samples (1e-30 or more; lower is more conservative)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f.set = setFlags(fs)
	if err := f.validate(); err != nil {
		return err
	}
	job, err := prepare(&f)
	if err != nil {
		return err
	}
	defer job.unlock()
	return job.run(ctx, stdout)
}

func (f *trainFlags) validate() error {
	if f.set["lr"] {
		if _, err := float32Flag("lr", f.lr, minNormal32, maxLR, false); err != nil {
			return err
		}
	}
	if _, err := float32Flag("clip", f.clip, minNormal32, math.MaxFloat32, true); err != nil {
		return err
	}
	if _, err := float32Flag("temp", f.temp, minTemp, math.MaxFloat32, false); err != nil {
		return err
	}
	switch {
	case f.hidden < 1 || f.hidden > maxHidden:
		return badInput("-hidden %d: want 1..%d", f.hidden, maxHidden)
	case f.layers < 1 || f.layers > maxLayers:
		return badInput("-layers %d: want 1..%d", f.layers, maxLayers)
	case f.seq < 1 || f.seq > maxSeq:
		return badInput("-seq %d: want 1..%d", f.seq, maxSeq)
	case f.optim != "adagrad" && f.optim != "adam" && f.optim != "sgd":
		return badInput("-optim %q: want adagrad, adam or sgd", f.optim)
	case f.set["iters"] && f.set["epochs"]:
		return badInput("-iters and -epochs: give one of them, not both")
	case f.set["iters"] && f.iters < 1:
		return badInput("-iters %d: want >= 1", f.iters)
	case f.set["epochs"] && f.epoc < 1:
		return badInput("-epochs %d: want >= 1", f.epoc)
	case f.out == "":
		return badInput("-out: empty file name")
	case f.sampleEvery < 0:
		return badInput("-sample-every %d: want >= 0 (0: no samples)", f.sampleEvery)
	case f.set["resume"] && f.resume == "":
		return badInput("-resume: empty file name")
	}
	return nil
}

// job is a validated training run, ready to go.
type job struct {
	st          trainState // settings and, when resuming, the saved state
	resumed     bool
	ckpt        *rnn.Checkpoint
	tokens      []int
	source      string // description of the training text
	opt         rnn.Optimizer
	out         string
	sampleEvery int
	temp        float32
	unlock      func() // releases the lock on out
}

func prepare(f *trainFlags) (*job, error) {
	j := &job{out: f.out, sampleEvery: f.sampleEvery, temp: float32(f.temp)}
	st := &j.st
	if f.resume != "" {
		sp := statePath(f.resume)
		if err := checkMemory("loading -resume "+f.resume, 2*(fileSize(f.resume)+fileSize(sp)+fileSize(pendingPath(sp)))); err != nil {
			return nil, err
		}
		if err := j.loadResume(f); err != nil {
			return nil, err
		}
	} else {
		st.settings = settings{Hidden: f.hidden, Layers: f.layers, Seq: f.seq, Optim: f.optim, LR: float32(f.lr), Clip: float32(f.clip), Seed: f.seed}
	}

	// The training text: -data, the resumed run's, or the Go corpus.
	var text string
	var err error
	switch {
	case f.data != "":
		if err := checkMemory("reading -data "+f.data, textBytes(fileSize(f.data))); err != nil {
			return nil, err
		}
		if text, err = readText(f.data); err != nil {
			return nil, err
		}
		j.source = f.data
		if !j.resumed {
			if st.Data, err = filepath.Abs(f.data); err != nil {
				return nil, usageError{err}
			}
		}
	case j.resumed && st.Data != "":
		if err := checkMemory("reading the training text "+st.Data, textBytes(fileSize(st.Data))); err != nil {
			return nil, err
		}
		if text, err = readText(st.Data); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, badInput("-resume: the run's training text %s is gone (moved or deleted?); give its new place with -data FILE", st.Data)
			}
			return nil, err
		}
		j.source = st.Data
	default:
		if text, j.source, err = goCorpus(); err != nil {
			return nil, err
		}
	}
	sum := sha256hex([]byte(text))
	if j.resumed && sum != st.DataSHA256 {
		return nil, badInput("-resume: the training text (%s) is not the one the run was trained on (sha256 differs); a run continues only on the same text", j.source)
	}
	st.DataSHA256 = sum

	// A new model's shape; the model itself is allocated last, once every
	// cheap check has passed (a large -hidden or -layers takes seconds and
	// gigabytes to allocate and initialize).
	var cfg rnn.Config
	var newVocab *rnn.Vocab
	if j.resumed {
		if j.tokens, err = j.ckpt.Vocab.Encode(text); err != nil {
			return nil, badInput("%s:%v", j.source, err)
		}
	} else {
		vocab, err := rnn.VocabOf(text)
		if err != nil {
			return nil, badInput("%s:%v", j.source, err)
		}
		if j.tokens, err = vocab.Encode(text); err != nil {
			return nil, badInput("%s:%v", j.source, err)
		}
		cfg = rnn.Config{Input: vocab.Len(), Hidden: st.Hidden, Layers: st.Layers, Output: vocab.Len()}
		if err := cfg.Validate(); err != nil {
			return nil, badInput("-hidden %d -layers %d with a vocabulary of %d characters: %v", st.Hidden, st.Layers, vocab.Len(), err)
		}
		newVocab = vocab
		// min-char-rnn's starting point: the loss of a uniform guess.
		st.Smooth = -math.Log(1/float64(vocab.Len())) * float64(st.Seq)
	}
	if len(j.tokens) <= st.Seq+1 {
		return nil, badInput("%s: %s; training needs more than -seq+1 = %d", j.source, plural(len(j.tokens), "character"), st.Seq+1)
	}
	if j.resumed && st.Pos > len(j.tokens) {
		return nil, badInput("-resume: %s: metadata \"pos\" is %d, beyond the %d characters of the training text", statePath(f.resume), st.Pos, len(j.tokens))
	}

	// The run's length.
	perEpoch := (len(j.tokens) - st.Seq - 1 + st.Seq - 1) / st.Seq
	switch {
	case f.set["iters"]:
		st.Target = f.iters
	case f.set["epochs"]:
		if f.epoc > math.MaxInt32/perEpoch {
			return nil, badInput("-epochs %d: too many iterations", f.epoc)
		}
		st.Target = f.epoc * perEpoch
	case !j.resumed:
		st.Target = defaultIters
	}
	if j.resumed && st.Target <= st.Iter {
		return nil, badInput("-resume: the run is already at iteration %d; ask for more with -iters N (N > %d, the total) or -epochs", st.Iter, st.Iter)
	}

	if j.opt, err = optimizer(st.Optim, st.LR, st.Clip); err != nil {
		return nil, badInput("%v", err)
	}
	st.LR = j.opt.LR // the method's default made explicit
	j.opt.Warmup = rnn.DefaultWarmup
	// Fail now, not after hours of training, if the output cannot be
	// written or would overwrite the training text.
	dataInfo, _ := os.Stat(j.source)
	for _, p := range []string{j.out, statePath(j.out)} {
		if err := checkWritable(p); err != nil {
			return nil, err
		}
		if st, err := os.Stat(p); err == nil && dataInfo != nil && os.SameFile(st, dataInfo) {
			return nil, badInput("-out %s would overwrite the training text %s", p, j.source)
		}
	}
	// The memory of the whole run, checked before the model is allocated.
	if j.resumed {
		cfg = j.ckpt.Model.Config()
	}
	if err := checkMemory(fmt.Sprintf("training a %d-layer RNN of hidden size %d (%d parameters, %s) with -seq %d", st.Layers, st.Hidden, cfg.NumParams(), st.Optim, st.Seq),
		add(trainBytes(cfg, optimSlices(st.Optim), st.Seq, j.resumed), mul(uint64(len(j.tokens)), 8))); err != nil {
		return nil, err
	}
	// From here on the run owns its output: no other run may write it,
	// and a save of it that was interrupted is completed or cleaned up.
	if j.unlock, err = lockOutput(j.out); err != nil {
		return nil, err
	}
	if err := recoverPair(j.out); err != nil {
		j.unlock()
		return nil, err
	}
	if !j.resumed {
		m, err := rnn.New(cfg)
		if err != nil {
			j.unlock()
			return nil, badInput("%v", err)
		}
		m.Randomize(st.Seed, initStd)
		j.ckpt = &rnn.Checkpoint{Model: m, Vocab: newVocab, Metadata: map[string]string{}}
	}
	return j, nil
}

// loadResume loads the model and training state of -resume and checks the
// flags given against the run's settings.
func (j *job) loadResume(f *trainFlags) error {
	j.resumed = true
	b, err := readModelFile(f.resume)
	if err != nil {
		return usageError{fmt.Errorf("-resume: %w", err)}
	}
	if j.ckpt, err = rnn.ParseCheckpoint(b); err != nil {
		return badInput("-resume: %s: %v", f.resume, err)
	}
	// The recovery rule (see savePair): the state file that names this
	// model, else the state file, whose error says what is wrong with it.
	sp := stateOf(f.resume, sha256hex(b))
	if sp == "" {
		sp = statePath(f.resume)
	}
	st, err := loadState(sp, b, j.ckpt.Model)
	if err != nil {
		return err
	}
	j.st = *st
	if !f.set["out"] {
		j.out = f.resume
	}
	for _, c := range []struct {
		name      string
		given, is string
	}{
		{"hidden", strconv.Itoa(f.hidden), strconv.Itoa(st.Hidden)},
		{"layers", strconv.Itoa(f.layers), strconv.Itoa(st.Layers)},
		{"seq", strconv.Itoa(f.seq), strconv.Itoa(st.Seq)},
		{"optim", f.optim, st.Optim},
		{"lr", fmt.Sprint(float32(f.lr)), fmt.Sprint(st.LR)},
		{"clip", fmt.Sprint(float32(f.clip)), fmt.Sprint(st.Clip)},
		{"seed", strconv.FormatUint(f.seed, 10), strconv.FormatUint(st.Seed, 10)},
	} {
		if f.set[c.name] && c.given != c.is {
			return badInput("-%s %s: the resumed run has %s (a resumed run keeps its settings)", c.name, c.given, c.is)
		}
	}
	return nil
}

// readModelFile reads a model file whole (it is parsed from memory).
func readModelFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	return os.ReadFile(path)
}

// checkWritable reports whether a file can be created at path's place.
func checkWritable(path string) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return badInput("cannot write %s: it exists and is not a regular file", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".charrnn-check-*")
	if err != nil {
		return badInput("cannot write %s: %v", path, err)
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

func (j *job) run(ctx context.Context, stdout io.Writer) error {
	st := &j.st
	m := j.ckpt.Model
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: st.Seq, Loss: rnn.CrossEntropy, Output: rnn.ManyToMany, Optimizer: j.opt})
	if err != nil {
		return err
	}
	if j.resumed {
		v1, v2 := tr.OptimizerState()
		copy(v1, st.V1)
		copy(v2, st.V2)
		for k := range m.Layers() {
			h, err := tr.Hidden(k)
			if err != nil {
				return err
			}
			copy(h, st.Carry[k])
		}
		tr.SetIter(st.Iter)
		tr.SetPos(st.Pos)
	}
	p := newProgress(stdout, tr.Iter(), st.Target, st.Seq)
	verb := "training"
	if j.resumed {
		verb = fmt.Sprintf("resuming at iteration %d:", tr.Iter())
	}
	p.logf("%s %d-layer RNN, hidden %d, vocabulary %d, %s lr %g clip %g, seq %d, %s, on %s (%s)",
		verb, st.Layers, st.Hidden, j.ckpt.Vocab.Len(), st.Optim, j.opt.LR, st.Clip, st.Seq, plural(st.Target, "iteration"), j.source, plural(len(j.tokens), "character"))

	start := tr.Iter()
	interrupted := false
	for tr.Iter() < st.Target {
		if ctx.Err() != nil {
			interrupted = true
			break
		}
		loss, err := tr.Next(j.tokens)
		if err != nil {
			p.done()
			var de *rnn.DivergedError
			if errors.As(err, &de) {
				return fmt.Errorf("training diverged at iteration %d (loss %v); nothing was saved: try a smaller -lr or -clip", de.Step, de.Loss)
			}
			return err
		}
		st.Smooth = 0.999*st.Smooth + 0.001*loss
		it := tr.Iter()
		perChar := st.Smooth / float64(st.Seq)
		if j.sampleEvery > 0 && it%j.sampleEvery == 0 {
			p.sample(it, perChar, j.sampleText(it))
		}
		p.update(it, perChar, it%logEvery == 0 || it == st.Target)
	}
	p.done()
	if interrupted && tr.Iter() == start {
		p.logf("interrupted before the first iteration; nothing saved")
		return errInterrupted
	}
	// A loss that stays finite can still have run away (a large -lr):
	// a model far worse than a uniform guess is not saved as a result.
	if uniform := math.Log(float64(j.ckpt.Vocab.Len())); !interrupted && st.Smooth/float64(st.Seq) > maxLossFactor*uniform {
		return fmt.Errorf("training diverged: the loss is %.4g nats/char at iteration %d, more than %d times a uniform guess's %.4g; nothing was saved: try a smaller -lr or -clip", st.Smooth/float64(st.Seq), tr.Iter(), maxLossFactor, uniform)
	}

	// Save the model and the state that goes with it, as one unit.
	st.Iter, st.Pos = tr.Iter(), tr.Pos()
	st.V1, st.V2 = tr.OptimizerState()
	st.Carry = st.Carry[:0]
	for k := range m.Layers() {
		h, err := tr.Hidden(k)
		if err != nil {
			return err
		}
		st.Carry = append(st.Carry, h)
	}
	j.ckpt.Metadata["iters"] = strconv.Itoa(st.Iter)
	mb, err := j.ckpt.Marshal()
	if err != nil {
		return err
	}
	st.ModelSHA256 = sha256hex(mb)
	sb, err := st.marshal()
	if err != nil {
		return err
	}
	if err := savePair(j.out, mb, sb); err != nil {
		return err
	}
	if interrupted {
		p.logf("interrupted at iteration %d of %d: saved %s and %s; continue with: charrnn train -resume %s", st.Iter, st.Target, j.out, statePath(j.out), j.out)
		return errInterrupted
	}
	freshCheck(p, tr, j.tokens, st.Smooth/float64(st.Seq))
	p.logf("done: %s, loss %.4f nats/char; saved %s (and the optimizer state in %s)", plural(st.Iter, "iteration"), st.Smooth/float64(st.Seq), j.out, statePath(j.out))
	return nil
}

// sampleText draws a sample of the model, reproducible from the run's seed
// and the iteration.
func (j *job) sampleText(it int) string {
	sp := j.ckpt.Model.NewSampler(j.st.Seed ^ uint64(it)*0x9e3779b97f4a7c15)
	sp.Temperature = j.temp
	toks := make([]int, sampleChars)
	if err := sp.Sample(toks); err != nil {
		return fmt.Sprintf("(no sample: %v)", err)
	}
	b, err := j.ckpt.Vocab.Decode(nil, toks)
	if err != nil {
		return fmt.Sprintf("(no sample: %v)", err)
	}
	return string(b)
}
