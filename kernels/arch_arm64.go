//go:build arm64 && !purego && !noasm

package kernels

// archTiers returns the arm64 assembly tiers, worst first. The neon tier is
// registered once its kernels exist; until then arm64 runs generic.
func archTiers() []tier { return nil }
