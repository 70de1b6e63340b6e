package safetensors_test

import (
	"fmt"
	"log"

	"github.com/simdrnn/simdrnn/internal/safetensors"
)

func ExampleParse() {
	b, err := safetensors.Marshal([]safetensors.Tensor{
		safetensors.F32Tensor("fc.bias", []float32{0.5, -1}, 2),
	}, map[string]string{"format": "example"})
	if err != nil {
		log.Fatal(err)
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		log.Fatal(err)
	}
	v, _ := f.Tensor("fc.bias").Float32s()
	fmt.Println(f.Metadata["format"], v)

	b[8] = '[' // the header must be a JSON object
	_, err = safetensors.Parse(b)
	fmt.Println(err)
	// Output:
	// example [0.5 -1]
	// safetensors: header does not start with '{' (byte 0 is '[')
}
