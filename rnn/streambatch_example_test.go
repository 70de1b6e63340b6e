package rnn_test

import (
	"fmt"

	"github.com/simdrnn/simdrnn/rnn"
)

// Three users' streams served by one StreamBatch: each step advances the
// streams that have a new token, in one pass over the weights.
func ExampleStreamBatch() {
	m, _ := rnn.New(rnn.Config{Input: 10, Hidden: 32, Layers: 1, Output: 10, Cell: rnn.LSTM})
	m.Randomize(1, 0.1)
	sb, _ := m.NewStreamBatch(8)

	alice, _ := sb.Join()
	bob, _ := sb.Join()
	carol, _ := sb.Join()
	_ = sb.StepTokens([]int{alice, bob, carol}, []int{1, 2, 3})
	_ = sb.StepTokens([]int{carol, alice}, []int{4, 5}) // bob waits
	_ = sb.Leave(bob)                                   // bob's slot is free again

	// Alice's output equals that of a Stream fed the same tokens.
	st := m.NewStream()
	st.StepToken(1)
	want, _ := st.StepToken(5)
	got, _ := sb.Output(alice)
	fmt.Println(sb.Len(), len(got), got[0] == want[0])
	// Output: 2 10 true
}
