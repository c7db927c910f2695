package serve

import (
	"archive/zip"
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// inlineTypes are the outputs a browser shows itself (the PDF in its viewer); the others
// are saved. Unknown extensions are served as plain bytes to save.
var inlineTypes = map[string]string{
	".pdf":  "application/pdf",
	".json": "application/json; charset=utf-8",
}

var attachmentTypes = map[string]string{
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".zip":  "application/zip",
}

// contentHeaders sets the type and disposition of a download named name.
func contentHeaders(w http.ResponseWriter, name string) {
	ext := strings.ToLower(path.Ext(name))
	disp, typ := "attachment", attachmentTypes[ext]
	if t, ok := inlineTypes[ext]; ok {
		disp, typ = "inline", t
	}
	if typ == "" {
		typ = "application/octet-stream"
	}
	w.Header().Set("Content-Type", typ)
	// FormatMediaType writes a non-ASCII name as RFC 2231 filename*=utf-8''…, which every
	// current browser reads.
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name}))
}

// file serves one output of the session's current batch by its index in the batch's own
// list: the request names no path.
func (s *Server) file(w http.ResponseWriter, r *http.Request, ss *session) {
	st := ss.current(r.PathValue("seq"))
	if st == nil {
		httpError(w, http.StatusNotFound, msgStale)
		return
	}
	k, err := strconv.Atoi(r.PathValue("k"))
	st.mu.Lock()
	ok := err == nil && k >= 0 && k < len(st.files)
	var name string
	if ok {
		name = st.files[k]
	}
	st.mu.Unlock()
	if !ok {
		httpError(w, http.StatusNotFound, msgNotFound)
		return
	}
	f, err := os.OpenInRoot(st.out, name)
	if err != nil {
		httpError(w, http.StatusNotFound, msgNoSession)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	contentHeaders(w, name)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// zipAll streams one zip of every output of the finished batch: the per-department files
// and the batch's own (汇总.xlsx, manifest.json, …).
func (s *Server) zipAll(w http.ResponseWriter, r *http.Request, ss *session) {
	st := ss.current(r.PathValue("seq"))
	if st == nil {
		httpError(w, http.StatusNotFound, msgStale)
		return
	}
	st.mu.Lock()
	finished, names := st.finished, append([]string(nil), st.files...)
	st.mu.Unlock()
	if !finished {
		httpError(w, http.StatusConflict, msgNotFinished)
		return
	}
	root, err := os.OpenRoot(st.out)
	if err != nil {
		httpError(w, http.StatusNotFound, msgNoSession)
		return
	}
	defer root.Close()
	contentHeaders(w, zipName)
	zw := zip.NewWriter(w)
	for _, name := range names {
		if err := addToZip(zw, root, name); err != nil {
			// Headers are sent: all that can be done is to stop, leaving a zip the browser
			// reports as damaged rather than one silently missing a file.
			s.opt.Logf("打包 %s：%v", name, err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		s.opt.Logf("打包：%v", err)
	}
}

// zipName is the file name of 下载全部.
const zipName = "自评结果.zip"

func addToZip(zw *zip.Writer, root *os.Root, name string) error {
	f, err := root.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fi.ModTime()}
	dst, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, f)
	return err
}

// template serves the blank submission workbook for ?year=.
func (s *Server) template(w http.ResponseWriter, r *http.Request) {
	if s.opt.Template == nil {
		httpError(w, http.StatusNotFound, msgNotFound)
		return
	}
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		httpError(w, http.StatusBadRequest, msgBadYear)
		return
	}
	data, err := s.opt.Template(year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, fmt.Sprintf(msgTemplateFailed, err))
		return
	}
	contentHeaders(w, fmt.Sprintf("%d年度填报模板.xlsx", year))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

//go:embed assets
var assetFS embed.FS

// assets are the page's static files by name, read once: requests look names up here and
// never reach a file system.
var assets = func() map[string][]byte {
	m := map[string][]byte{}
	for _, name := range []string{"app.js", "style.css"} {
		data, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			panic(err) // the binary was built without its page
		}
		m[name] = data
	}
	return m
}()

var assetTypes = map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	data, ok := assets[name]
	if !ok {
		httpError(w, http.StatusNotFound, msgNotFound)
		return
	}
	w.Header().Set("Content-Type", assetTypes[path.Ext(name)])
	w.Write(data)
}

var pageTemplate = template.Must(template.ParseFS(assetFS, "assets/index.html"))

// pageData fills the page: the session it belongs to and the limits it tells the user.
type pageData struct {
	SessionID, Token string
	MaxFileMB        int64
	MaxFiles         int
	MaxUpload        string // "1 GB"
	MaxUploadBytes   int64
	Template         bool
}

// page serves the page for a new session: every page load is its own session.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	// Another site's page can make the browser load this one (a link, an <img>); it must
	// not make sessions that crowd out the user's. Browsers say where a request comes
	// from in Sec-Fetch-Site; one typed, bookmarked or opened by selfeval says "none".
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		httpError(w, http.StatusForbidden, fmt.Sprintf(msgOpenDirectly, "http://"+s.addr+"/"))
		return
	}
	ss, err := s.newSession()
	if err != nil {
		httpError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	lim := s.opt.Limits
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, pageData{
		SessionID: ss.id, Token: ss.token,
		MaxFileMB: lim.MaxFileBytes >> 20, MaxFiles: lim.MaxFiles, MaxUpload: megabytes(lim.MaxUploadBytes), MaxUploadBytes: lim.MaxUploadBytes,
		Template: s.opt.Template != nil,
	}); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
