package serve

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// session is one open page: its token, its working folder and its current batch. A page
// load makes a new session, so two tabs (or two users of a shared address) never see each
// other's files.
type session struct {
	id, token string
	tempDir   string // where dir is made

	mu       sync.Mutex
	dir      string // working folder, made at the first upload; "" before
	lastUsed time.Time
	ended    bool
	busy     bool        // uploading or running a batch
	seq      int         // number of the current batch
	run      *batchState // current batch, nil before the first
	cancel   context.CancelFunc
	finished chan struct{} // closed when the current batch's goroutine returns
}

func (ss *session) touch() {
	ss.mu.Lock()
	ss.lastUsed = time.Now()
	ss.mu.Unlock()
}

func (ss *session) tokenOK(t string) bool {
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(ss.token)) == 1
}

// idleSince reports when the session was last used; a running batch counts as use.
func (ss *session) idleSince() (time.Time, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.lastUsed, ss.busy
}

// workDir returns the session's folder, making it at first use.
func (ss *session) workDir() (string, error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.ended {
		return "", errSessionEnded
	}
	if ss.dir == "" {
		d, err := os.MkdirTemp(ss.tempDir, "selfeval-serve-")
		if err != nil {
			return "", err
		}
		ss.dir = d
	}
	return ss.dir, nil
}

var errSessionEnded = fmt.Errorf("%s", msgNoSession)

// end cancels the session's batch, waits for it and deletes the working folder.
func (ss *session) end() error {
	ss.mu.Lock()
	ss.ended = true
	cancel, finished, dir := ss.cancel, ss.finished, ss.dir
	ss.mu.Unlock()
	if cancel != nil {
		cancel()
		<-finished
	}
	if dir == "" {
		return nil
	}
	return os.RemoveAll(dir)
}

// newSession makes a session for a page load, evicting the least recently used idle
// session when there are too many.
func (s *Server) newSession() (*session, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, errSessionEnded
	}
	var evict *session
	if len(s.sessions) >= s.opt.MaxSessions {
		var oldest time.Time
		for _, ss := range s.sessions {
			used, running := ss.idleSince()
			if !running && (evict == nil || used.Before(oldest)) {
				evict, oldest = ss, used
			}
		}
		if evict == nil {
			s.mu.Unlock()
			return nil, fmt.Errorf("%s", msgTooManySessions)
		}
		delete(s.sessions, evict.id)
	}
	ss := &session{id: randomID(), token: randomID(), tempDir: s.opt.TempDir, lastUsed: time.Now()}
	s.sessions[ss.id] = ss
	s.mu.Unlock()
	if evict != nil {
		if err := evict.end(); err != nil {
			s.opt.Logf("清除会话文件：%v", err)
		}
	}
	return ss, nil
}

func (s *Server) session(id string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[id]
}

// endSession is the page's 结束 button and its unload beacon. A beacon cannot set
// headers, so the token may also come as the body.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) {
	ss := s.session(r.PathValue("sid"))
	if ss == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	token := r.Header.Get(tokenHeader)
	if token == "" {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 256))
		token = string(b)
	}
	if !ss.tokenOK(token) {
		httpError(w, http.StatusForbidden, msgBadToken)
		return
	}
	s.mu.Lock()
	delete(s.sessions, ss.id)
	s.mu.Unlock()
	if err := ss.end(); err != nil {
		s.opt.Logf("清除会话文件：%v", err)
	}
	w.WriteHeader(http.StatusNoContent)
}

// sweep ends sessions idle for longer than IdleTimeout.
func (s *Server) sweep() {
	defer s.sweeper.Done()
	every := min(s.opt.IdleTimeout/4, time.Minute)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		var idle []*session
		s.mu.Lock()
		for id, ss := range s.sessions {
			if used, running := ss.idleSince(); !running && time.Since(used) > s.opt.IdleTimeout {
				idle = append(idle, ss)
				delete(s.sessions, id)
			}
		}
		s.mu.Unlock()
		for _, ss := range idle {
			if err := ss.end(); err != nil {
				s.opt.Logf("清除会话文件：%v", err)
			}
		}
	}
}
