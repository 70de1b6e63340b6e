package rnn_test

import (
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

func sampleModel(t *testing.T) *rnn.Model {
	t.Helper()
	m, err := rnn.New(rnn.Config{Input: 20, Hidden: 16, Layers: 2, Output: 20})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(5, 0.7)
	return m
}

func TestSamplerReproducible(t *testing.T) {
	m := sampleModel(t)
	draw := func(seed uint64) []int {
		sp := m.NewSampler(seed)
		if err := sp.Prime([]int{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
		out := make([]int, 200)
		if err := sp.Sample(out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b, c := draw(9), draw(9), draw(10)
	diff := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, token %d differs", i)
		}
		if a[i] != c[i] {
			diff++
		}
	}
	if diff == 0 {
		t.Error("seeds 9 and 10 drew the same 200 tokens")
	}
}

// TestSamplerDistribution checks temperature and top-k against a float64
// softmax of the stream's logits, and that the tokens drawn follow the
// distribution (chi-square-like bound on the frequencies).
func TestSamplerDistribution(t *testing.T) {
	m := sampleModel(t)
	for _, temp := range []float32{0.5, 1, 2} {
		for _, k := range []int{0, 1, 3, 20} {
			sp := m.NewSampler(1)
			sp.Temperature, sp.TopK = temp, k
			if err := sp.Prime([]int{4, 5}); err != nil {
				t.Fatal(err)
			}
			logits := sp.Stream().Output()
			// Reference: the k largest logits, softmax(l / temp).
			want := make([]float64, len(logits))
			kept := 0
			mx := math.Inf(-1)
			for _, v := range logits {
				mx = math.Max(mx, float64(v))
			}
			var z float64
			for i, v := range logits {
				larger := 0
				for _, u := range logits {
					if u > v {
						larger++
					}
				}
				if k > 0 && larger >= k {
					continue
				}
				kept++
				want[i] = math.Exp((float64(v) - mx) / float64(temp))
				z += want[i]
			}
			got := make([]float32, len(logits))
			if err := sp.Distribution(got); err != nil {
				t.Fatal(err)
			}
			nz := 0
			for i := range got {
				if got[i] != 0 {
					nz++
				}
				if math.Abs(float64(got[i])-want[i]/z) > 1e-6 {
					t.Fatalf("T=%v k=%d: p[%d] = %g, want %g", temp, k, i, got[i], want[i]/z)
				}
			}
			if k > 0 && nz != k {
				t.Errorf("T=%v k=%d: %d nonzero probabilities", temp, k, nz)
			}
		}
	}
	// Frequencies of the first draw after the same prefix, over many
	// samplers with different seeds.
	const n = 20000
	counts := make([]float64, 20)
	p := make([]float32, 20)
	for seed := range uint64(n) {
		sp := m.NewSampler(seed)
		sp.Temperature = 1.5
		sp.Prime([]int{7})
		if seed == 0 {
			sp.Distribution(p)
		}
		tok, err := sp.Next()
		if err != nil {
			t.Fatal(err)
		}
		counts[tok]++
	}
	for i, c := range counts {
		exp := float64(p[i]) * n
		if math.Abs(c-exp) > 5*math.Sqrt(exp+1) {
			t.Errorf("token %d drawn %v times, expected %.1f", i, c, exp)
		}
	}
}

func TestSamplerGreedy(t *testing.T) {
	m := sampleModel(t)
	sp := m.NewSampler(3)
	sp.TopK = 1
	st := m.NewStream()
	tok := 2
	sp.Prime([]int{tok})
	y, _ := st.StepToken(tok)
	for i := range 50 {
		best := 0
		for j, v := range y {
			if v > y[best] {
				best = j
			}
		}
		got, err := sp.Next()
		if err != nil {
			t.Fatal(err)
		}
		if got != best {
			t.Fatalf("step %d: top-1 sampled %d, argmax is %d", i, got, best)
		}
		y, _ = st.StepToken(got)
	}
}

func TestSamplerErrors(t *testing.T) {
	m := sampleModel(t)
	sp := m.NewSampler(1)
	sp.Temperature = 0
	if _, err := sp.Next(); err == nil {
		t.Error("temperature 0: no error")
	}
	sp.Temperature = 1
	if err := sp.Prime([]int{20}); err == nil {
		t.Error("Prime with token 20 of 20: no error")
	}
	if err := sp.Distribution(make([]float32, 3)); err == nil {
		t.Error("Distribution with a short slice: no error")
	}
	d, _ := rnn.New(rnn.Config{Input: 3, Hidden: 4, Layers: 1, Output: 5})
	if _, err := d.NewSampler(1).Next(); err == nil {
		t.Error("sampling a model with Input != Output: no error")
	}
	if _, err := d.NewStream().StepVector([]float32{1}); err == nil {
		t.Error("StepVector with a short input: no error")
	}
}

// TestStreamFeed checks that FeedToken then Output equals StepToken, that
// writing the hidden state updates Output, and that FeedToken allocates
// nothing.
func TestStreamFeed(t *testing.T) {
	m := sampleModel(t)
	a, b := m.NewStream(), m.NewStream()
	for i, tok := range []int{3, 1, 4, 1, 5, 9, 2, 6} {
		ya, _ := a.StepToken(tok)
		if err := b.FeedToken(tok); err != nil {
			t.Fatal(err)
		}
		if i%3 == 2 || i == 7 {
			yb := b.Output()
			for j := range ya {
				if ya[j] != yb[j] {
					t.Fatalf("step %d: Output after FeedToken %v != StepToken %v", i, yb[j], ya[j])
				}
			}
		}
	}
	h := hiddenOf(t, b, 1)
	copy(h, hiddenOf(t, a, 0)) // any other state
	want := m.NewStream()
	copy(hiddenOf(t, want, 0), hiddenOf(t, b, 0))
	copy(hiddenOf(t, want, 1), h)
	yw, yb := want.Output(), b.Output()
	for j := range yw {
		if yw[j] != yb[j] {
			t.Fatalf("Output after writing Hidden: %v, want %v", yb[j], yw[j])
		}
	}
	b.Reset()
	for j, v := range b.Output() {
		if v != m.By()[j] {
			t.Fatalf("Output after Reset: %v, want By %v", v, m.By()[j])
		}
	}
	if n := testing.AllocsPerRun(100, func() { b.FeedToken(2) }); n != 0 {
		t.Errorf("FeedToken allocates %v times", n)
	}
	if err := b.FeedToken(-1); err == nil {
		t.Error("FeedToken(-1): no error")
	}
	if err := b.FeedVector([]float32{1}); err == nil {
		t.Error("FeedVector with a short input: no error")
	}
}
