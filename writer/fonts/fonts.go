// Package fonts finds the CJK fonts a report is typeset in (SPEC §9) and prepares them for
// gofpdf: a face is read out of a TrueType collection (.ttc) into a standalone TrueType
// font, its Unicode coverage is read from the same cmap subtable gofpdf uses, and every
// font file is read and prepared once per process.
package fonts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"selfeval/writer/fonts/subset"
)

// Role is what a font is used for in the report.
type Role int

// Roles, in the order a Set lists them.
const (
	Title    Role = iota // the report title: 小标宋/宋体 style
	Heading1             // 一、 headings: 黑体 style
	Heading2             // （一） headings: 楷体 style
	Body                 // body text: 仿宋/宋体 style
	Table                // table text: 宋体/仿宋 style
	numRoles
)

// Roles lists every role.
var Roles = []Role{Title, Heading1, Heading2, Body, Table}

// String returns the role's Chinese name, as users see it in messages.
func (r Role) String() string {
	switch r {
	case Title:
		return "标题"
	case Heading1:
		return "一级标题（黑体）"
	case Heading2:
		return "二级标题（楷体）"
	case Body:
		return "正文（仿宋/宋体）"
	case Table:
		return "表格"
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// Face is one prepared font face. A Face is immutable and safe for concurrent use.
type Face struct {
	Path  string // the file it came from
	Index int    // face index within a .ttc; 0 for a .ttf
	Name  string // PostScript name, e.g. "AR-PL-SungtiL-GB"

	data      []byte         // standalone TrueType font
	shareable bool           // gofpdf never writes into data
	glyphs    *[65536]uint16 // BMP code point → glyph ID; 0 = none

	subsetOnce sync.Once    // parses data for subsetting on first use (ForDocument)
	subsetter  *subset.Font // nil until then, or when parsing failed
	subsetErr  error
}

// Has reports whether the face has a glyph for r that gofpdf can draw.
// Characters outside the Basic Multilingual Plane never are.
func (f *Face) Has(r rune) bool {
	if r < 0 || r >= 0xFFFF {
		return false
	}
	return f.glyphs[r] != 0
}

// TrueType returns the face as a standalone TrueType font for gofpdf's
// AddUTF8FontFromBytes. gofpdf keeps the slice and, while subsetting, appends to
// sub-slices of pass-through tables whose length is not a multiple of 4 — a write into
// the buffer. Prepared faces pad those tables so the shared buffer is never written; a
// face where that is not possible (unaligned fpgm/prep) gets a fresh copy per call.
// Either way the caller must not modify the result.
func (f *Face) TrueType() []byte {
	if f.shareable {
		return f.data
	}
	return append([]byte(nil), f.data...)
}

// Size is the size in bytes of the prepared font.
func (f *Face) Size() int { return len(f.data) }

// Set is the face chosen for each role. It is immutable and safe to share across goroutines.
type Set struct {
	faces [numRoles]*Face
}

// Face returns the face for role r.
func (s *Set) Face(r Role) *Face { return s.faces[r] }

// Faces returns the distinct faces of the set, in role order.
func (s *Set) Faces() []*Face {
	var out []*Face
	for _, f := range s.faces {
		dup := false
		for _, o := range out {
			dup = dup || o == f
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// NewSet builds a Set from explicit faces; a role without a face gets the Body face,
// or failing that any face given.
func NewSet(faces map[Role]*Face) (*Set, error) {
	s := &Set{}
	var any *Face
	for _, r := range Roles {
		if f := faces[r]; f != nil {
			s.faces[r] = f
			if any == nil {
				any = f
			}
		}
	}
	if any == nil {
		return nil, ErrNoFont
	}
	for _, r := range Roles {
		if s.faces[r] == nil {
			if faces[Body] != nil {
				s.faces[r] = faces[Body]
			} else {
				s.faces[r] = any
			}
		}
	}
	return s, nil
}

// ErrNoFont is returned (wrapped in a message naming what to install) when no CJK font is found.
var ErrNoFont = errors.New("未找到可用的中文字体")

// FontError is a font file that cannot be used, e.g. a CFF-outline OpenType font.
type FontError struct {
	Path string
	Err  error
}

func (e *FontError) Error() string {
	switch {
	case errors.Is(e.Err, errCFF):
		return fmt.Sprintf("字体文件 %s 是 CFF 轮廓的 OpenType 字体，PDF 生成只能嵌入 TrueType（glyf 轮廓）字体（.ttf 或 .ttc），请换用 TrueType 版本", e.Path)
	case errors.Is(e.Err, errNotSFNT):
		return fmt.Sprintf("文件 %s 不是 TrueType 字体（.ttf/.ttc）", e.Path)
	}
	return fmt.Sprintf("字体文件 %s 无法使用：%v", e.Path, e.Err)
}

func (e *FontError) Unwrap() error { return e.Err }

type cacheEntry struct {
	once sync.Once
	face *Face
	err  error
}

var cache sync.Map // "path#index" → *cacheEntry

// Load reads face index of the font file at path, once per process: later calls with the
// same path and index return the same *Face.
func Load(path string, index int) (*Face, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	key := fmt.Sprintf("%s#%d", abs, index)
	v, _ := cache.LoadOrStore(key, &cacheEntry{})
	e := v.(*cacheEntry)
	e.once.Do(func() { e.face, e.err = load(abs, index) })
	return e.face, e.err
}

func load(path string, index int) (*Face, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out, shareable, err := standalone(data, index)
	if err != nil {
		return nil, &FontError{Path: path, Err: err}
	}
	tables, err := faceTables(out, 0)
	if err != nil {
		return nil, &FontError{Path: path, Err: err}
	}
	name := postScriptName(table(out, tables, "name"))
	if name == "" {
		name = fmt.Sprintf("CJKFont%d", index)
	}
	f, err := newFace(path, index, name, out, shareable)
	if err != nil {
		return nil, &FontError{Path: path, Err: err}
	}
	return f, nil
}

// newFace reads the glyph map of a prepared font.
func newFace(path string, index int, name string, data []byte, shareable bool) (*Face, error) {
	tables, err := faceTables(data, 0)
	if err != nil {
		return nil, err
	}
	var cmap tableRecord
	for _, t := range tables {
		if t.tag == "cmap" {
			cmap = t
		}
	}
	glyphs, err := bmpCoverage(data[cmap.offset : cmap.offset+cmap.length])
	if err != nil {
		return nil, err
	}
	return &Face{Path: path, Index: index, Name: name, data: data, shareable: shareable, glyphs: glyphs}, nil
}

// cjkProbe are characters a Chinese report font must have.
const cjkProbe = "中国预算执行率，。"

// isCJK reports whether a face covers common Chinese text.
func (f *Face) isCJK() bool {
	for _, r := range cjkProbe {
		if !f.Has(r) {
			return false
		}
	}
	return true
}
