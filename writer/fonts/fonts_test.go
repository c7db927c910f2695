package fonts

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

const (
	song = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
	kai  = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
	hei  = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
)

func need(t testing.TB, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("font %s not installed", p)
		}
	}
}

func TestLoadTTC(t *testing.T) {
	need(t, hei)
	f, err := Load(hei, 0)
	if err != nil {
		t.Fatal(err)
	}
	data := f.TrueType()
	if binary.BigEndian.Uint32(data) != tagTrueType {
		t.Fatalf("prepared font starts with %x", data[:4])
	}
	// Every table checksum and the whole-font checksum must be right.
	tables, err := faceTables(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, tb := range tables {
		want := binary.BigEndian.Uint32(data[12+16*i+4:])
		b := data[tb.offset : tb.offset+tb.length]
		if tb.tag == "head" {
			b = append([]byte(nil), b...)
			binary.BigEndian.PutUint32(b[8:], 0)
		}
		if got := checksum(b); got != want {
			t.Errorf("table %q checksum = %x, want %x", tb.tag, got, want)
		}
		if tb.offset%4 != 0 {
			t.Errorf("table %q at unaligned offset %d", tb.tag, tb.offset)
		}
	}
	if got := checksum(data); got != 0xB1B0AFBA {
		t.Errorf("font checksum = %x, want b1b0afba", got)
	}
	for _, r := range "黑体标题一、部门（单位）基本情况" {
		if !f.Has(r) {
			t.Errorf("wqy-zenhei lacks %q", r)
		}
	}
	if f.Has(0x20000) {
		t.Errorf("Has(U+20000) = true")
	}
	if f.Name == "" {
		t.Errorf("no PostScript name")
	}
	if g, _ := Load(hei, 0); g != f {
		t.Errorf("Load twice gave two faces")
	}
}

func TestPassThroughAligned(t *testing.T) {
	need(t, song, kai, hei)
	for _, p := range []string{song, kai, hei} {
		f, err := Load(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !f.shareable {
			t.Errorf("%s: not shareable", p)
		}
		tables, _ := faceTables(f.data, 0)
		for _, tb := range tables {
			if isPassThrough(tb.tag) && tb.length%4 != 0 {
				t.Errorf("%s: table %q length %d not a multiple of 4", p, tb.tag, tb.length)
			}
		}
	}
}

func TestConcurrentLoad(t *testing.T) {
	need(t, song)
	var wg sync.WaitGroup
	got := make([]*Face, 8)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = Load(song, 0) }()
	}
	wg.Wait()
	for _, f := range got {
		if f == nil || f != got[0] {
			t.Fatalf("concurrent Load gave different faces")
		}
	}
}

func TestFindSystem(t *testing.T) {
	need(t, song, kai, hei)
	s, err := Find(Options{SystemDirs: []string{"/usr/share/fonts"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Role]string{Title: song, Heading1: hei, Heading2: kai, Body: song, Table: song}
	for r, p := range want {
		if got := s.Face(r).Path; got != p {
			t.Errorf("Face(%v) = %s, want %s", r, got, p)
		}
	}
}

func TestFindExplicitFirst(t *testing.T) {
	need(t, song, kai)
	dir := t.TempDir()
	link := filepath.Join(dir, "myfont.ttf")
	if err := os.Symlink(kai, link); err != nil {
		t.Skip(err)
	}
	s, err := Find(Options{Paths: []string{link}, SystemDirs: []string{"/usr/share/fonts"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Roles {
		if got := s.Face(r).Path; got != link {
			t.Errorf("Face(%v) = %s, want the --font file %s", r, got, link)
		}
	}
}

func TestFindNone(t *testing.T) {
	_, err := Find(Options{SystemDirs: []string{t.TempDir()}})
	if !errors.Is(err, ErrNoFont) {
		t.Fatalf("Find() error = %v, want ErrNoFont", err)
	}
	if !bytes.Contains([]byte(err.Error()), []byte("apt-get install fonts-arphic-gbsn00lp")) {
		t.Errorf("error %q does not say what to install", err)
	}
}

func TestRejectCFF(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.otf")
	data := make([]byte, 64)
	binary.BigEndian.PutUint32(data, tagOTTO)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Find(Options{Paths: []string{p}, SystemDirs: []string{}})
	var fe *FontError
	if !errors.As(err, &fe) || !errors.Is(err, errCFF) {
		t.Fatalf("Find(CFF) error = %v, want a FontError for CFF", err)
	}
}

func TestForDocument(t *testing.T) {
	need(t, song, hei)
	for _, p := range []string{song, hei} {
		f, err := Load(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			text string
		}{
			{"common", "部门整体支出绩效自评报告 16,535.40 99.19%（一）"},
			{"rare", "智慧渔邨运行管理系统"}, // 邨 is outside GB 2312
		}
		for _, tt := range tests {
			t.Run(filepath.Base(p)+"/"+tt.name, func(t *testing.T) {
				used := map[rune]bool{}
				for _, r := range tt.text {
					used[r] = true
				}
				var wg sync.WaitGroup
				for i := 0; i < 4; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						data, _, err := f.ForDocument(used)
						if err != nil {
							t.Error(err)
							return
						}
						if cap(data) != len(data) {
							t.Errorf("ForDocument() has spare capacity gofpdf could append into")
						}
						tables, err := faceTables(data, 0)
						if err != nil {
							t.Error(err)
							return
						}
						glyphs, err := bmpCoverage(table(data, tables, "cmap"))
						if err != nil {
							t.Error(err)
							return
						}
						n := 0
						for r := rune(0); r < 0xFFFF; r++ {
							if glyphs[r] != 0 {
								n++
								if !used[r] {
									t.Errorf("cmap maps %q, which was not used", r)
								}
							}
						}
						for r := range used {
							if f.Has(r) && glyphs[r] == 0 {
								t.Errorf("cmap lacks used %q", r)
							}
						}
					}()
				}
				wg.Wait()
			})
		}
	}
}

// TestGofpdfDoesNotWrite: gofpdf's subsetter (used for the reduced fonts) must leave the
// shared prepared bytes untouched.
func TestGofpdfDoesNotWrite(t *testing.T) {
	need(t, hei)
	f, err := Load(hei, 0)
	if err != nil {
		t.Fatal(err)
	}
	before := sha256.Sum256(f.data)
	data, _, err := f.ForDocument(map[rune]bool{'黑': true, '体': true})
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 {
		t.Fatal("ForDocument() returned nothing")
	}
	if after := sha256.Sum256(f.data); after != before {
		t.Errorf("the shared font bytes changed")
	}
}

func TestFindTemplatesDirBeforeSystem(t *testing.T) {
	need(t, song, kai)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A 宋体 file name that the system search would take from gbsn00lp.
	link := filepath.Join(dir, "fonts", "simsun.ttf")
	if err := os.Symlink(kai, link); err != nil {
		t.Skip(err)
	}
	s, err := Find(Options{TemplatesDir: dir, SystemDirs: []string{"/usr/share/fonts"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Face(Title).Path; got != link {
		t.Errorf("Face(Title) = %s, want the templates dir's %s", got, link)
	}
}
