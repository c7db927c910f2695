//go:build !linux

package batch

import (
	"errors"
	"os"
)

// canSyncFolder: only Linux can make a folder's files durable at once (syncfs); elsewhere
// each file is synced on its own.
func canSyncFolder(*os.Root) bool { return false }

type folderSync struct{}

func openFolderSync(*os.Root) (folderSync, error) { return folderSync{}, errors.ErrUnsupported }

func (folderSync) sync() error { return errors.ErrUnsupported }
