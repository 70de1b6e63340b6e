package testutil

import "unsafe"

func addr16[T ~uint16](s []T, i int) unsafe.Pointer { return unsafe.Pointer(&s[i]) }
