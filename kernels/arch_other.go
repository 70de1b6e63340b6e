//go:build purego || noasm || !(amd64 || arm64)

package kernels

// archTiers returns no assembly tiers: only generic exists in this build.
func archTiers() []tier { return nil }
