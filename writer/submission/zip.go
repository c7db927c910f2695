package submission

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
)

// numericFormula matches a formula cell whose cached value is a number but which excelize
// typed as a string result (SetCellFormula always sets t="str"). Excel, WPS and
// LibreOffice would show such a value as text until they recalculate; without the type it
// is the number it is.
var numericFormula = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f><v>-?[0-9]+(?:\.[0-9]+)?(?:E[-+]?[0-9]+)?</v></c>)`)

// finishZip rewrites the package excelize wrote: numeric formula results become numbers,
// and every entry gets the same fixed header (no timestamps), so that the same workbook
// always has the same bytes.
func finishZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml") {
			content = numericFormula.ReplaceAll(content, []byte("$1$2"))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(content); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
