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
	"strings"
	"time"

	"github.com/simdrnn/simdrnn/rnn"
)

const (
	defaultIters = 20000
	sampleChars  = 200 // characters of each sample printed while training
	initStd      = 0.01
	maxHidden    = 16384
	maxLayers    = 64
	maxSeq       = 100000
	maxBatch     = 4096
	logEvery     = 1000 // iterations between log lines when not on a terminal
	// maxLossFactor: a run whose final smoothed loss exceeds this many
	// times a uniform guess's (ln V nats/char) has diverged.
	maxLossFactor = 2
)

// trainFlags are the train command's flags.
type trainFlags struct {
	data, optim, out, resume, cell   string
	hidden, layers, seq, iters, epoc int
	batch, threads                   int
	threadsOpt                       rnn.Option
	sampleEvery, warmup, resetEvery  int
	lr, clip, clipNorm, temp         float64
	seed                             uint64
	saveEvery                        saveEvery
	force                            bool
	set                              map[string]bool
}

func cmdTrain(ctx context.Context, args []string, stdout io.Writer) error {
	var f trainFlags
	fs := newFlagSet("train", "[flags]", stdout)
	fs.StringVar(&f.data, "data", "", "training text, UTF-8 (default: the Go standard library's .go files under $(go env GOROOT)/src)")
	fs.IntVar(&f.hidden, "hidden", 100, "hidden units per layer")
	fs.IntVar(&f.layers, "layers", 1, "number of stacked recurrent layers")
	fs.StringVar(&f.cell, "cell", "rnn", "recurrent cell: rnn (Elman, nn.RNN), lstm (nn.LSTM) or gru (nn.GRU)")
	fs.IntVar(&f.seq, "seq", 25, "characters per training chunk (truncated BPTT length)")
	fs.IntVar(&f.batch, "batch", 1, "streams trained together at every iteration: the text is split into this many contiguous parts, each walked with its own hidden state, and the gradients averaged over them")
	fs.IntVar(&f.threads, "threads", 1, "goroutines each iteration of a -batch of 2 or more runs on (0: GOMAXPROCS, every core); the results are the same")
	fs.Float64Var(&f.lr, "lr", 0, "learning rate, at most 1000 (default 0.1 for adagrad, 0.002 for adam, 0.005 for sgd)")
	fs.StringVar(&f.optim, "optim", "adagrad", "optimizer: adagrad, adam or sgd (momentum 0.9), each with the rnn package's defaults (rnn.DefaultOptimizer)")
	fs.Float64Var(&f.clip, "clip", 0, "clip every gradient element to [-clip, clip]; 0 turns it off (default 5 for adagrad, 0 for adam and sgd)")
	fs.Float64Var(&f.clipNorm, "clip-norm", 0, "scale the gradients down when their global L2 norm exceeds this; 0 turns it off (default 0 for adagrad, 5 for adam and sgd)")
	fs.IntVar(&f.warmup, "warmup", rnn.DefaultWarmup, "iterations over which the learning rate rises linearly to -lr; 0: none")
	fs.IntVar(&f.resetEvery, "reset-every", rnn.DefaultResetEvery, "restart the carried hidden state from zero every N iterations, so the model works from a fresh state; -1: never (min-char-rnn)")
	fs.IntVar(&f.iters, "iters", 0, fmt.Sprintf("total training iterations, one chunk of -seq characters of each of the -batch streams each (default %d)", defaultIters))
	fs.IntVar(&f.epoc, "epochs", 0, "train for this many passes over the data instead of -iters")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed of the initial weights and of the samples")
	fs.StringVar(&f.out, "out", "model.safetensors", "model file to write; the training state goes to OUT with .state.safetensors for .safetensors (with -resume, default: the resumed file)")
	fs.StringVar(&f.resume, "resume", "", "continue the run saved in this model file (and its .state.safetensors) exactly")
	fs.BoolVar(&f.force, "force", false, "replace a model (and its training state) already at -out; without it, train refuses to overwrite a model it is not resuming")
	f.saveEvery = defaultSaveEvery
	fs.Var(&f.saveEvery, "save-every", "also save the model and its state every N iterations (a number) or every interval of time (5m, 90s); 0: only at the end")
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
	var err error
	if f.threadsOpt, err = threadsOption(f.threads); err != nil {
		return err
	}
	if f.set["lr"] {
		if _, err := float32Flag("lr", f.lr, minNormal32, maxLR, false); err != nil {
			return err
		}
	}
	if _, err := float32Flag("clip", f.clip, minNormal32, math.MaxFloat32, true); err != nil {
		return err
	}
	if _, err := float32Flag("clip-norm", f.clipNorm, minNormal32, math.MaxFloat32, true); err != nil {
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
	case f.batch < 1 || f.batch > maxBatch:
		return badInput("-batch %d: want 1..%d", f.batch, maxBatch)
	case f.cell != "rnn" && f.cell != "lstm" && f.cell != "gru":
		return badInput("-cell %q: want rnn, lstm or gru", f.cell)
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
	case f.warmup < 0:
		return badInput("-warmup %d: want >= 0 (0: no warm-up)", f.warmup)
	case f.resetEvery == 0 || f.resetEvery < -1:
		return badInput("-reset-every %d: want >= 1, or -1 for never", f.resetEvery)
	case f.set["resume"] && f.resume == "":
		return badInput("-resume: empty file name")
	}
	return nil
}

// job is a validated training run, ready to go.
type job struct {
	info        runInfo      // what the state records beside the trainer's own
	tr          *rnn.Trainer // the resumed run's trainer; nil until run for a new one
	threads     rnn.Option   // the trainer's -threads
	cfg         rnn.TrainConfig
	v1          bool // resumed from a state of format v1
	resumed     bool
	ckpt        *rnn.Checkpoint
	tokens      []int
	source      string // description of the training text
	out         string
	sampleEvery int
	saveEvery   saveEvery
	temp        float32
	savedAt     int    // the iteration of this run's last save, 0 for none
	unlock      func() // releases the lock on out
}

func prepare(f *trainFlags) (*job, error) {
	j := &job{out: f.out, sampleEvery: f.sampleEvery, saveEvery: f.saveEvery, temp: float32(f.temp), threads: f.threadsOpt}
	info := &j.info
	if f.resume != "" {
		sp := statePath(f.resume)
		if err := checkMemory("loading -resume "+f.resume, 2*(fileSize(f.resume)+fileSize(sp)+fileSize(pendingPath(sp)))); err != nil {
			return nil, err
		}
		if err := j.loadResume(f); err != nil {
			return nil, err
		}
	} else {
		opt, err := optimizer(f.optim, f)
		if err != nil {
			return nil, err
		}
		j.cfg = rnn.TrainConfig{Seq: f.seq, Optimizer: opt, ResetEvery: f.resetEvery, Batch: f.batch}
		info.Seed = f.seed
	}
	seq, batch := j.cfg.Seq, max(j.cfg.Batch, 1)

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
		// A resumed run given -data records the text's new place (its
		// content is checked below), so that later resumes find it.
		if info.Data, err = filepath.Abs(f.data); err != nil {
			return nil, usageError{err}
		}
	case j.resumed && info.Data != "":
		if err := checkMemory("reading the training text "+info.Data, textBytes(fileSize(info.Data))); err != nil {
			return nil, err
		}
		if text, err = readText(info.Data); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, badInput("-resume: the run's training text %s is gone (moved or deleted?); give its new place with -data FILE", info.Data)
			}
			return nil, err
		}
		j.source = info.Data
	default:
		if text, j.source, err = goCorpus(); err != nil {
			return nil, err
		}
		info.Data = ""
	}
	sum := sha256hex([]byte(text))
	if j.resumed && sum != info.DataSHA256 {
		return nil, badInput("-resume: the training text (%s) is not the one the run was trained on (sha256 differs); a run continues only on the same text", j.source)
	}
	info.DataSHA256 = sum

	// A new model's shape; the model itself is allocated last, once every
	// cheap check has passed (a large -hidden or -layers takes seconds and
	// gigabytes to allocate and initialize).
	var cfg rnn.Config
	var newVocab *rnn.Vocab
	if j.resumed {
		if j.tokens, err = j.ckpt.Vocab.Encode(text); err != nil {
			return nil, badInput("%s:%v", j.source, err)
		}
		cfg = j.ckpt.Model.Config()
	} else {
		vocab, err := rnn.VocabOf(text)
		if err != nil {
			return nil, badInput("%s:%v", j.source, err)
		}
		if j.tokens, err = vocab.Encode(text); err != nil {
			return nil, badInput("%s:%v", j.source, err)
		}
		cell, err := rnn.ParseCell(f.cell)
		if err != nil {
			return nil, badInput("-cell %q: want rnn, lstm or gru", f.cell)
		}
		cfg = rnn.Config{Input: vocab.Len(), Hidden: f.hidden, Layers: f.layers, Output: vocab.Len(), Cell: cell}
		if err := cfg.Validate(); err != nil {
			return nil, badInput("-hidden %d -layers %d with a vocabulary of %d characters: %v", f.hidden, f.layers, vocab.Len(), err)
		}
		newVocab = vocab
		// min-char-rnn's starting point: the loss of a uniform guess.
		info.Smooth = math.Log(float64(vocab.Len())) * float64(seq)
	}
	// Each of the batch's streams walks its own part of the text.
	part := len(j.tokens) / batch
	if part <= seq+1 {
		if batch > 1 {
			return nil, badInput("%s: %s; training needs more than -batch × (-seq+1) = %d × %d (each stream its own part of the text, longer than -seq+1)", j.source, plural(len(j.tokens), "character"), batch, seq+1)
		}
		return nil, badInput("%s: %s; training needs more than -seq+1 = %d", j.source, plural(len(j.tokens), "character"), seq+1)
	}
	if j.resumed && j.tr.Pos() > part {
		return nil, badInput("-resume: %s: metadata \"pos\" is %d, beyond the %d characters of the training text's parts", statePath(f.resume), j.tr.Pos(), part)
	}

	// The run's length: an epoch is one walk of every stream over its part.
	perEpoch := (part - seq - 1 + seq - 1) / seq
	switch {
	case f.set["iters"]:
		info.Target = f.iters
	case f.set["epochs"]:
		if f.epoc > math.MaxInt32/perEpoch {
			return nil, badInput("-epochs %d: too many iterations", f.epoc)
		}
		info.Target = f.epoc * perEpoch
	case !j.resumed:
		info.Target = defaultIters
	}
	if j.resumed && info.Target <= j.tr.Iter() {
		return nil, badInput("-resume: the run is already at iteration %d; ask for more with -iters N (N > %d, the total) or -epochs", j.tr.Iter(), j.tr.Iter())
	}

	// Fail now, not after hours of training, if the output cannot be
	// written, would overwrite the training text, or would replace a
	// trained model that this run does not continue.
	dataInfo, _ := os.Stat(j.source)
	for _, p := range []string{j.out, statePath(j.out)} {
		if err := checkWritable(p); err != nil {
			return nil, err
		}
		if st, err := os.Stat(p); err == nil && dataInfo != nil && os.SameFile(st, dataInfo) {
			return nil, badInput("-out %s would overwrite the training text %s", p, j.source)
		}
	}
	if !f.force && !sameFile(j.out, f.resume) {
		for _, p := range []string{j.out, statePath(j.out)} {
			if exists(p) {
				return nil, badInput("-out %s: %s exists and this run does not continue it; give another -out, -resume %s to continue it, or -force to replace it", j.out, p, j.out)
			}
		}
	}
	// The memory of the whole run, checked before the model is allocated.
	if err := checkMemory(trainingWhat(cfg, j.cfg.Optimizer.Method, seq, batch),
		add(trainBytes(cfg, optimSlices(j.cfg.Optimizer.Method), seq, batch, j.resumed), mul(uint64(len(j.tokens)), 8))); err != nil {
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
		m.Randomize(info.Seed, initStd)
		j.ckpt = &rnn.Checkpoint{Model: m, Vocab: newVocab, Metadata: map[string]string{}}
	}
	return j, nil
}

// trainingWhat describes a training run for a memory error.
func trainingWhat(cfg rnn.Config, m rnn.Method, seq, batch int) string {
	s := fmt.Sprintf("training a %d-layer %s of hidden size %d (%d parameters, %s) with -seq %d", cfg.Layers, strings.ToUpper(cfg.Cell.String()), cfg.Hidden, cfg.NumParams(), m, seq)
	if batch > 1 {
		s += fmt.Sprintf(" -batch %d", batch)
	}
	return s
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// loadResume loads the model and training state of -resume and checks the
// flags given against the run's recipe and settings.
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
	if j.tr, j.info, j.v1, err = loadState(sp, b, j.ckpt.Model, j.threads); err != nil {
		return err
	}
	j.cfg = j.tr.Config()
	if !f.set["out"] {
		j.out = f.resume
	}
	mc, o := j.ckpt.Model.Config(), j.cfg.Optimizer
	f32 := func(v float64) string { return fmt.Sprint(float32(v)) }
	checks := []struct {
		name      string
		given, is string
	}{
		{"hidden", strconv.Itoa(f.hidden), strconv.Itoa(mc.Hidden)},
		{"layers", strconv.Itoa(f.layers), strconv.Itoa(mc.Layers)},
		{"cell", f.cell, mc.Cell.String()},
		{"seq", strconv.Itoa(f.seq), strconv.Itoa(j.cfg.Seq)},
		{"batch", strconv.Itoa(f.batch), strconv.Itoa(j.cfg.Batch)},
		{"optim", f.optim, o.Method.String()},
		{"lr", f32(f.lr), fmt.Sprint(o.LR)},
		{"clip", f32(f.clip), fmt.Sprint(o.ClipValue)},
		{"clip-norm", f32(f.clipNorm), fmt.Sprint(o.ClipNorm)},
		{"seed", strconv.FormatUint(f.seed, 10), strconv.FormatUint(j.info.Seed, 10)},
	}
	// A v1 state does not record the warm-up and the restarts: it resumes
	// with those charrnn used when it wrote v1 (rnn.ResumeTrainer), or
	// with the values given.
	if !j.v1 {
		checks = append(checks,
			struct{ name, given, is string }{"warmup", strconv.Itoa(f.warmup), strconv.Itoa(o.Warmup)},
			struct{ name, given, is string }{"reset-every", strconv.Itoa(f.resetEvery), strconv.Itoa(j.cfg.ResetEvery)})
	}
	for _, c := range checks {
		if f.set[c.name] && c.given != c.is {
			return badInput("-%s %s: the resumed run has %s (a resumed run keeps its settings)", c.name, c.given, c.is)
		}
	}
	if j.v1 && (f.set["warmup"] || f.set["reset-every"]) {
		cfg := j.cfg
		if f.set["warmup"] {
			cfg.Optimizer.Warmup = f.warmup
		}
		if f.set["reset-every"] {
			cfg.ResetEvery = f.resetEvery
		}
		tr, err := rnn.NewTrainer(j.ckpt.Model, cfg, j.threads)
		if err != nil {
			return badInput("%v", err)
		}
		if err := copyTrainerState(tr, j.tr); err != nil {
			tr.Close()
			return err
		}
		j.tr.Close()
		j.tr, j.cfg = tr, tr.Config()
	}
	return nil
}

// copyTrainerState copies src's progress, optimizer state and carried
// hidden state into dst, a trainer of the same model and method.
func copyTrainerState(dst, src *rnn.Trainer) error {
	d1, d2 := dst.OptimizerState()
	s1, s2 := src.OptimizerState()
	copy(d1, s1)
	copy(d2, s2)
	for k := range src.Model().Layers() {
		dh, err1 := dst.Hidden(k)
		sh, err2 := src.Hidden(k)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		copy(dh, sh)
	}
	dst.SetIter(src.Iter())
	dst.SetPos(src.Pos())
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
	info := &j.info
	m := j.ckpt.Model
	tr := j.tr
	if tr == nil {
		var err error
		if tr, err = rnn.NewTrainer(m, j.cfg, j.threads); err != nil {
			return err
		}
	}
	defer tr.Close()
	seq, o := j.cfg.Seq, j.cfg.Optimizer
	batch := tr.Config().Batch
	p := newProgress(stdout, tr.Iter(), info.Target, seq*batch)
	verb := "training"
	if j.resumed {
		verb = fmt.Sprintf("resuming at iteration %d:", tr.Iter())
	}
	reset := "never"
	if j.cfg.ResetEvery > 0 {
		reset = strconv.Itoa(j.cfg.ResetEvery)
	}
	threads := ""
	if n := tr.Threads(); n > 1 {
		threads = fmt.Sprintf(" on %d goroutines", n)
	}
	p.logf("%s %d-layer %s, hidden %d, vocabulary %d, %s lr %g clip %g clip-norm %g warmup %d reset-every %s, seq %d, batch %d%s, %s, on %s (%s)",
		verb, m.Config().Layers, strings.ToUpper(m.Config().Cell.String()), m.Config().Hidden, j.ckpt.Vocab.Len(), o.Method, o.LR, o.ClipValue, o.ClipNorm, o.Warmup, reset, seq, batch, threads, plural(info.Target, "iteration"), j.source, plural(len(j.tokens), "character"))

	uniform := math.Log(float64(j.ckpt.Vocab.Len()))
	start := tr.Iter()
	lastSave, lastSaveTime := start, time.Now()
	interrupted := false
	for tr.Iter() < info.Target {
		if ctx.Err() != nil {
			interrupted = true
			break
		}
		loss, err := tr.Next(j.tokens)
		if err != nil {
			p.done()
			var de *rnn.DivergedError
			if errors.As(err, &de) {
				return fmt.Errorf("training diverged at iteration %d (loss %v); nothing more was saved: try a smaller -lr, or -clip-norm", de.Step, de.Loss)
			}
			return err
		}
		info.Smooth = 0.999*info.Smooth + 0.001*loss
		it := tr.Iter()
		perChar := info.Smooth / float64(seq)
		if j.sampleEvery > 0 && it%j.sampleEvery == 0 {
			p.sample(it, perChar, j.sampleText(it))
		}
		p.update(it, perChar, it%logEvery == 0 || it == info.Target)
		if it < info.Target && j.saveEvery.due(it-lastSave, time.Since(lastSaveTime)) {
			lastSave, lastSaveTime = it, time.Now()
			if msg := j.failing(tr, uniform); msg != "" {
				p.logf("not saved at iteration %d: %s", it, msg)
				continue
			}
			if err := j.save(tr); err != nil {
				p.done()
				return err
			}
		}
	}
	p.done()
	if interrupted && tr.Iter() == start {
		p.logf("interrupted before the first iteration; nothing saved")
		return errInterrupted
	}
	if !interrupted {
		if msg := j.failing(tr, uniform); msg != "" {
			kept := "nothing was saved"
			if j.savedAt > 0 {
				kept = fmt.Sprintf("not saved (%s keeps the save of iteration %d)", j.out, j.savedAt)
			}
			return fmt.Errorf("%s; %s: %s", msg, kept, j.hint())
		}
	}
	if err := j.save(tr); err != nil {
		return err
	}
	if interrupted {
		p.logf("interrupted at iteration %d of %d: saved %s and %s; continue with: charrnn train -resume %s", tr.Iter(), info.Target, j.out, statePath(j.out), j.out)
		return errInterrupted
	}
	freshCheck(p, tr, j.tokens, info.Smooth/float64(seq))
	p.logf("done: %s, loss %.4f nats/char; saved %s (and the training state in %s)", plural(tr.Iter(), "iteration"), info.Smooth/float64(seq), j.out, statePath(j.out))
	return nil
}

// failing returns why the model is not worth saving, or "": its smoothed
// loss has run away (more than maxLossFactor times a uniform guess's, at
// any point), or, once the warm-up is over, is no better than a uniform
// guess's (ln V nats/char).
func (j *job) failing(tr *rnn.Trainer, uniform float64) string {
	loss := j.info.Smooth / float64(j.cfg.Seq)
	switch {
	case loss > maxLossFactor*uniform:
		return fmt.Sprintf("training diverged: the loss is %.4g nats/char at iteration %d, more than %d times a uniform guess's %.4g", loss, tr.Iter(), maxLossFactor, uniform)
	case tr.Iter() > j.cfg.Optimizer.Warmup && loss >= uniform:
		return fmt.Sprintf("training failed: the loss is %.4g nats/char at iteration %d, no better than a uniform guess's %.4g", loss, tr.Iter(), uniform)
	}
	return ""
}

// hint names the flags that change a failing run.
func (j *job) hint() string {
	if j.cfg.Optimizer.Method == rnn.Adagrad {
		return "try a smaller -lr, -clip-norm 5, or another -seed"
	}
	return "try a smaller -lr, -clip-norm 5 (the default), -optim adagrad, or another -seed"
}

// save writes the model and its training state as one unit (savePair).
func (j *job) save(tr *rnn.Trainer) error {
	j.ckpt.Metadata["iters"] = strconv.Itoa(tr.Iter())
	mb, err := j.ckpt.Marshal()
	if err != nil {
		return err
	}
	j.info.ModelSHA256 = sha256hex(mb)
	sb, err := tr.MarshalState(j.info.meta())
	if err != nil {
		return err
	}
	if err := savePair(j.out, mb, sb); err != nil {
		return err
	}
	j.savedAt = tr.Iter()
	return nil
}

// sampleText draws a sample of the model, reproducible from the run's seed
// and the iteration.
func (j *job) sampleText(it int) string {
	sp := j.ckpt.Model.NewSampler(j.info.Seed ^ uint64(it)*0x9e3779b97f4a7c15)
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

// saveEvery is the -save-every flag: a number of iterations, or an
// interval of time; zero means never.
type saveEvery struct {
	iters int
	every time.Duration
}

// defaultSaveEvery saves every 5 minutes of training.
var defaultSaveEvery = saveEvery{every: 5 * time.Minute}

func (s *saveEvery) String() string {
	switch {
	case s == nil || (s.iters == 0 && s.every == 0):
		return "0"
	case s.iters > 0:
		return strconv.Itoa(s.iters)
	}
	return s.every.String()
}

func (s *saveEvery) Set(v string) error {
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return fmt.Errorf("want a number of iterations >= 0 or an interval such as 5m")
		}
		*s = saveEvery{iters: n}
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second {
		return fmt.Errorf("want a number of iterations >= 0 or an interval of at least 1s such as 5m")
	}
	*s = saveEvery{every: d}
	return nil
}

// due reports whether a periodic save is due, iters iterations and el
// time after the last one.
func (s saveEvery) due(iters int, el time.Duration) bool {
	return (s.iters > 0 && iters >= s.iters) || (s.every > 0 && el >= s.every)
}
