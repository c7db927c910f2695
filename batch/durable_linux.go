package batch

import (
	"os"

	"golang.org/x/sys/unix"
)

// canSyncFolder reports whether one syncfs(2) of root's file system makes the files
// written to root durable and reports any failure to write them: since Linux 5.8 (before,
// syncfs ignored write-back errors, and Kylin V10, UOS and RHEL 8 run 4.x kernels), on the
// local file systems whose sync flushes the disk's cache (ext2–4, xfs, btrfs, f2fs, tmpfs,
// and overlay, which syncs the one beneath). FAT and exFAT (USB sticks) leave the disk's
// cache unflushed, and FUSE or network file systems may not reach the storage behind
// them: there, as on Windows and macOS, each file is fsynced on its own.
func canSyncFolder(root *os.Root) bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil || !kernelAtLeast(unix.ByteSliceToString(u.Release[:]), 5, 8) {
		return false
	}
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
		unix.TMPFS_MAGIC, unix.OVERLAYFS_SUPER_MAGIC:
		return true
	}
	return false
}

// folderSync is a flush of a folder's file system, opened before the files it is to make
// durable are written: syncfs reports the write-back errors that happened since.
type folderSync struct{ d *os.File }

func openFolderSync(root *os.Root) (folderSync, error) {
	d, err := root.Open(".")
	return folderSync{d}, err
}

// sync writes every file of the file system to disk, waits for it and closes s.
func (s folderSync) sync() error {
	err := unix.Syncfs(int(s.d.Fd()))
	if cerr := s.d.Close(); err == nil {
		err = cerr
	}
	return err
}
