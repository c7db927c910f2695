package batch

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ExpandInputs turns the command line's INPUT arguments into the list of workbooks to
// process: a file is taken as given (so a wrongly named one fails with a clear message);
// a folder is searched recursively for .xlsx files, skipping hidden entries, Excel's
// "~$" lock files and anything under skipDir (the output folder: a rerun must not read
// its own 汇总.xlsx). Order is deterministic: arguments in order, folder contents sorted.
func ExpandInputs(args []string, skipDir string) ([]string, error) {
	skipAbs := ""
	if skipDir != "" {
		if abs, err := filepath.Abs(skipDir); err == nil {
			skipAbs = abs
		}
	}
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		key := filepath.Clean(p)
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("找不到输入 %s", arg)
		}
		if !info.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != arg && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if abs, err := filepath.Abs(p); err == nil && skipAbs != "" && abs == skipAbs {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, "~$") || !strings.EqualFold(filepath.Ext(name), ".xlsx") {
				return nil
			}
			found = append(found, p)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("读取文件夹 %s：%w", arg, err)
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return out, nil
}
