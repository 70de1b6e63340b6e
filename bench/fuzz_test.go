package bench

import (
	"io"
	"os"
	"strings"
	"testing"
)

// FuzzResultFile feeds arbitrary result files (user data: simdbench compare
// and show read any file) through everything that reads them: parsing,
// tables, the comparison and the chart. Each must return an error or output,
// never panic, and a parsed file must survive a write and re-parse.
//
//	go test -run '^$' -fuzz FuzzResultFile -fuzzminimizetime 0 ./bench
//
// (without -fuzzminimizetime 0 the fuzzer spends minutes minimizing inputs
// grown from the large seed files, executing nothing new meanwhile; with it,
// 45 s ran 166k inputs without a failure).
func FuzzResultFile(f *testing.F) {
	for _, p := range []string{epycFile, arm64File, gotest, "testdata/compare.txt"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("BenchmarkMatVec/impl=avx2/n=-3 1 NaN ns/op -1 GFLOP/s\n")
	f.Add("BenchmarkLimitRead/level=L1/bytes=0 1 0 ns/op Inf GB/s\nBenchmarkX/n=99999999999999999999 1 1 ns/op\n")
	f.Add("cpu: x\n# note: y\nBenchmarkTanh/impl=generic/n=0 1 0 ns/op 0 %roof\n")
	f.Fuzz(func(t *testing.T, text string) {
		file, err := Parse(strings.NewReader(text))
		if err != nil {
			if len(err.Error()) > 300 {
				t.Fatalf("a %d-byte error: %.300s", len(err.Error()), err)
			}
			return
		}
		file.Label = "fuzz"
		WriteHeader(io.Discard, file)
		_ = WriteTable(io.Discard, Summarize(file, nil))
		files := []*File{file, file}
		_ = WriteCompare(io.Discard, files, nil)
		_ = WriteSVG(io.Discard, files, nil, "fuzz")
		var b strings.Builder
		if err := file.Write(&b); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-parsing the written file: %v\n%s", err, b.String())
		}
		if len(again.Results) != len(file.Results) {
			t.Fatalf("%d results written, %d read back", len(file.Results), len(again.Results))
		}
	})
}
