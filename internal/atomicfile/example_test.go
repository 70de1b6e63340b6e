package atomicfile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
)

func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "atomicfile")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "state.json")
	if err := atomicfile.WriteFile(path, []byte(`{"iter": 100}`), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(path)
	fmt.Println(string(b))
	// Output: {"iter": 100}
}
