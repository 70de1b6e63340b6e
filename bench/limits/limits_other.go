//go:build purego || noasm || !(amd64 || arm64)

package limits

const (
	fmaAccs    = 1  // the Go loop keeps eight scalar accumulators
	fmaLanes   = 8  // so one "iteration" is eight multiply-adds
	readBlock  = 32 // float32 per stream per block of the read loop
	writeBlock = 64 // float32 per block of the write loop
)

func method() string { return "go" }

// setMethod does nothing: "go" is the only method here.
func setMethod(string) {}

// methods returns the only method here, "go".
func methods() []string { return []string{"go"} }

func fmaLoop(n int, a, b float32) float32 { return fmaGo(n, a, b) }

func readLoop(x, y []float32, passes int) float32 { return readGo(x, y, passes) }

func writeLoop(x []float32, v float32, passes int) { writeGo(x, v, passes) }
