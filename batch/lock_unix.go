//go:build unix

package batch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the lock file inside the output folder.
const lockName = ".selfeval.lock"

// lockFile is an advisory lock on the output folder. The kernel drops it when the process
// dies, so a kill -9 never leaves a folder locked.
type lockFile struct{ f *os.File }

func acquireLock(dir string) (*lockFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("无法创建锁文件：%w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w：%s", ErrOutLocked, dir)
		}
		return nil, fmt.Errorf("无法锁定输出目录：%w", err)
	}
	return &lockFile{f: f}, nil
}

func (l *lockFile) release() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
	}
}
