// Package safetensors reads and writes the safetensors tensor file format:
// an 8-byte little-endian header length N, N bytes of JSON header, then the
// raw little-endian tensor data.
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets"},
// where data_offsets are [begin, end) byte offsets into the data that
// follows the header; the optional key "__metadata__" maps to an object of
// strings.
//
// Parse is meant to be safe on any input: it bounds the header length by
// MaxHeaderSize and by the input's size, checks the JSON strictly (valid
// UTF-8, no duplicate or unknown keys, no trailing data other than space
// padding, integers only where integers belong), checks every shape against
// its dtype and byte length, and requires the tensors to cover the data
// region exactly, without holes or overlaps. It never allocates more than a
// small multiple of the input's size, and every failure is an error that
// names the problem.
package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
)

// MaxHeaderSize bounds the JSON header's length in bytes (the reference
// implementation uses the same bound).
const MaxHeaderSize = 100_000_000

// MaxRank bounds the number of dimensions of a tensor.
const MaxRank = 64

// MetadataKey is the reserved header key that holds the metadata map.
const MetadataKey = "__metadata__"

// DType is a tensor element type, named as in the safetensors header.
type DType string

// The element types this package knows the sizes of.
const (
	BOOL    DType = "BOOL"
	U8      DType = "U8"
	I8      DType = "I8"
	F8E5M2  DType = "F8_E5M2"
	F8E4M3  DType = "F8_E4M3"
	I16     DType = "I16"
	U16     DType = "U16"
	F16     DType = "F16"
	BF16    DType = "BF16"
	I32     DType = "I32"
	U32     DType = "U32"
	F32     DType = "F32"
	I64     DType = "I64"
	U64     DType = "U64"
	F64     DType = "F64"
	unknown DType = ""
)

// Size returns the size of one element in bytes, or 0 for an unknown dtype.
func (d DType) Size() int {
	switch d {
	case BOOL, U8, I8, F8E5M2, F8E4M3:
		return 1
	case I16, U16, F16, BF16:
		return 2
	case I32, U32, F32:
		return 4
	case I64, U64, F64:
		return 8
	}
	return 0
}

// Tensor is one named tensor: its element type, its shape, and its raw
// little-endian bytes (len(Data) == product(Shape) * DType.Size()).
type Tensor struct {
	Name  string
	DType DType
	Shape []int
	Data  []byte
}

// NumElements returns the product of the tensor's shape (1 for a scalar).
func (t *Tensor) NumElements() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// Float32s decodes an F32 tensor's data. It is an error for any other dtype.
func (t *Tensor) Float32s() ([]float32, error) {
	if t.DType != F32 {
		return nil, fmt.Errorf("tensor %q: dtype is %s, want F32", t.Name, t.DType)
	}
	out := make([]float32, len(t.Data)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return out, nil
}

// F32Tensor returns a tensor of dtype F32 holding a copy of v, with the
// given shape. It panics if the shape's product differs from len(v): that is
// a programming error, not bad input.
func F32Tensor(name string, v []float32, shape ...int) Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n != len(v) || slices.ContainsFunc(shape, func(d int) bool { return d < 0 }) {
		panic(fmt.Sprintf("safetensors: F32Tensor %q: shape %v does not hold %d elements", name, shape, len(v)))
	}
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return Tensor{Name: name, DType: F32, Shape: slices.Clone(shape), Data: b}
}

// File is a parsed safetensors file: its tensors in the order of their data
// offsets, and its metadata (nil when the header has none).
type File struct {
	Tensors  []Tensor
	Metadata map[string]string
}

// Tensor returns the tensor with the given name, or nil.
func (f *File) Tensor(name string) *Tensor {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i]
		}
	}
	return nil
}

// Parse parses a whole safetensors file held in b. The returned tensors'
// Data slices alias b.
func Parse(b []byte) (*File, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("safetensors: file is %s, shorter than the 8-byte header length", nbytes(len(b)))
	}
	n := binary.LittleEndian.Uint64(b)
	rest := uint64(len(b) - 8)
	switch {
	case n > MaxHeaderSize:
		return nil, fmt.Errorf("safetensors: header length %d exceeds the limit of %d bytes (not a safetensors file?)", n, MaxHeaderSize)
	case n > rest:
		return nil, fmt.Errorf("safetensors: header length %d exceeds the %d bytes that follow it (not a safetensors file?)", n, rest)
	case n < 2:
		return nil, fmt.Errorf("safetensors: header length %d is too short for a JSON object", n)
	}
	hdr, data := b[8:8+n], b[8+n:]
	entries, meta, err := parseHeader(hdr)
	if err != nil {
		return nil, err
	}
	f := &File{Metadata: meta, Tensors: make([]Tensor, 0, len(entries))}
	// The data region must be covered exactly: sorted by offsets, each
	// tensor starts where the previous one ended.
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].begin != entries[j].begin {
			return entries[i].begin < entries[j].begin
		}
		return entries[i].end < entries[j].end
	})
	var pos uint64
	for _, e := range entries {
		if e.end > uint64(len(data)) {
			return nil, fmt.Errorf("safetensors: tensor %s: data_offsets [%d, %d] extend past the %d-byte data region", quote(e.name), e.begin, e.end, len(data))
		}
		if e.begin < pos {
			return nil, fmt.Errorf("safetensors: tensor %s: data_offsets [%d, %d] overlap the previous tensor, which ends at %d", quote(e.name), e.begin, e.end, pos)
		}
		if e.begin > pos {
			return nil, fmt.Errorf("safetensors: tensor %s: data_offsets [%d, %d] leave a hole at bytes [%d, %d] of the data region", quote(e.name), e.begin, e.end, pos, e.begin)
		}
		pos = e.end
		f.Tensors = append(f.Tensors, Tensor{Name: e.name, DType: e.dtype, Shape: e.shape, Data: data[e.begin:e.end:e.end]})
	}
	if pos != uint64(len(data)) {
		return nil, fmt.Errorf("safetensors: the tensors cover %d bytes of the %d-byte data region (trailing bytes [%d, %d] are not in any tensor)", pos, len(data), pos, len(data))
	}
	return f, nil
}

type entry struct {
	name       string
	dtype      DType
	shape      []int
	begin, end uint64
}

// parseHeader parses the JSON header strictly, token by token, so that
// duplicate keys, unknown keys, and values of the wrong kind are caught and
// no value is ever decoded into an unbounded structure.
func parseHeader(h []byte) ([]entry, map[string]string, error) {
	if h[0] != '{' {
		return nil, nil, fmt.Errorf("safetensors: header does not start with '{' (byte 0 is %q)", h[0])
	}
	if !utf8.Valid(h) {
		return nil, nil, errors.New("safetensors: header is not valid UTF-8")
	}
	p := &parser{dec: json.NewDecoder(bytes.NewReader(h))}
	p.dec.UseNumber()
	if err := p.delim('{', "header"); err != nil {
		return nil, nil, err
	}
	var (
		entries []entry
		meta    map[string]string
		seen    = map[string]bool{}
	)
	for p.dec.More() {
		key, err := p.key("header")
		if err != nil {
			return nil, nil, err
		}
		if seen[key] {
			return nil, nil, fmt.Errorf("safetensors: header: duplicate key %s", quote(key))
		}
		seen[key] = true
		if key == MetadataKey {
			if meta, err = p.metadata(); err != nil {
				return nil, nil, err
			}
			continue
		}
		e, err := p.tensorInfo(key)
		if err != nil {
			return nil, nil, err
		}
		entries = append(entries, e)
	}
	if err := p.delim('}', "header"); err != nil {
		return nil, nil, err
	}
	// The reference writer pads the header with spaces to align the data;
	// anything else after the object is an error.
	off := p.dec.InputOffset()
	for i := off; i < int64(len(h)); i++ {
		if h[i] != ' ' {
			return nil, nil, fmt.Errorf("safetensors: header has trailing data at byte %d after the JSON object (only space padding is allowed)", i)
		}
	}
	return entries, meta, nil
}

type parser struct{ dec *json.Decoder }

func (p *parser) token(where string) (json.Token, error) {
	t, err := p.dec.Token()
	if err == io.EOF {
		return nil, fmt.Errorf("safetensors: %s: JSON ends early", where)
	}
	if err != nil {
		return nil, fmt.Errorf("safetensors: %s: invalid JSON: %v", where, err)
	}
	return t, nil
}

func (p *parser) delim(d json.Delim, where string) error {
	t, err := p.token(where)
	if err != nil {
		return err
	}
	if t != d {
		return fmt.Errorf("safetensors: %s: expected %s, found %s", where, describe(d), describe(t))
	}
	return nil
}

func (p *parser) key(where string) (string, error) {
	t, err := p.token(where)
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		return "", fmt.Errorf("safetensors: %s: expected a key, found %s", where, describe(t))
	}
	return s, nil
}

func (p *parser) metadata() (map[string]string, error) {
	const where = "__metadata__"
	if err := p.delim('{', where); err != nil {
		return nil, err
	}
	m := map[string]string{}
	for p.dec.More() {
		k, err := p.key(where)
		if err != nil {
			return nil, err
		}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("safetensors: __metadata__: duplicate key %s", quote(k))
		}
		t, err := p.token(where)
		if err != nil {
			return nil, err
		}
		v, ok := t.(string)
		if !ok {
			return nil, fmt.Errorf("safetensors: __metadata__: value of %s is %s, want a string", quote(k), describe(t))
		}
		m[k] = v
	}
	return m, p.delim('}', where)
}

func (p *parser) tensorInfo(name string) (entry, error) {
	where := fmt.Sprintf("tensor %s", quote(name))
	e := entry{name: name}
	if err := p.delim('{', where); err != nil {
		return e, err
	}
	var haveDType, haveShape, haveOffsets bool
	for p.dec.More() {
		k, err := p.key(where)
		if err != nil {
			return e, err
		}
		switch k {
		case "dtype":
			if haveDType {
				return e, fmt.Errorf("safetensors: %s: duplicate key \"dtype\"", where)
			}
			haveDType = true
			t, err := p.token(where)
			if err != nil {
				return e, err
			}
			s, ok := t.(string)
			if !ok {
				return e, fmt.Errorf("safetensors: %s: dtype is %s, want a string", where, describe(t))
			}
			e.dtype = DType(s)
			if e.dtype.Size() == 0 {
				return e, fmt.Errorf("safetensors: %s: unsupported dtype %s", where, quote(s))
			}
		case "shape":
			if haveShape {
				return e, fmt.Errorf("safetensors: %s: duplicate key \"shape\"", where)
			}
			haveShape = true
			dims, err := p.uints(where, "shape")
			if err != nil {
				return e, err
			}
			if len(dims) > MaxRank {
				return e, fmt.Errorf("safetensors: %s: shape has %d dimensions, more than the %d supported", where, len(dims), MaxRank)
			}
			e.shape = make([]int, len(dims))
			for i, d := range dims {
				if d > math.MaxInt32 {
					return e, fmt.Errorf("safetensors: %s: shape dimension %d is too large", where, d)
				}
				e.shape[i] = int(d)
			}
		case "data_offsets":
			if haveOffsets {
				return e, fmt.Errorf("safetensors: %s: duplicate key \"data_offsets\"", where)
			}
			haveOffsets = true
			offs, err := p.uints(where, "data_offsets")
			if err != nil {
				return e, err
			}
			if len(offs) != 2 {
				return e, fmt.Errorf("safetensors: %s: data_offsets has %d values, want 2 ([begin, end])", where, len(offs))
			}
			e.begin, e.end = offs[0], offs[1]
			if e.begin > e.end {
				return e, fmt.Errorf("safetensors: %s: data_offsets [%d, %d] end before they begin", where, e.begin, e.end)
			}
		default:
			return e, fmt.Errorf("safetensors: %s: unknown key %s", where, quote(k))
		}
	}
	if err := p.delim('}', where); err != nil {
		return e, err
	}
	switch {
	case !haveDType:
		return e, fmt.Errorf("safetensors: %s: missing \"dtype\"", where)
	case !haveShape:
		return e, fmt.Errorf("safetensors: %s: missing \"shape\"", where)
	case !haveOffsets:
		return e, fmt.Errorf("safetensors: %s: missing \"data_offsets\"", where)
	}
	// Bytes implied by the shape, with overflow checked at every step.
	size := uint64(e.dtype.Size())
	for _, d := range e.shape {
		hi, lo := bits.Mul64(size, uint64(d))
		if hi != 0 {
			return e, fmt.Errorf("safetensors: %s: shape %v overflows", where, e.shape)
		}
		size = lo
	}
	if size != e.end-e.begin {
		return e, fmt.Errorf("safetensors: %s: shape %v of %s needs %d bytes but data_offsets [%d, %d] hold %d", where, e.shape, e.dtype, size, e.begin, e.end, e.end-e.begin)
	}
	return e, nil
}

// uints parses a JSON array of non-negative integers.
func (p *parser) uints(where, what string) ([]uint64, error) {
	if err := p.delim('[', where+": "+what); err != nil {
		return nil, err
	}
	var out []uint64
	for p.dec.More() {
		t, err := p.token(where)
		if err != nil {
			return nil, err
		}
		num, ok := t.(json.Number)
		if !ok {
			return nil, fmt.Errorf("safetensors: %s: %s holds %s, want non-negative integers", where, what, describe(t))
		}
		v, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("safetensors: %s: %s holds %s, want a non-negative integer below 2^64", where, what, clip(string(num)))
		}
		if len(out) == MaxRank+2 {
			return nil, fmt.Errorf("safetensors: %s: %s has more than %d values", where, what, MaxRank+1)
		}
		out = append(out, v)
	}
	return out, p.delim(']', where+": "+what)
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", rune(v))
	case string:
		return "the string " + quote(v)
	case json.Number:
		return "the number " + clip(string(v))
	case bool:
		return fmt.Sprintf("%v", v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", t)
}

// Marshal encodes tensors and metadata (which may be nil) as a safetensors
// file. Tensors are stored in the given order; the header is padded with
// spaces so that the data starts at a multiple of 8 bytes. Names must be
// unique and not "__metadata__"; each tensor's data length must match its
// dtype and shape.
func Marshal(tensors []Tensor, metadata map[string]string) ([]byte, error) {
	var hdr bytes.Buffer
	hdr.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			hdr.WriteByte(',')
		}
		first = false
	}
	if len(metadata) > 0 {
		sep()
		writeString(&hdr, MetadataKey)
		hdr.WriteString(":{")
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 {
				hdr.WriteByte(',')
			}
			writeString(&hdr, k)
			hdr.WriteByte(':')
			writeString(&hdr, metadata[k])
		}
		hdr.WriteByte('}')
	}
	seen := map[string]bool{}
	var off uint64
	for _, t := range tensors {
		if t.Name == MetadataKey || seen[t.Name] {
			return nil, fmt.Errorf("safetensors: tensor name %q is reserved or repeated", t.Name)
		}
		seen[t.Name] = true
		if t.DType.Size() == 0 {
			return nil, fmt.Errorf("safetensors: tensor %q: unsupported dtype %q", t.Name, t.DType)
		}
		n := uint64(t.DType.Size())
		for _, d := range t.Shape {
			if d < 0 {
				return nil, fmt.Errorf("safetensors: tensor %q: negative dimension in shape %v", t.Name, t.Shape)
			}
			n *= uint64(d)
		}
		if n != uint64(len(t.Data)) {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v of %s needs %d bytes, data has %d", t.Name, t.Shape, t.DType, n, len(t.Data))
		}
		sep()
		writeString(&hdr, t.Name)
		fmt.Fprintf(&hdr, `:{"dtype":%q,"shape":[`, string(t.DType))
		for i, d := range t.Shape {
			if i > 0 {
				hdr.WriteByte(',')
			}
			hdr.WriteString(strconv.Itoa(d))
		}
		fmt.Fprintf(&hdr, `],"data_offsets":[%d,%d]}`, off, off+n)
		off += n
	}
	hdr.WriteByte('}')
	for hdr.Len()%8 != 0 {
		hdr.WriteByte(' ')
	}
	out := make([]byte, 8, 8+hdr.Len()+int(off))
	binary.LittleEndian.PutUint64(out, uint64(hdr.Len()))
	out = append(out, hdr.Bytes()...)
	for _, t := range tensors {
		out = append(out, t.Data...)
	}
	return out, nil
}

// writeString writes s as a JSON string without HTML escaping.
func writeString(b *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes (invalid UTF-8 becomes U+FFFD)
	b.Write(bytes.TrimSuffix(tmp.Bytes(), []byte("\n")))
}

// ReadFile reads and parses the safetensors file at path. It refuses
// anything that is not a regular file, and allocates the file's size once.
func ReadFile(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() < 8 {
		return nil, fmt.Errorf("%s: file is %s, too short for a safetensors file", path, nbytes(int(st.Size())))
	}
	if st.Size() > math.MaxInt-1 {
		return nil, fmt.Errorf("%s: file too large (%d bytes)", path, st.Size())
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %v (the file changed while being read?)", path, err)
	}
	sf, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sf, nil
}

// WriteFile encodes the tensors and metadata and writes them to path
// atomically, with permissions 0644: path holds either its old content or
// the whole new file, whatever happens during the write (see
// internal/atomicfile).
func WriteFile(path string, tensors []Tensor, metadata map[string]string) error {
	b, err := Marshal(tensors, metadata)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b, 0o644)
}

// ReadMetadata reads only the header of the safetensors file at path and
// returns its metadata (nil when the header has none). The header is checked
// as Parse checks it and every tensor must lie within the file, but the
// tensor data is neither read nor checked for holes, so that a large file
// costs no more than its header.
func ReadMetadata(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	var lenb [8]byte
	if _, err := io.ReadFull(f, lenb[:]); err != nil {
		return nil, fmt.Errorf("%s: file is %s, too short for a safetensors file", path, nbytes(int(st.Size())))
	}
	n := binary.LittleEndian.Uint64(lenb[:])
	rest := uint64(st.Size() - 8)
	switch {
	case n > MaxHeaderSize:
		return nil, fmt.Errorf("%s: safetensors: header length %d exceeds the limit of %d bytes (not a safetensors file?)", path, n, MaxHeaderSize)
	case n > rest:
		return nil, fmt.Errorf("%s: safetensors: header length %d exceeds the %d bytes that follow it (not a safetensors file?)", path, n, rest)
	case n < 2:
		return nil, fmt.Errorf("%s: safetensors: header length %d is too short for a JSON object", path, n)
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return nil, fmt.Errorf("%s: %v (the file changed while being read?)", path, err)
	}
	entries, meta, err := parseHeader(hdr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, e := range entries {
		if e.end > rest-n {
			return nil, fmt.Errorf("%s: safetensors: tensor %s: data_offsets [%d, %d] extend past the %d-byte data region", path, quote(e.name), e.begin, e.end, rest-n)
		}
	}
	return meta, nil
}

// maxEcho bounds how much of a file's content an error message repeats.
const maxEcho = 64

// clip cuts s, taken from a file, for an error message: at most maxEcho
// bytes of it, and its length when cut.
func clip(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	return fmt.Sprintf("%s... (%d bytes)", strings.ToValidUTF8(s[:maxEcho-16], ""), len(s))
}

// quote is %q of s, cut as clip cuts.
func quote(s string) string {
	if len(s) <= maxEcho {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%q... (%d bytes)", strings.ToValidUTF8(s[:maxEcho-16], ""), len(s))
}

// nbytes formats a count of bytes: "1 byte", "7 bytes".
func nbytes(n int) string {
	if n == 1 {
		return "1 byte"
	}
	return strconv.Itoa(n) + " bytes"
}
