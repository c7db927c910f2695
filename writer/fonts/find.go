package fonts

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Options says where to look for fonts. The zero value searches the system's font
// directories only.
type Options struct {
	// Paths are font files or directories given with --font, searched first. A file whose
	// name is not a known font serves every role no known font of this list serves.
	Paths []string
	// TemplatesDir is the --templates directory; it and its fonts/ subdirectory are
	// searched after Paths.
	TemplatesDir string
	// SystemDirs replaces the operating system's font directories when non-nil
	// (an empty non-nil slice searches none).
	SystemDirs []string
}

// known are font file names (lower case; a trailing * matches any rest) per role, best first.
var known = map[Role][]string{
	Title:    {"fzxbsjw*", "方正小标宋*", "simsun.ttc", "simsun.ttf", "stsong.tt*", "songti.tt*", "gbsn00lp.ttf", "uming.ttc", "simfang.ttf"},
	Heading1: {"simhei.ttf", "fzhtk*", "方正黑体*", "stheiti*", "wqy-zenhei.ttc", "wqy-microhei.ttc", "droidsansfallbackfull.ttf", "droidsansfallback.ttf"},
	Heading2: {"simkai.ttf", "fzktk*", "方正楷体*", "stkaiti*", "kaiti*", "gkai00mp.ttf", "ukai.ttc", "lxgwwenkai-regular.ttf", "lxgwwenkai*"},
	Body:     {"simfang.ttf", "fzfsk*", "方正仿宋*", "stfangso*", "fangsong*", "gbsn00lp.ttf", "simsun.ttc", "simsun.ttf", "uming.ttc", "songti.tt*"},
	Table:    {"simsun.ttc", "simsun.ttf", "simfang.ttf", "gbsn00lp.ttf", "uming.ttc", "songti.tt*", "fangsong*"},
}

// InstallHint names what to install or pass when no CJK font is found.
const InstallHint = "请安装中文字体（Debian/Ubuntu/UOS/麒麟：apt-get install fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei），" +
	"或用 --font 指定 TrueType 字体文件或目录（如 Windows 的 simfang.ttf、simhei.ttf、simkai.ttf、simsun.ttc）"

// systemDirs returns the operating system's usual font directories.
func systemDirs() []string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		dirs := []string{filepath.Join(win, "Fonts")}
		if l := os.Getenv("LOCALAPPDATA"); l != "" {
			dirs = append(dirs, filepath.Join(l, "Microsoft", "Windows", "Fonts"))
		}
		return dirs
	case "darwin":
		return []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts")}
	}
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
	}
	return dirs
}

type tier struct {
	files    []string // font files, sorted
	explicit bool     // given by the user: errors are reported, unknown names serve any role
}

// Find chooses a face for every role: --font files first, then the templates directory,
// then the system's fonts; a role with no known font falls back to any CJK font found.
// With none at all it returns an error wrapping ErrNoFont whose message says what to install.
func Find(opt Options) (*Set, error) {
	var tiers []tier
	var explicit []string
	for _, p := range opt.Paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("字体 %s 不存在或无法读取：%w", p, err)
		}
		if st.IsDir() {
			explicit = append(explicit, fontFiles(p)...)
		} else {
			explicit = append(explicit, p)
		}
	}
	tiers = append(tiers, tier{files: explicit, explicit: true})
	if opt.TemplatesDir != "" {
		tiers = append(tiers, tier{files: fontFiles(opt.TemplatesDir)})
	}
	sys := opt.SystemDirs
	if sys == nil {
		sys = systemDirs()
	}
	var sysFiles []string
	for _, d := range sys {
		sysFiles = append(sysFiles, fontFiles(d)...)
	}
	tiers = append(tiers, tier{files: sysFiles})

	// A font file given explicitly that cannot be used is an error, not something to skip.
	for _, p := range opt.Paths {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			if _, err := Load(p, 0); err != nil {
				return nil, err
			}
		}
	}

	// The roles' faces are read at once: reading and preparing a CJK font takes tens of
	// milliseconds, before the first department can be rendered.
	picked := make([]*Face, len(Roles))
	errs := make([]error, len(Roles))
	var wg sync.WaitGroup
	for i, r := range Roles {
		wg.Go(func() { picked[i], errs[i] = pick(r, tiers) })
	}
	wg.Wait()
	chosen := map[Role]*Face{}
	for i, r := range Roles {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if picked[i] != nil {
			chosen[r] = picked[i]
		}
	}
	if len(chosen) == 0 {
		// No known name anywhere: any CJK TrueType font will do.
		for _, t := range tiers {
			for _, p := range t.files {
				if !probeCJK(p) {
					continue
				}
				if f, err := Load(p, 0); err == nil {
					chosen[Body] = f
					break
				}
			}
			if chosen[Body] != nil {
				break
			}
		}
	}
	if len(chosen) == 0 {
		return nil, fmt.Errorf("%w：%s", ErrNoFont, InstallHint)
	}
	return NewSet(chosen)
}

// pick returns the first face for role r: by known name tier by tier, an explicit file
// of unknown name serving any role, and nil when none.
func pick(r Role, tiers []tier) (*Face, error) {
	for _, t := range tiers {
		for _, pat := range known[r] {
			for _, p := range t.files {
				if !matchName(pat, p) {
					continue
				}
				f, err := Load(p, 0)
				if err != nil || !f.isCJK() {
					continue
				}
				return f, nil
			}
		}
		if t.explicit {
			for _, p := range t.files {
				if knownName(p) || !probeCJK(p) {
					continue
				}
				if f, err := Load(p, 0); err == nil {
					return f, nil
				}
			}
		}
	}
	return nil, nil
}

func matchName(pattern, path string) bool {
	base := strings.ToLower(filepath.Base(path))
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(base, prefix)
	}
	return base == pattern
}

func knownName(path string) bool {
	for _, pats := range known {
		for _, pat := range pats {
			if matchName(pat, path) {
				return true
			}
		}
	}
	return false
}

var probed sync.Map // path → bool

// probeCJK reports whether the first face of a font file is a TrueType font covering
// common Chinese text, without keeping the file in memory: a directory of fonts is
// searched without preparing every font in it.
func probeCJK(path string) bool {
	if v, ok := probed.Load(path); ok {
		return v.(bool)
	}
	ok := func() bool {
		data, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		tables, err := faceTables(data, 0)
		if err != nil || table(data, tables, "glyf") == nil {
			return false
		}
		glyphs, err := bmpCoverage(table(data, tables, "cmap"))
		if err != nil {
			return false
		}
		for _, r := range cjkProbe {
			if glyphs[r] == 0 {
				return false
			}
		}
		return true
	}()
	probed.Store(path, ok)
	return ok
}

// maxScan bounds how many files a directory walk collects.
const maxScan = 20000

// fontFiles lists the TrueType/OpenType files under dir, recursively, sorted.
func fontFiles(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		if len(out) >= maxScan {
			return fs.SkipAll
		}
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".ttf", ".ttc", ".otf", ".otc":
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}
