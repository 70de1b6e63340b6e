package main

import (
	"fmt"
	"io"

	"github.com/simdrnn/simdrnn/bench"
)

// chartTitle is the title of bench/results/chart.svg.
const chartTitle = "simdrnn kernels, one core per CPU"

// resultsIntro opens bench/results/README.md; the commands in it are the
// ones TestResultsCurrent runs.
const resultsIntro = "# Benchmark results\n\n" +
	"One file per machine, each a full `go run ./cmd/simdbench -o bench/results/<arch>/<cpu>.txt` run (the\n" +
	"machine's limits, then every kernel x implementation x size on one core) on an otherwise idle machine,\n" +
	"in Go's benchmark format, which `benchstat` reads too. This page and the chart are generated from those\n" +
	"files; do not edit them:\n\n" +
	"```sh\n" +
	"go run ./cmd/simdbench show -markdown bench/results/*/*.txt > bench/results/README.md\n" +
	"go run ./cmd/simdbench compare -title '" + chartTitle + "' -svg bench/results/chart.svg bench/results/*/*.txt\n" +
	"```\n\n" +
	"`go test ./cmd/simdbench` fails when either is out of date. How simdbench measures, what the\n" +
	"columns mean and how to add a machine: [docs/performance.md](../../docs/performance.md); arm64\n" +
	"machines: [arm64/README.md](arm64/README.md).\n\n" +
	"![GFLOP/s or ns per element against size, per kernel, machine and implementation](chart.svg)\n\n"

// writeResultsPage writes the Markdown page of bench/results/README.md for
// the result files.
func writeResultsPage(w io.Writer, files []*bench.File) error {
	if _, err := fmt.Fprint(w, resultsIntro); err != nil {
		return err
	}
	return bench.WriteMarkdown(w, files)
}
