package rnn_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/simdrnn/simdrnn/rnn"
)

// A character model saved as a safetensors checkpoint that PyTorch can
// load_state_dict, and loaded back.
func ExampleCheckpoint() {
	vocab, err := rnn.VocabOf("hello, world\n")
	if err != nil {
		log.Fatal(err)
	}
	m, err := rnn.New(rnn.Config{Input: vocab.Len(), Hidden: 16, Layers: 2, Output: vocab.Len()})
	if err != nil {
		log.Fatal(err)
	}
	m.Randomize(1, 0.01)
	dir, err := os.MkdirTemp("", "ckpt")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.safetensors")
	if err := (&rnn.Checkpoint{Model: m, Vocab: vocab}).Save(path); err != nil {
		log.Fatal(err)
	}

	c, err := rnn.LoadCheckpoint(path)
	if err != nil {
		log.Fatal(err)
	}
	toks, err := c.Vocab.Encode("hello")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n%q %v\n", c.Model.Config(), c.Vocab, toks)
	_, err = c.Vocab.Encode("hello!")
	fmt.Println(err)
	// Output:
	// {Input:10 Hidden:16 Layers:2 Output:10 Cell:rnn}
	// "\n ,dehlorw" [5 4 6 6 7]
	// 1:6: character '!' (U+0021) is not in the model's vocabulary (character 5, byte 5)
}
