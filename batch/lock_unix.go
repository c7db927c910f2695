//go:build unix

package batch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the lock file inside the output folder; it exists only while a run holds it.
const lockName = ".selfeval.lock"

// lockFile is an advisory lock on the output folder. The kernel drops it when the process
// dies, so a kill -9 never leaves a folder locked (only, at worst, the empty file).
type lockFile struct {
	f    *os.File
	path string
}

func acquireLock(dir string) (*lockFile, error) {
	path := filepath.Join(dir, lockName)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("无法创建锁文件：%s", describeFSError(err))
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, fmt.Errorf("%w：%s", ErrOutLocked, dir)
			}
			return nil, fmt.Errorf("无法锁定输出目录：%s", describeFSError(err))
		}
		// The holder before us removes the file as it lets go; if we locked a file that is
		// no longer at path, another run may lock the new one: start again.
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return &lockFile{f: f, path: path}, nil
		}
		f.Close()
	}
}

// release removes the lock file, then lets go of the lock.
func (l *lockFile) release() {
	if l != nil && l.f != nil {
		os.Remove(l.path)
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
}
