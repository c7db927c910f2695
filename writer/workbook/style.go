package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Style is a cell style as a comparable value (a struct of the writing package's own
// fields), so that each distinct style is created in the workbook once.
type Style interface {
	comparable
	// Excelize is the style as excelize creates it.
	Excelize() *excelize.Style
}

// styles creates styles on demand and reuses identical ones.
type styles[S Style] struct {
	f   *excelize.File
	ids map[S]int
}

// id returns the style id of s, creating it in f the first time.
func (st *styles[S]) id(s S) (int, error) {
	if id, ok := st.ids[s]; ok {
		return id, nil
	}
	id, err := st.f.NewStyle(s.Excelize())
	if err != nil {
		return 0, fmt.Errorf("new style: %w", err)
	}
	st.ids[s] = id
	return id, nil
}
