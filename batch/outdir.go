package batch

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempMarker is part of every temporary output name, so that a later run can sweep the
// leftovers of a killed one.
const tempMarker = ".selfeval-tmp-"

// outDir is the output folder. Every write goes through an os.Root, so no name (however
// crafted) can escape it, and through a temporary file that is synced and renamed, so a
// killed run leaves either the old file or the new one, never half of one.
type outDir struct {
	root *os.Root
	lock *lockFile
	// syncTogether: writeFiles syncs a department's files with one flush (folderSync)
	// rather than each on its own (canSyncFolder).
	syncTogether bool
}

// openOutDir creates dir if needed, takes its lock and removes temporary files a killed
// run left behind.
func openOutDir(dir string) (*outDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建输出目录 %s：%s", dir, describeFSError(err))
	}
	lock, err := acquireLock(dir)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("无法打开输出目录 %s：%s", dir, describeFSError(err))
	}
	o := &outDir{root: root, lock: lock, syncTogether: canSyncFolder(root)}
	if err := o.sweep(); err != nil {
		o.close()
		return nil, err
	}
	return o, nil
}

// sweep removes temporary files left by an interrupted run.
func (o *outDir) sweep() error {
	entries, err := fs.ReadDir(o.root.FS(), ".")
	if err != nil {
		return fmt.Errorf("读取输出目录：%w", err)
	}
	for _, e := range entries {
		if !e.IsDir() && strings.Contains(e.Name(), tempMarker) {
			if err := o.root.Remove(e.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("清理临时文件 %s：%w", e.Name(), err)
			}
		}
	}
	return nil
}

// writeFile writes name atomically inside the output folder.
func (o *outDir) writeFile(name string, data []byte) error {
	return writeAtomic(o.root, name, data)
}

// writeFiles writes a department's files atomically, as writeFile does each, but makes
// them durable together: each is written under a temporary name, then all are synced
// (where the folder allows, with one flush of its file system: folderSync), then each is
// renamed. Syncing file by file, a department's four fsyncs were a sixth of a batch's
// time on two cores. errs[i] is data[i]'s error.
func (o *outDir) writeFiles(names []string, data [][]byte) (errs []error) {
	errs = make([]error, len(names))
	var folder folderSync
	together := o.syncTogether
	if together {
		var err error
		if folder, err = openFolderSync(o.root); err != nil {
			together = false
		}
	}
	tmps := make([]string, len(names))
	for i, name := range names {
		tmps[i], errs[i] = writeTemp(o.root, name, func(w io.Writer) error {
			_, err := w.Write(data[i])
			return err
		}, !together)
	}
	if together {
		if err := folder.sync(); err != nil {
			for i := range errs {
				errs[i] = cmp.Or(errs[i], fmt.Errorf("写入 %s：%s", names[i], describeFSError(err)))
			}
		}
	}
	for i, name := range names {
		if errs[i] == nil {
			errs[i] = rename(o.root, tmps[i], name)
		} else if tmps[i] != "" {
			o.root.Remove(tmps[i])
		}
	}
	return errs
}

// WriteFile writes the file at path atomically (temp file in the same folder, fsync,
// rename), for single-file commands such as `selfeval template`.
func WriteFile(path string, data []byte) error {
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("无法写入 %s：%s", path, describeFSError(err))
	}
	defer root.Close()
	return writeAtomic(root, filepath.Base(path), data)
}

// writeAtomic writes name inside root: temp file, fsync, rename. A killed writer leaves
// the old file or the new one, never half of one, and at worst a temp file the next run sweeps.
func writeAtomic(root *os.Root, name string, data []byte) error {
	return writeAtomicStream(root, name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomicStream is writeAtomic for a file written by a function (the 合订本, streamed):
// the temp file is removed when the function fails.
func writeAtomicStream(root *os.Root, name string, write func(w io.Writer) error) error {
	tmp, err := writeTemp(root, name, write, true)
	if err != nil {
		return err
	}
	return rename(root, tmp, name)
}

// writeTemp writes a file to be renamed to name: under a temporary name in root, synced
// to disk if sync, closed. It returns the temporary name, or an error and removes the file.
func writeTemp(root *os.Root, name string, write func(w io.Writer) error, sync bool) (_ string, err error) {
	if strings.ContainsAny(name, `/\`) || name == "" || name == "." || name == ".." {
		return "", fmt.Errorf("非法的输出文件名 %q", name)
	}
	var suffix [6]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		return "", err
	}
	temp := "." + name + tempMarker + hex.EncodeToString(suffix[:])
	f, err := root.OpenFile(temp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", fmt.Errorf("写入 %s：%s", name, describeFSError(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			root.Remove(temp)
		}
	}()
	if err = write(f); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("写入 %s：%s", name, describeFSError(err))
		}
		return "", fmt.Errorf("写入 %s：%w", name, err) // the writer's own error, e.g. why the 合订本 cannot be made
	}
	if sync {
		if err = f.Sync(); err != nil {
			return "", fmt.Errorf("写入 %s：%s", name, describeFSError(err))
		}
	}
	if err = f.Close(); err != nil {
		return "", fmt.Errorf("写入 %s：%s", name, describeFSError(err))
	}
	return temp, nil
}

// rename gives a written temporary file its name; on failure the temporary file is removed.
func rename(root *os.Root, tmp, name string) error {
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return fmt.Errorf("写入 %s：%s", name, describeFSError(err))
	}
	return nil
}

// sha256 returns the hex SHA-256 of the file name in the folder.
func (o *outDir) sha256(name string) (string, error) {
	f, err := o.root.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return hashReader(f)
}

// remove deletes name from the folder; a missing file is no error.
func (o *outDir) remove(name string) error {
	if err := o.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("删除 %s：%s", name, describeFSError(err))
	}
	return nil
}

func (o *outDir) close() error {
	if o.root == nil {
		return nil
	}
	err := o.root.Close()
	o.root = nil
	o.lock.release()
	return err
}
