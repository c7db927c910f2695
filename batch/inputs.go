package batch

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Spreadsheet formats a folder scan looks for (SPEC §8): every file a user would think of
// as a spreadsheet is processed or reported with its reason, never silently left out.
var (
	// readableExts are Office Open XML workbooks: the reader reads them.
	readableExts = []string{".xlsx", ".xlsm", ".xltx"}
	// unreadable are spreadsheet formats the reader cannot read, with what to do instead.
	unreadable = map[string]string{
		".xls":  "是旧版 Excel 97-2003 工作簿（.xls），无法读取：请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx）后重新提交",
		".et":   "是 WPS 表格专用格式（.et），无法读取：请在 WPS 中打开，“另存为” Excel 工作簿（.xlsx）后重新提交",
		".xlsb": "是 Excel 二进制工作簿（.xlsb），无法读取：请在 Excel 中打开，“另存为” Excel 工作簿（.xlsx）后重新提交",
		".ods":  "是 OpenDocument 表格（.ods），无法读取：请在 LibreOffice 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx）后重新提交",
		".csv":  "是 CSV 文本文件，只能保存一张表，装不下填报工作簿的各张表：请用 selfeval template 生成的 .xlsx 填报工作簿填写后提交",
	}
)

// unsupported returns why path cannot be read as a submission, judging by its extension,
// or nil when the reader should try it. The message starts with the file name.
func unsupported(path string) error {
	if why, ok := unreadable[strings.ToLower(filepath.Ext(path))]; ok {
		return fmt.Errorf("%s %s", filepath.Base(path), why)
	}
	return nil
}

// isSpreadsheet reports whether a folder scan takes the file name.
func isSpreadsheet(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	_, known := unreadable[ext]
	return known || containsFold(readableExts, ext)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// ExpandInputs turns the command line's INPUT arguments into the list of inputs: a file
// is taken as given (so a wrongly named one fails with a clear message); a folder is
// searched recursively for every spreadsheet-like file (.xlsx .xlsm .xltx, and .xls .xlsb
// .et .ods .csv, which then fail with what to do), skipping hidden entries, Excel's "~$"
// lock files, skipDir and every folder selfeval wrote (an earlier run's --out, known by its
// manifest or journal): a run never reads its own outputs back as submissions. Order is
// deterministic: arguments in order, folder contents sorted.
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
		if IsOutputDir(arg) {
			return nil, fmt.Errorf("%s 是 selfeval 写出的输出文件夹（有它的 %s），其中的文件不是填报，不作为输入读取；请指定填报所在的文件夹", arg, ManifestName)
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
				if IsOutputDir(p) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, "~$") || !isSpreadsheet(name) {
				return nil
			}
			found = append(found, p)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("读取文件夹 %s：%s", arg, describeFSError(err))
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	return out, nil
}

// IsOutputDir reports whether dir is a folder selfeval wrote: it holds a manifest.json
// that selfeval wrote, or the journal of a run that was interrupted before its manifest.
func IsOutputDir(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, journalName)); err == nil {
		return true
	}
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return false
	}
	var m struct {
		Generator string            `json:"generator"`
		Inputs    []json.RawMessage `json:"inputs"`
		OK        *int              `json:"ok"`
		Failed    *int              `json:"failed"`
	}
	if json.Unmarshal(data, &m) != nil {
		return false
	}
	// Manifests before the generator field had inputs, ok and failed.
	return m.Generator == generator || (m.Inputs != nil && m.OK != nil && m.Failed != nil)
}
