package batch

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// describeFSError says in Chinese what went wrong with a file operation, naming the path
// when the error has one: users read "afile.txt 不是文件夹", not "mkdir afile.txt: not a
// directory". Errors it does not know keep the system's text.
func describeFSError(err error) string {
	path := ""
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		path = pe.Path
	case errors.As(err, &le):
		path = le.New
	}
	var why string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		why = "不存在"
	case errors.Is(err, fs.ErrPermission):
		why = "没有访问权限"
	case errors.Is(err, fs.ErrExist):
		why = "已存在"
	case errors.Is(err, syscall.ENOTDIR):
		why = "所在路径中有一项是文件而不是文件夹"
	case errors.Is(err, syscall.EISDIR):
		why = "是一个文件夹"
	case errors.Is(err, syscall.ENOSPC):
		why = "磁盘空间不足"
	case errors.Is(err, syscall.EROFS):
		why = "所在磁盘是只读的"
	case errors.Is(err, syscall.ENAMETOOLONG):
		why = "文件名太长"
	default:
		return err.Error()
	}
	if path == "" {
		return why
	}
	return path + " " + why
}
