module github.com/jung-kurt/gofpdf

go 1.12

// selfeval patch: util.go compresses with klauspost/compress.
require github.com/klauspost/compress v1.20.4
