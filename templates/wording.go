package templates

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"text/template"
)

// wording is one wording template a bureau may rewrite: embedded, and replaced by a file of
// the same name in a --templates directory. Each source is parsed once per process, with
// missingkey=error so that a misspelt field is an error rather than an empty string.
type wording struct {
	file     string // report.tmpl
	what     string // 报告模板, for messages
	embedded func() (*template.Template, error)
	loaded   sync.Map // dir → func() (*template.Template, error)
}

func newWording(file, what, src string) *wording {
	w := &wording{file: file, what: what}
	w.embedded = sync.OnceValues(func() (*template.Template, error) { return w.parse(src) })
	return w
}

func (w *wording) parse(src string) (*template.Template, error) {
	t, err := template.New(w.file).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s %s 有误：%w", w.what, w.file, err)
	}
	return t, nil
}

// load returns dir's template when dir holds the file, else the embedded one.
func (w *wording) load(dir string) (*template.Template, error) {
	if dir == "" {
		return w.embedded()
	}
	v, _ := w.loaded.LoadOrStore(dir, sync.OnceValues(func() (*template.Template, error) {
		src, err := os.ReadFile(filepath.Join(dir, w.file))
		if os.IsNotExist(err) {
			return w.embedded()
		}
		if err != nil {
			return nil, fmt.Errorf("读取%s：%w", w.what, err)
		}
		return w.parse(string(src))
	}))
	return v.(func() (*template.Template, error))()
}
