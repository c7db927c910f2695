// Package serve is `selfeval serve`: a local web page on which a finance officer drops
// workbooks (files, a folder or a zip), watches the batch run and downloads its outputs
// (SPEC §10). It is wiring only: uploads are streamed into a per-session folder and handed
// to Options.RunBatch, the same batch engine `selfeval run` uses, and the page lists
// whatever files that batch wrote.
//
// Security, since any web page the user visits can send requests to localhost: the Host
// header must name the served address (DNS rebinding), writes need the page's per-session
// token and a same-origin Origin, uploads are bounded and streamed to disk, and no path
// from a request reaches the file system (outputs are served by index from the session's
// own list).
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"selfeval/batch"
	"selfeval/reader/inspect"
)

// Job is one batch a session asks for.
type Job struct {
	// Dir holds the session's uploads. Inputs are relative to it.
	Dir string
	// Inputs are files and folders inside Dir, slash-separated, as the user named them
	// (a folder or an unpacked zip is one input, searched the way `selfeval run` searches
	// a folder). They are also the sources the results and the manifest should name.
	Inputs []string
	// Out is the output folder, created by the batch.
	Out string
	// Progress must be called once per input, in input order, with the full result
	// (batch.Options.Progress).
	Progress func(r batch.Result, done, total int)
}

// Options configure a Server. RunBatch is required.
type Options struct {
	// RunBatch runs a batch over job's inputs into job.Out, exactly as `selfeval run`
	// does. An error means the batch as a whole could not run.
	RunBatch func(ctx context.Context, job Job) (*batch.Report, error)
	// Template writes the blank submission workbook for a year; nil hides the link.
	Template func(year int) ([]byte, error)
	// Limits bound what one batch may upload.
	Limits Limits
	// IdleTimeout ends a session that has not been used for so long (its files are
	// deleted). Default one hour.
	IdleTimeout time.Duration
	// MaxSessions bounds the sessions kept at once; opening the page once more evicts the
	// least recently used idle session. Default 64.
	MaxSessions int
	// TempDir is where the sessions' working folders are made; empty means os.TempDir().
	TempDir string
	// Logf logs for the operator (the console window); nil means log.Printf.
	Logf func(format string, args ...any)
}

// Limits bound the uploads of one batch. The zero value means the defaults, which are
// the gatekeeper's (SPEC §8): a workbook the reader would refuse for its size is refused
// at the upload, by name, before it costs any disk.
type Limits struct {
	// MaxFileBytes is the size of one workbook, uploaded or unpacked from a zip.
	// Default inspect.DefaultMaxFileBytes (64 MiB).
	MaxFileBytes int64
	// MaxFiles is the number of files of one batch, zip entries included. Default 1000,
	// five times a district's departments.
	MaxFiles int
	// MaxUploadBytes is the size of one batch's upload request, and separately of
	// everything its zips unpack to. Default 1 GiB.
	MaxUploadBytes int64
}

// Default limits; see Limits.
const (
	DefaultMaxFileBytes   = inspect.DefaultMaxFileBytes
	DefaultMaxFiles       = 1000
	DefaultMaxUploadBytes = 1 << 30
	DefaultIdleTimeout    = time.Hour
	DefaultMaxSessions    = 64
)

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	if l.MaxUploadBytes <= 0 {
		l.MaxUploadBytes = DefaultMaxUploadBytes
	}
	return l
}

// Server is the web page and its API. It implements http.Handler.
type Server struct {
	opt  Options
	addr string // host:port served, the only Host accepted (with its loopback aliases)
	port string
	mux  *http.ServeMux

	mu       sync.Mutex
	sessions map[string]*session
	closed   bool

	stop     chan struct{}
	stopOnce sync.Once
	sweeper  sync.WaitGroup
}

// New returns a server for the address addr (host:port) it is reached at.
func New(addr string, opt Options) *Server {
	opt.Limits = opt.Limits.withDefaults()
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	if opt.MaxSessions <= 0 {
		opt.MaxSessions = DefaultMaxSessions
	}
	if opt.Logf == nil {
		opt.Logf = log.Printf
	}
	_, port, _ := net.SplitHostPort(addr)
	s := &Server{opt: opt, addr: addr, port: port, sessions: map[string]*session{}, stop: make(chan struct{})}
	s.routes()
	s.sweeper.Add(1)
	go s.sweep()
	return s
}

// Serve serves on ln until ctx is done, then shuts down: requests in flight get a few
// seconds, running batches are cancelled and every session's folder is deleted.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	if cerr := s.Close(); err == nil || errors.Is(err, http.ErrServerClosed) {
		err = cerr
	}
	return err
}

// Close ends every session (cancelling its batch and deleting its folder) and stops the
// idle sweeper. The server refuses new sessions afterwards.
func (s *Server) Close() error {
	s.stopOnce.Do(func() { close(s.stop) })
	s.sweeper.Wait()
	s.mu.Lock()
	s.closed = true
	all := make([]*session, 0, len(s.sessions))
	for id, ss := range s.sessions {
		all = append(all, ss)
		delete(s.sessions, id)
	}
	s.mu.Unlock()
	var errs []error
	for _, ss := range all {
		errs = append(errs, ss.end())
	}
	return errors.Join(errs...)
}

// ServeHTTP checks the request (Host, path, Origin) and sets the security headers before
// routing it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if !s.hostAllowed(r.Host) {
		// DNS rebinding: a foreign page whose name now points at 127.0.0.1.
		httpError(w, http.StatusMisdirectedRequest, msgBadHost)
		return
	}
	if badPath(r) {
		httpError(w, http.StatusBadRequest, msgBadPath)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !s.sameOrigin(r) {
		httpError(w, http.StatusForbidden, msgCrossOrigin)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// hostAllowed accepts the served address, and for it "localhost" and IP literals with the
// same port: an IP literal cannot be rebound to another name, and a browser only sends a
// foreign IP in Host when it really connected to that IP.
func (s *Server) hostAllowed(host string) bool {
	if host == s.addr {
		return true
	}
	name, port, err := net.SplitHostPort(host)
	if err != nil || port != s.port {
		return false
	}
	return strings.EqualFold(name, "localhost") || net.ParseIP(name) != nil
}

// sameOrigin requires an Origin, when the browser sends one, to be this server.
func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o == "" || o == "http://"+r.Host
}

// badPath refuses paths a well-behaved page never asks for: dot segments, backslashes,
// encoded slashes or NULs. ServeMux would clean and redirect them; refusing is plainer.
func badPath(r *http.Request) bool {
	raw := r.URL.EscapedPath()
	if strings.ContainsAny(raw, "\\\x00") {
		return true
	}
	low := strings.ToLower(raw)
	if strings.Contains(low, "%2f") || strings.Contains(low, "%5c") || strings.Contains(low, "%00") || strings.Contains(low, "%2e") {
		return true
	}
	for _, seg := range strings.Split(raw, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.page)
	m.HandleFunc("GET /static/{name}", s.asset)
	m.HandleFunc("GET /template", s.template)
	m.HandleFunc("POST /api/{sid}/batch", s.withSession(true, s.upload))
	m.HandleFunc("GET /api/{sid}/state", s.withSession(false, s.state))
	m.HandleFunc("GET /api/{sid}/events", s.withSession(false, s.events))
	m.HandleFunc("GET /api/{sid}/b/{seq}/f/{k}", s.withSession(false, s.file))
	m.HandleFunc("GET /api/{sid}/b/{seq}/all", s.withSession(false, s.zipAll))
	m.HandleFunc("POST /api/{sid}/end", s.endSession)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { httpError(w, http.StatusNotFound, msgNotFound) })
	s.mux = m
}

// withSession finds the request's session and, for writes, checks its token.
func (s *Server) withSession(write bool, h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ss := s.session(r.PathValue("sid"))
		if ss == nil {
			httpError(w, http.StatusNotFound, msgNoSession)
			return
		}
		if write && !ss.tokenOK(r.Header.Get(tokenHeader)) {
			httpError(w, http.StatusForbidden, msgBadToken)
			return
		}
		ss.touch()
		h(w, r, ss)
	}
}

// tokenHeader carries the session's token on writes; the page's script sets it from the
// value the page was served with. A cross-origin page can neither read it nor, without
// a CORS preflight this server never grants, send a custom header.
const tokenHeader = "X-Selfeval-Token"

func randomID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go ≥ 1.24)
	return hex.EncodeToString(b[:])
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	w.Write([]byte(msg + "\n"))
}
