package testutil

import "unsafe"

func addr[T Elem](s []T, i int) unsafe.Pointer { return unsafe.Pointer(&s[i]) }
