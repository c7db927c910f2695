//go:build !unix

package pdf

func processCPU() int64 { return 0 }
