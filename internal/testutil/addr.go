package testutil

import "unsafe"

func addr(s []float32, i int) unsafe.Pointer { return unsafe.Pointer(&s[i]) }
