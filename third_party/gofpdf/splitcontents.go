package gofpdf

// selfeval patch: a page's content may be written as two streams. writer/pdf ends the
// first before it draws the page number, so an archive (合订本) can keep a report's page
// as it is and replace only the number, without decompressing and compressing the page.

// SplitContents ends the current page's first content stream here: what the page draws
// after it goes into a second stream (/Contents [first second]). Only the last call on a
// page counts.
func (f *Fpdf) SplitContents() {
	if f.page <= 0 {
		return
	}
	if f.contentSplits == nil {
		f.contentSplits = map[int]int{}
	}
	f.contentSplits[f.page] = f.pages[f.page].Len()
}

// putContents writes page n's content streams (one, or two when split), starting at the
// next object number.
func (f *Fpdf) putContents(n int) {
	data := f.pages[n].Bytes()
	parts := [][]byte{data}
	if at, ok := f.contentSplits[n]; ok {
		parts = [][]byte{data[:at], data[at:]}
	}
	for _, part := range parts {
		f.newobj()
		if f.compress {
			z := sliceCompress(part)
			f.outf("<</Filter /FlateDecode /Length %d>>", len(z))
			f.putstream(z)
		} else {
			f.outf("<</Length %d>>", len(part))
			f.putstream(part)
		}
		f.out("endobj")
	}
}

// pageObject is the object number of page p: upstream's 1+2p (a page object and one
// content stream each, from object 3) plus one for each split page before p.
func (f *Fpdf) pageObject(p int) int {
	n := 1 + 2*p
	for q := range f.contentSplits {
		if q < p {
			n++
		}
	}
	return n
}
