package avx512

import "testing"

// TestReduceOrder checks the simulated reduction trees: every accumulator
// ends fully summed in exactly one of the lanes a block stores.
func TestReduceOrder(t *testing.T) {
	for _, nr := range []int{4, 8, 16} {
		var g gen
		g.rowBlock(nr, "next") // panics on a wrong tree
		g.alignedBlock(nr, "next")
		g.shiftedBlock(nr, "next")
	}
}

// TestReducerCatchesMistakes checks that the simulation rejects a merge
// that adds lanes of two different accumulators.
func TestReducerCatchesMistakes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("adding two accumulators' lanes did not panic")
		}
	}()
	var g gen
	r := newReducer(&g, []string{"Z0", "Z1"})
	r.add("Z1", "Z0", "Z0")
}
