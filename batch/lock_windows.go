//go:build windows

package batch

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
)

// lockName is the lock file inside the output folder; it exists only while a run holds it.
const lockName = ".selfeval.lock"

// errorSharingViolation is ERROR_SHARING_VIOLATION, which package syscall does not name.
const errorSharingViolation syscall.Errno = 32

// Flags of CreateFile that package syscall does not name.
const (
	accessDelete          = 0x00010000 // DELETE, needed for fileFlagDeleteOnClose
	fileFlagDeleteOnClose = 0x04000000
)

// lockFile holds the lock file open without sharing: a second run cannot open it, and
// Windows closes it, and deletes it, when the handle closes or the process dies.
type lockFile struct{ h syscall.Handle }

func acquireLock(dir string) (*lockFile, error) {
	p, err := syscall.UTF16PtrFromString(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE|accessDelete, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL|fileFlagDeleteOnClose, 0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, fmt.Errorf("%w：%s", ErrOutLocked, dir)
		}
		return nil, fmt.Errorf("无法锁定输出目录：%w", err)
	}
	return &lockFile{h: h}, nil
}

func (l *lockFile) release() {
	if l != nil && l.h != 0 {
		syscall.CloseHandle(l.h)
		l.h = 0
	}
}
