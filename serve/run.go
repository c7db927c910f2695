package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"selfeval/batch"
	"selfeval/calc"
)

// batchState is one batch of a session: what was refused at the upload, each result as
// the batch reports it, the files it wrote, and the event log the page follows.
type batchState struct {
	seq int
	out string // output folder

	mu       sync.Mutex
	total    int
	refused  []refusal
	results  []resultView
	files    []string // output names relative to out, by download index
	batchOut []fileLink
	finished bool
	err      string
	events   []event
	changed  chan struct{} // closed and replaced on every new event
}

// event is one server-sent event.
type event struct {
	name string
	data []byte
}

// resultView is one input as the page shows it.
type resultView struct {
	Source     string     `json:"source"`
	OK         bool       `json:"ok"`
	Department string     `json:"department,omitempty"`
	Year       int        `json:"year,omitempty"`
	Total      string     `json:"total,omitempty"`
	Grade      string     `json:"grade,omitempty"`
	Warnings   []finding  `json:"warnings"`
	Audit      []finding  `json:"audit"`
	Error      string     `json:"error,omitempty"`
	Files      []fileLink `json:"files"`
}

// finding is a warning or an audit finding with the cells it names.
type finding struct {
	Message string   `json:"message"`
	Cells   []string `json:"cells,omitempty"`
}

// fileLink is one output file offered for download.
type fileLink struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	URL    string `json:"url"`
	Inline bool   `json:"inline"` // the browser shows it (PDF, JSON) rather than saving it
}

// stateView is the whole batch (GET …/state, and the end event).
type stateView struct {
	Seq      int          `json:"seq"`
	Total    int          `json:"total"`
	Done     int          `json:"done"`
	Finished bool         `json:"finished"`
	Error    string       `json:"error,omitempty"`
	Refused  []refusal    `json:"refused"`
	Results  []resultView `json:"results"`
	Batch    []fileLink   `json:"batch_files"`
	AllURL   string       `json:"all_url,omitempty"`
}

func newBatchState(seq int, out string, refused []refusal) *batchState {
	if refused == nil {
		refused = []refusal{}
	}
	b := &batchState{seq: seq, out: out, refused: refused, changed: make(chan struct{})}
	b.emit("start", map[string]any{"seq": seq, "refused": refused})
	return b
}

// emit appends an event; the caller holds mu or owns b exclusively.
func (b *batchState) emit(name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		data, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	b.events = append(b.events, event{name: name, data: data})
	close(b.changed)
	b.changed = make(chan struct{})
}

// progress is the batch's Progress callback: it gets each input's full result (the
// report the batch returns keeps only what the manifest needs).
func (b *batchState) progress(sid string) func(r batch.Result, done, total int) {
	return func(r batch.Result, done, total int) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.total = total
		v := resultView{Source: r.Source, OK: r.OK(), Warnings: []finding{}, Audit: []finding{}, Files: []fileLink{}}
		if e := r.Eval; e != nil {
			v.Department, v.Year = e.Department.Info.Name, e.Department.Info.Year
			v.Total, v.Grade = e.TotalDisplay(), e.Grade
			v.Warnings = warnings(e)
			v.Audit = audit(e)
		}
		if r.Err != nil {
			v.Error = r.Err.Error()
		}
		for _, name := range r.Files {
			v.Files = append(v.Files, b.register(sid, name, r.Stem))
		}
		sort.SliceStable(v.Files, func(i, j int) bool { return linkRank(v.Files[i].Name) < linkRank(v.Files[j].Name) })
		b.results = append(b.results, v)
		b.emit("result", map[string]any{"done": done, "total": total, "result": v})
	}
}

// warnings are the checks a reviewer should look at (warnings and errors, not notes).
func warnings(e *calc.Evaluation) []finding {
	out := []finding{}
	for _, c := range e.Checks {
		if c.Level == calc.SeverityNote {
			continue
		}
		f := finding{Message: c.Message}
		for _, cell := range c.Cells {
			f.Cells = append(f.Cells, cell.String())
		}
		out = append(out, f)
	}
	return out
}

// audit is the evaluation's audit findings: self-scores its data contradicts (审核).
func audit(e *calc.Evaluation) []finding {
	out := []finding{}
	for _, a := range e.Audit {
		f := finding{Message: a.Message}
		for _, cell := range a.Cells {
			f.Cells = append(f.Cells, cell.String())
		}
		out = append(out, f)
	}
	return out
}

// register gives an output file its download index. Its label is what the name adds to
// the department's stem ("自评报告.pdf"), so outputs added later show up without a change here.
func (b *batchState) register(sid, name, stem string) fileLink {
	k := len(b.files)
	b.files = append(b.files, name)
	label := name
	if stem != "" && strings.HasPrefix(name, stem) && len(name) > len(stem) {
		label = strings.TrimPrefix(strings.TrimPrefix(name, stem), "-")
		if strings.HasPrefix(label, ".") {
			label = "结果" + label
		}
	}
	_, inline := inlineTypes[strings.ToLower(filepath.Ext(name))]
	return fileLink{Name: name, Label: label, URL: fmt.Sprintf("/api/%s/b/%d/f/%d", sid, b.seq, k), Inline: inline}
}

// linkRank orders a department's links for the reader: the report first, then the other
// documents, the data last. Outputs of kinds not named here keep the batch's order.
func linkRank(name string) int {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf":
		return 0
	case ".docx":
		return 1
	case ".xlsx":
		return 2
	}
	return 3
}

// finish records the end of the batch and offers every other file it wrote: 汇总.xlsx,
// manifest.json and whatever per-batch outputs the batch makes.
func (b *batchState) finish(sid string, rep *batch.Report, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.err = err.Error()
	}
	if rep != nil {
		b.total = len(rep.Results)
	}
	b.batchOut = []fileLink{}
	perDept := map[string]bool{}
	for _, name := range b.files {
		perDept[name] = true
	}
	if entries, rerr := os.ReadDir(b.out); rerr == nil {
		var names []string
		for _, e := range entries {
			// Hidden names are the batch's lock and temporary files.
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && !perDept[e.Name()] {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, name := range names {
			b.batchOut = append(b.batchOut, b.register(sid, name, ""))
		}
	}
	b.finished = true
	b.emit("end", b.viewLocked(sid))
}

func (b *batchState) view(sid string) stateView {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.viewLocked(sid)
}

func (b *batchState) viewLocked(sid string) stateView {
	v := stateView{Seq: b.seq, Total: b.total, Done: len(b.results), Finished: b.finished, Error: b.err,
		Refused: b.refused, Results: b.results, Batch: b.batchOut}
	if v.Results == nil {
		v.Results = []resultView{}
	}
	if v.Batch == nil {
		v.Batch = []fileLink{}
	}
	if b.finished && len(b.files) > 0 {
		v.AllURL = fmt.Sprintf("/api/%s/b/%d/all", sid, b.seq)
	}
	return v
}

// upload takes a batch's files (multipart, streamed to disk within the limits) and starts
// the batch. The answer lists what was refused; progress follows on the event stream.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, ss *session) {
	lim := s.opt.Limits
	ss.mu.Lock()
	if ss.busy {
		ss.mu.Unlock()
		httpError(w, http.StatusConflict, msgBusy)
		return
	}
	ss.busy = true
	ss.seq++
	seq := ss.seq
	ss.mu.Unlock()
	started := false
	defer func() {
		if !started {
			ss.mu.Lock()
			ss.busy = false
			ended, dir := ss.ended, ss.dir
			ss.mu.Unlock()
			if ended && dir != "" {
				// The session ended while this upload ran: its folder may have been made
				// again under the files being written.
				os.RemoveAll(dir)
			}
		}
	}()

	dir, err := ss.workDir()
	if err != nil {
		httpError(w, http.StatusNotFound, msgNoSession)
		return
	}
	// One batch per session at a time: the previous batch's files go.
	if err := removeBatches(dir); err != nil {
		s.opt.Logf("清除上一批文件：%v", err)
	}
	bdir := filepath.Join(dir, strconv.Itoa(seq))
	in, out := filepath.Join(bdir, "in"), filepath.Join(bdir, "out")
	if err := os.MkdirAll(in, 0o755); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	root, err := os.OpenRoot(in)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	defer root.Close()

	r.Body = http.MaxBytesReader(w, r.Body, lim.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		httpError(w, http.StatusBadRequest, msgNotMultipart)
		return
	}
	u := &uploader{root: root, lim: lim, seen: map[string]bool{}, tmp: bdir}
	if err := u.readMultipart(mr); err != nil {
		os.RemoveAll(bdir)
		if errors.Is(err, errUploadTooLarge) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf(msgUploadTooLarge, megabytes(lim.MaxUploadBytes)))
			return
		}
		httpError(w, http.StatusBadRequest, msgNotMultipart)
		return
	}

	st := newBatchState(seq, out, u.refused)
	ctx, cancel := context.WithCancel(context.Background())
	ss.mu.Lock()
	if ss.ended {
		ss.mu.Unlock()
		cancel()
		httpError(w, http.StatusNotFound, msgNoSession)
		return // the deferred cleanup deletes the folder
	}
	finished := make(chan struct{})
	ss.run, ss.cancel, ss.finished = st, cancel, finished
	ss.mu.Unlock()
	started = true

	go func() {
		defer func() {
			cancel()
			ss.mu.Lock()
			ss.busy = false
			ss.mu.Unlock()
			close(finished)
		}()
		if len(u.inputs) == 0 {
			st.finish(ss.id, nil, errors.New(msgNothingUploaded))
			return
		}
		rep, err := s.opt.RunBatch(ctx, Job{Dir: in, Inputs: u.inputs, Out: out, Progress: st.progress(ss.id)})
		if ctx.Err() != nil && err == nil {
			err = errors.New(msgCancelled)
		}
		st.finish(ss.id, rep, err)
	}()

	writeJSON(w, http.StatusAccepted, map[string]any{
		"seq": seq, "inputs": u.inputs, "files": u.files, "refused": st.refused,
		"events": fmt.Sprintf("/api/%s/events?seq=%d", ss.id, seq),
	})
}

// removeBatches deletes the session's earlier batch folders.
func removeBatches(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		errs = append(errs, os.RemoveAll(filepath.Join(dir, e.Name())))
	}
	return errors.Join(errs...)
}

// current returns the session's batch when seq names it.
func (ss *session) current(seq string) *batchState {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.run == nil || strconv.Itoa(ss.run.seq) != seq {
		return nil
	}
	return ss.run
}

// state answers the whole current batch as JSON.
func (s *Server) state(w http.ResponseWriter, r *http.Request, ss *session) {
	ss.mu.Lock()
	st := ss.run
	ss.mu.Unlock()
	if st == nil {
		writeJSON(w, http.StatusOK, stateView{Refused: []refusal{}, Results: []resultView{}, Batch: []fileLink{}})
		return
	}
	writeJSON(w, http.StatusOK, st.view(ss.id))
}

// events streams the batch's events (server-sent events) from the start, or after the
// Last-Event-ID a reconnecting browser sends, until the batch ends.
func (s *Server) events(w http.ResponseWriter, r *http.Request, ss *session) {
	st := ss.current(r.URL.Query().Get("seq"))
	if st == nil {
		httpError(w, http.StatusNotFound, msgStale)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		httpError(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	next := 0
	if id, err := strconv.Atoi(r.Header.Get("Last-Event-ID")); err == nil && id >= 0 {
		next = id + 1
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	for {
		st.mu.Lock()
		evs := st.events[min(next, len(st.events)):]
		changed, finished := st.changed, st.finished
		st.mu.Unlock()
		for _, e := range evs {
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", next, e.name, e.data)
			next++
		}
		flusher.Flush()
		if finished {
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		}
		ss.touch()
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
