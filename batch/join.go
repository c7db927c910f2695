package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// File is one batch output: a name in the output folder and its bytes, or a function that
// writes them (a file too large to hold in memory, 合订本).
type File struct {
	Name  string
	Data  []byte
	Write func(w io.Writer) error // when set, Data is not used
}

// writeFile writes f atomically inside the output folder.
func (o *outDir) writeBatchFile(f File) error {
	if f.Write == nil {
		return o.writeFile(f.Name, f.Data)
	}
	return writeAtomicStream(o.root, f.Name, f.Write)
}

// joinedManifest is the manifest.json of a folder `selfeval summary` wrote: the inputs of
// every joined folder, their outputs as paths relative to this folder, so that the folder
// can itself be joined or read as --prior, and the batch files written here.
type joinedManifest struct {
	Inputs  []collectedEntry `json:"inputs"`
	Summary string           `json:"summary"`
	Batch   []string         `json:"batch,omitempty"`
	Joined  []string         `json:"joined"`
	OK      int              `json:"ok"`
	Failed  int              `json:"failed"`
}

// WriteJoined writes the batch files of joined runs (`selfeval summary`) into dir with a
// manifest of its own. dir may not be one of the joined folders, and no file in it that
// selfeval did not write is overwritten: a file of the same name that dir's manifest does
// not list is an error, and nothing is written. A batch file that cannot be made is
// one of the notices returned, and the rest is written.
func WriteJoined(dir string, sources []*Collected, files []File) ([]string, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("--out %s 是一个文件，不是目录", dir)
	}
	for _, src := range sources {
		if sameDir(dir, src.Dir) {
			return nil, fmt.Errorf("输出目录 %s 不能是要合并的结果目录之一，请另选一个 --out 目录", dir)
		}
	}
	out, err := openOutDir(dir)
	if err != nil {
		return nil, err
	}
	defer out.close()
	ours, err := writtenBySelfeval(dir)
	if err != nil {
		return nil, err
	}
	names := []string{ManifestName}
	for _, f := range files {
		names = append(names, f.Name)
	}
	for _, name := range names {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil && !slices.Contains(ours, name) {
			return nil, fmt.Errorf("%s 中已有 %s，且不是 selfeval 写的；不覆盖，请换一个 --out 目录", dir, name)
		}
	}

	m := joinedManifest{Inputs: []collectedEntry{}, Joined: []string{}}
	for _, src := range sources {
		m.Joined = append(m.Joined, relativeTo(dir, src.Dir))
		for _, in := range src.entries {
			outs := make([]string, 0, len(in.Outputs))
			for _, o := range in.Outputs {
				outs = append(outs, relativeTo(dir, filepath.Join(src.Dir, o)))
			}
			in.Outputs = outs
			m.Inputs = append(m.Inputs, in)
			if in.Status == "ok" {
				m.OK++
			} else {
				m.Failed++
			}
		}
	}
	// A batch file that cannot be made is a notice, as in a run: the others and the
	// manifest, which lists what was written (so that the folder can be written again),
	// still are.
	var notices []string
	for i, f := range files {
		if err := out.writeBatchFile(f); err != nil {
			notices = append(notices, fmt.Sprintf("未能生成 %s：%v", f.Name, err))
			continue
		}
		if i == 0 {
			m.Summary = f.Name
		} else {
			m.Batch = append(m.Batch, f.Name)
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("生成%s：%w", ManifestName, err)
	}
	if err := out.writeFile(ManifestName, append(data, '\n')); err != nil {
		return nil, err
	}
	return notices, out.close()
}

// writtenBySelfeval lists the files of dir that its manifest says selfeval wrote: none when
// dir has no manifest; an error when its manifest.json is not selfeval's.
func writtenBySelfeval(dir string) ([]string, error) {
	c, err := readManifestFiles(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return c, err
}

// readManifestFiles is the list of files dir's manifest.json names.
func readManifestFiles(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m collectedManifest
	if err := json.Unmarshal(data, &m); err != nil || m.Inputs == nil {
		return nil, fmt.Errorf("%s 中已有 %s，且不是 selfeval 写的；不覆盖，请换一个 --out 目录", dir, ManifestName)
	}
	files := append([]string{ManifestName}, m.Batch...)
	if m.Summary != "" {
		files = append(files, m.Summary)
	}
	for _, in := range m.Inputs {
		files = append(files, in.Outputs...)
	}
	return files, nil
}

// sameDir reports whether a and b name the same folder.
func sameDir(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}

// relativeTo is path relative to dir where it can be, else path made absolute.
func relativeTo(dir, path string) string {
	ad, err1 := filepath.Abs(dir)
	ap, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(ad, ap); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}
