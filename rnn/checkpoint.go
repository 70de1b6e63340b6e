package rnn

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
	"github.com/simdrnn/simdrnn/internal/safetensors"
)

// CheckpointFormat is the value of the "format" metadata key of a
// character-level model checkpoint.
const CheckpointFormat = "simdrnn.charrnn.v1"

// Checkpoint is a character-level model as stored in a safetensors file:
// the model, whose Input and Output are the vocabulary size, and its
// vocabulary.
//
// The file holds the state_dict of the PyTorch module
//
//	class CharRNN(nn.Module):
//	    def __init__(self, V, H, L, cell=nn.RNN):  # or nn.LSTM, nn.GRU
//	        super().__init__()
//	        self.rnn = cell(V, H, num_layers=L)
//	        self.fc = nn.Linear(H, V)
//
// as tensors rnn.weight_ih_l{k} [G*H, V or H], rnn.weight_hh_l{k} [G*H, H],
// rnn.bias_ih_l{k} [G*H], rnn.bias_hh_l{k} [G*H], fc.weight [V, H] and
// fc.bias [V], with G = 1, 4 or 3 for nn.RNN, nn.LSTM or nn.GRU, each of
// dtype F32, F16 or BF16 (as PyTorch writes them after model.float(),
// model.half() or model.to(torch.bfloat16)). The cell is read from the
// shape of rnn.weight_hh_l0; a "cell" metadata entry ("rnn", "lstm" or
// "gru"), which Marshal writes, must agree with it. nn.RNN keeps two hidden
// biases where the model has one: loading adds them, saving writes the
// model's bias as bias_ih and zeros as bias_hh. The header's metadata holds
// "format": CheckpointFormat and "vocab": the vocabulary as a string,
// character i being token i; other metadata keys are kept in Metadata.
type Checkpoint struct {
	Model *Model // the weights; Input and Output equal Vocab.Len()
	Vocab *Vocab // the characters, token i being character i
	// Metadata holds the file's other metadata entries ("format", "vocab"
	// and "cell" are written from the fields above and never taken from
	// here).
	Metadata map[string]string
	// Half holds the model instead of Model when LoadInference reads a
	// file whose weight matrices are 16-bit; Model is nil then.
	Half *HalfModel
	// Weights is the storage format of the weight matrices in the file.
	// Loading sets it from the file's rnn.weight_hh_l0 (Model then holds
	// the stored values, widened exactly); saving writes the matrices in
	// it, rounded to nearest (ties to even), and the biases as F32. The
	// zero value is F32.
	Weights Format
}

// Marshal encodes the checkpoint as a safetensors file.
func (c *Checkpoint) Marshal() ([]byte, error) {
	m := c.Model
	if m == nil && c.Half != nil {
		m = c.Half.Float32()
	}
	switch {
	case m == nil:
		return nil, errors.New("rnn: checkpoint: no Model (and no Half) to save")
	case c.Vocab == nil:
		return nil, errors.New("rnn: checkpoint: no Vocab to save")
	case m.cfg.Input != c.Vocab.Len() || m.cfg.Output != c.Vocab.Len():
		return nil, fmt.Errorf("rnn: checkpoint: the model's Input %d and Output %d must equal the vocabulary size %d", m.cfg.Input, m.cfg.Output, c.Vocab.Len())
	}
	// A file with a NaN or an infinity could not be loaded back.
	for _, t := range m.Tensors() {
		if err := checkFinite(t.Name, t.Data); err != nil {
			return nil, fmt.Errorf("rnn: checkpoint: %w", err)
		}
	}
	var ts []safetensors.Tensor
	var err error
	weight := func(name string, v []float32, shape ...int) safetensors.Tensor {
		if err != nil {
			return safetensors.Tensor{}
		}
		var t safetensors.Tensor
		t, err = matrixTensor(name, v, c.Weights, shape...)
		return t
	}
	for k, l := range m.layers {
		gh := len(l.Bh)
		bhh := l.Bhh
		if bhh == nil { // RNN: the sum is in Bh
			bhh = make([]float32, gh)
		}
		ts = append(ts,
			weight(fmt.Sprintf("rnn.weight_ih_l%d", k), l.Wxh, gh, l.In),
			weight(fmt.Sprintf("rnn.weight_hh_l%d", k), l.Whh, gh, l.Hidden),
			safetensors.F32Tensor(fmt.Sprintf("rnn.bias_ih_l%d", k), l.Bh, gh),
			safetensors.F32Tensor(fmt.Sprintf("rnn.bias_hh_l%d", k), bhh, gh),
		)
	}
	ts = append(ts,
		weight("fc.weight", m.why, m.cfg.Output, m.cfg.Hidden),
		safetensors.F32Tensor("fc.bias", m.by, m.cfg.Output),
	)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{}
	for k, v := range c.Metadata {
		meta[k] = v
	}
	meta["format"] = CheckpointFormat
	meta["vocab"] = c.Vocab.String()
	meta["cell"] = m.cfg.Cell.String()
	return safetensors.Marshal(ts, meta)
}

// Save writes the checkpoint to path atomically: path holds either its old
// content or the whole new checkpoint, whatever happens during the write.
func (c *Checkpoint) Save(path string) error {
	b, err := c.Marshal()
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b, 0o644)
}

// LoadCheckpoint reads a checkpoint written by Save or by PyTorch (see
// Checkpoint). Every problem with the file is an error naming the file and
// the problem.
func LoadCheckpoint(path string) (*Checkpoint, error) { return loadCheckpoint(path, false) }

// LoadInference reads a checkpoint as LoadCheckpoint does, for inference:
// when the file stores its weight matrices in F16 or BF16, they load into
// Half as they are, without a float32 copy (Model is nil; a matrix stored
// in another dtype than rnn.weight_hh_l0's is rounded to that one);
// otherwise Model holds the float32 weights and Half is nil.
func LoadInference(path string) (*Checkpoint, error) { return loadCheckpoint(path, true) }

func loadCheckpoint(path string, keep16 bool) (*Checkpoint, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := checkpointFrom(f, keep16)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseCheckpoint decodes a checkpoint from the bytes of a safetensors file.
func ParseCheckpoint(b []byte) (*Checkpoint, error) {
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, err
	}
	return checkpointFrom(f, false)
}

// checkpointFrom decodes a checkpoint; with keep16, 16-bit weight matrices
// load into Half instead of Model (see LoadInference).
func checkpointFrom(f *safetensors.File, keep16 bool) (*Checkpoint, error) {
	meta := f.Metadata
	switch format, ok := meta["format"]; {
	case !ok:
		return nil, fmt.Errorf("not a %s checkpoint: no \"format\" in the metadata (a PyTorch state_dict needs metadata={\"format\": %q, \"vocab\": ...})", CheckpointFormat, CheckpointFormat)
	case format != CheckpointFormat:
		return nil, fmt.Errorf("not a %s checkpoint: metadata format is %q", CheckpointFormat, format)
	}
	if tok, ok := meta["tokens"]; ok && tok != "chars" {
		return nil, fmt.Errorf("checkpoint: tokenization %q is not supported (only \"chars\")", tok)
	}
	vs, ok := meta["vocab"]
	if !ok {
		return nil, fmt.Errorf("checkpoint: no \"vocab\" in the metadata")
	}
	vocab, err := NewVocab(vs)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: metadata vocab: %w", err)
	}
	V := vocab.Len()

	byName := map[string]*safetensors.Tensor{}
	for i := range f.Tensors {
		byName[f.Tensors[i].Name] = &f.Tensors[i]
	}
	used := map[string]bool{}
	get := func(name string, shape ...int) ([]float32, error) {
		t := byName[name]
		if t == nil {
			return nil, fmt.Errorf("checkpoint: missing tensor %q", name)
		}
		used[name] = true
		if !slices.Equal(t.Shape, shape) {
			return nil, fmt.Errorf("checkpoint: tensor %q has shape %v, want %v", name, t.Shape, shape)
		}
		v, err := tensorFloat32s(t)
		if err != nil {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
		if err := checkFinite(name, v); err != nil {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
		return v, nil
	}

	// The shape: H from the first recurrent matrix, L from how many layers
	// are numbered 0, 1, ... without a gap.
	hh := byName["rnn.weight_hh_l0"]
	if hh == nil {
		return nil, fmt.Errorf("checkpoint: missing tensor %q", "rnn.weight_hh_l0")
	}
	// The cell from the shape of weight_hh_l0, [G*H, H]: G = 1 (RNN),
	// 4 (LSTM) or 3 (GRU); a "cell" metadata entry must agree.
	if len(hh.Shape) != 2 || hh.Shape[1] < 1 || hh.Shape[0]%hh.Shape[1] != 0 {
		return nil, fmt.Errorf("checkpoint: tensor %q has shape %v, want [G*H, H] with H >= 1 and G = 1 (RNN), 4 (LSTM) or 3 (GRU)", "rnn.weight_hh_l0", hh.Shape)
	}
	H := hh.Shape[1]
	var cell Cell
	switch hh.Shape[0] / H {
	case 1:
		cell = RNN
	case 4:
		cell = LSTM
	case 3:
		cell = GRU
	default:
		return nil, fmt.Errorf("checkpoint: tensor %q has shape %v, want [G*H, H] with G = 1 (RNN), 4 (LSTM) or 3 (GRU)", "rnn.weight_hh_l0", hh.Shape)
	}
	if name, ok := meta["cell"]; ok {
		if c, err := ParseCell(name); err != nil || c != cell {
			return nil, fmt.Errorf("checkpoint: metadata cell is %q, but tensor %q has the shape %v of a %v cell", name, "rnn.weight_hh_l0", hh.Shape, cell)
		}
	}
	GH := cell.Gates() * H
	L := 0
	for byName[fmt.Sprintf("rnn.weight_hh_l%d", L)] != nil {
		L++
	}
	cfg := Config{Input: V, Hidden: H, Layers: L, Output: V, Cell: cell}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	// Every parameter is in the file, so these allocations are bounded by
	// the file's size. With keep16 and 16-bit matrices in the file, the
	// matrices stay in the file's format (no float32 Model); otherwise w
	// is a view of the float32 Model m.
	format := F32
	if keep16 {
		format = dtypeFormat[hh.DType]
	}
	var m *Model
	var w *weights
	if format == F32 {
		var err error
		if m, err = New(cfg); err != nil {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
		w, _ = weightsOf(m, F32)
	} else {
		w = &weights{cfg: cfg, layers: make([]wlayer, L), by: make([]float32, V)}
	}
	mat := func(dst *matrix, name string, shape ...int) error {
		if t := byName[name]; format != F32 && t != nil && t.DType == hh.DType && slices.Equal(t.Shape, shape) {
			used[name] = true
			d, err := matrixFromBits(t, format)
			if err != nil {
				return fmt.Errorf("checkpoint: %w", err)
			}
			*dst = d
			return nil
		}
		v, err := get(name, shape...)
		if err != nil {
			return err
		}
		if format == F32 {
			copy(dst.f32, v)
			return nil
		}
		*dst, err = convertChecked(name, v, format)
		return err
	}
	for k := range w.layers {
		l := &w.layers[k]
		in := H
		if k == 0 {
			in = V
		}
		l.cell, l.in = cell, in
		if l.bh == nil { // 16-bit weights: biases of their own
			l.bh = make([]float32, GH)
			if cell != RNN {
				l.bhh = make([]float32, GH)
			}
		}
		if err := mat(&l.wxh, fmt.Sprintf("rnn.weight_ih_l%d", k), GH, in); err != nil {
			return nil, err
		}
		if err := mat(&l.whh, fmt.Sprintf("rnn.weight_hh_l%d", k), GH, H); err != nil {
			return nil, err
		}
		bih, err := get(fmt.Sprintf("rnn.bias_ih_l%d", k), GH)
		if err != nil {
			return nil, err
		}
		copy(l.bh, bih)
		// PyTorch's second bias: summed into the RNN's one bias, kept
		// apart for LSTM and GRU (zero when the file has none).
		bhh := fmt.Sprintf("rnn.bias_hh_l%d", k)
		if byName[bhh] != nil {
			v, err := get(bhh, GH)
			if err != nil {
				return nil, err
			}
			if cell == RNN {
				for i := range l.bh {
					l.bh[i] += v[i]
				}
			} else {
				copy(l.bhh, v)
			}
		}
	}
	if err := mat(&w.why, "fc.weight", V, H); err != nil {
		return nil, err
	}
	by, err := get("fc.bias", V)
	if err != nil {
		return nil, err
	}
	copy(w.by, by)
	for _, t := range f.Tensors {
		if !used[t.Name] {
			return nil, fmt.Errorf("checkpoint: unexpected tensor %q (only a %d-layer nn.%s with bias and an nn.Linear are supported)", t.Name, L, strings.ToUpper(cell.String()))
		}
	}
	rest := map[string]string{}
	for k, v := range meta {
		if k != "format" && k != "vocab" && k != "cell" {
			rest[k] = v
		}
	}
	c := &Checkpoint{Model: m, Vocab: vocab, Metadata: rest, Weights: dtypeFormat[hh.DType]}
	if m == nil {
		c.Half = &HalfModel{w: w}
	}
	return c, nil
}

// checkFinite returns an error naming the tensor and the index of the
// first NaN or infinity in v.
func checkFinite(name string, v []float32) error {
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("tensor %q holds %v at index %d", name, x, i)
		}
	}
	return nil
}

// Vocab is a character vocabulary: token i is the i-th character.
type Vocab struct {
	runes []rune
	ascii [128]int32 // token of each ASCII character, -1 if absent
	other map[rune]int
}

// NewVocab returns the vocabulary whose token i is the i-th character of
// chars. chars must be valid UTF-8, non-empty, with no character repeated.
func NewVocab(chars string) (*Vocab, error) {
	if chars == "" {
		return nil, fmt.Errorf("empty vocabulary")
	}
	if !utf8.ValidString(chars) {
		return nil, fmt.Errorf("vocabulary is not valid UTF-8")
	}
	v := &Vocab{other: map[rune]int{}}
	for i := range v.ascii {
		v.ascii[i] = -1
	}
	for _, r := range chars {
		if _, dup := v.Token(r); dup {
			return nil, fmt.Errorf("character %s appears twice in the vocabulary", QuoteRune(r))
		}
		n := len(v.runes)
		if r < 128 {
			v.ascii[r] = int32(n)
		} else {
			v.other[r] = n
		}
		v.runes = append(v.runes, r)
	}
	return v, nil
}

// VocabOf returns the vocabulary of the distinct characters of text, in
// increasing order of code point. text must be valid UTF-8.
func VocabOf(text string) (*Vocab, error) {
	if !utf8.ValidString(text) {
		return nil, invalidUTF8(text)
	}
	var seen [128]bool
	set := map[rune]bool{}
	for _, r := range text {
		if r < 128 {
			seen[r] = true
		} else {
			set[r] = true
		}
	}
	var rs []rune
	for r, ok := range seen {
		if ok {
			rs = append(rs, rune(r))
		}
	}
	for r := range set {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return NewVocab(string(rs))
}

// Len returns the number of tokens.
func (v *Vocab) Len() int { return len(v.runes) }

// String returns the vocabulary as a string: character i is token i.
func (v *Vocab) String() string { return string(v.runes) }

// Rune returns token i's character; a token outside [0, Len()) is an
// error.
func (v *Vocab) Rune(i int) (rune, error) {
	if i < 0 || i >= len(v.runes) {
		return 0, fmt.Errorf("rnn: token %d out of range [0, %d)", i, len(v.runes))
	}
	return v.runes[i], nil
}

// Token returns the token of character r, and whether r is in the
// vocabulary.
func (v *Vocab) Token(r rune) (int, bool) {
	if r >= 0 && r < 128 {
		t := v.ascii[r]
		return int(t), t >= 0
	}
	t, ok := v.other[r]
	return t, ok
}

// Encode returns the tokens of text. A character outside the vocabulary is
// a *CharError naming the first such character and its position; invalid
// UTF-8 is a *CharError too.
func (v *Vocab) Encode(text string) ([]int, error) {
	if !utf8.ValidString(text) {
		return nil, invalidUTF8(text)
	}
	toks := make([]int, 0, len(text))
	for off, r := range text {
		t, ok := v.Token(r)
		if !ok {
			return nil, charError(text, off, r, "is not in the model's vocabulary")
		}
		toks = append(toks, t)
	}
	return toks, nil
}

// Decode appends the characters of tokens to dst and returns it. A token
// outside [0, Len()) is an error naming its index; dst then holds the
// characters of the tokens before it.
func (v *Vocab) Decode(dst []byte, tokens []int) ([]byte, error) {
	for i, t := range tokens {
		if t < 0 || t >= len(v.runes) {
			return dst, fmt.Errorf("rnn: tokens[%d] = %d out of range [0, %d)", i, t, len(v.runes))
		}
		dst = utf8.AppendRune(dst, v.runes[t])
	}
	return dst, nil
}

// CharError reports a character of a text that cannot be used, with its
// position.
type CharError struct {
	Rune   rune   // the character (utf8.RuneError for invalid UTF-8)
	Offset int    // byte offset in the text
	Index  int    // character index in the text (0-based)
	Line   int    // 1-based line
	Column int    // 1-based column, in characters
	Reason string // e.g. "is not in the model's vocabulary"
}

// Error returns "line:column: " followed by the problem and its offsets.
func (e *CharError) Error() string {
	if e.Reason == reasonInvalid {
		return fmt.Sprintf("%d:%d: invalid UTF-8 at byte %d (the text must be UTF-8)", e.Line, e.Column, e.Offset)
	}
	return fmt.Sprintf("%d:%d: character %s %s (character %d, byte %d)", e.Line, e.Column, QuoteRune(e.Rune), e.Reason, e.Index, e.Offset)
}

const reasonInvalid = "is not valid UTF-8"

func charError(text string, off int, r rune, reason string) *CharError {
	before := text[:off]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return &CharError{Rune: r, Offset: off, Index: utf8.RuneCountInString(before), Line: line, Column: col, Reason: reason}
}

func invalidUTF8(text string) error {
	for off, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[off:]); size == 1 {
				return charError(text, off, r, reasonInvalid)
			}
		}
	}
	return fmt.Errorf("invalid UTF-8")
}

// QuoteRune formats a character for an error message: 'a' (U+0061), with
// control and invisible characters escaped.
func QuoteRune(r rune) string {
	return fmt.Sprintf("%s (U+%04X)", strconv.QuoteRune(r), r)
}
