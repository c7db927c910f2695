//go:build !linux

package batch

import (
	"errors"
	"os"
)

// canSyncFolder: only Linux can make a folder's files durable at once (syncfs); elsewhere
// each file is synced on its own.
func canSyncFolder(*os.Root) bool { return false }

func syncFolder(*os.Root) error { return errors.ErrUnsupported }
