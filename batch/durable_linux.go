package batch

import (
	"os"

	"golang.org/x/sys/unix"
)

// canSyncFolder reports whether syncFolder makes the files written to root durable: on
// the local file systems Linux desktops keep and receive files on, where syncfs writes
// back every file and flushes the disk once. Elsewhere (FUSE, network shares, anything
// not listed) syncfs may not reach the storage behind the file system, and each file is
// synced on its own.
func canSyncFolder(root *os.Root) bool {
	d, err := root.Open(".")
	if err != nil {
		return false
	}
	defer d.Close()
	var st unix.Statfs_t
	if err := unix.Fstatfs(int(d.Fd()), &st); err != nil {
		return false
	}
	switch uint32(st.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.F2FS_SUPER_MAGIC,
		unix.MSDOS_SUPER_MAGIC, unix.EXFAT_SUPER_MAGIC, unix.TMPFS_MAGIC, unix.OVERLAYFS_SUPER_MAGIC:
		return true
	}
	return false
}

// syncFolder writes every file of root's file system to disk and waits for it. Since
// Linux 5.8 it also reports the errors of writing back any of them.
func syncFolder(root *os.Root) error {
	d, err := root.Open(".")
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
