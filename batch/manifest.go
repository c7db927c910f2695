package batch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// generator marks manifests (and so output folders) that selfeval wrote.
const generator = "selfeval"

// journalName is the journal inside the output folder: one line per input as it is
// committed, so that a run interrupted before its manifest still tells the next run what
// it finished. A finished run removes it.
const journalName = ".selfeval-journal.jsonl"

// manifestEntry is one input in manifest.json (and one journal line). No timings: the
// manifest is byte-identical for the same inputs. InputSHA256, Fingerprint and
// OutputSHA256 let a re-run know that the outputs are complete and were made from the same
// bytes with the same settings (SPEC §2).
type manifestEntry struct {
	Source       string            `json:"source"`
	Status       string            `json:"status"` // "ok" or "failed"
	Department   string            `json:"department,omitempty"`
	Year         int               `json:"year,omitempty"`
	Stem         string            `json:"stem,omitempty"`
	Outputs      []string          `json:"outputs"`
	Total        string            `json:"total,omitempty"`
	Grade        string            `json:"grade,omitempty"`
	Warnings     int               `json:"warnings"`
	Error        string            `json:"error,omitempty"`
	InputSHA256  string            `json:"input_sha256,omitempty"`
	Fingerprint  string            `json:"fingerprint,omitempty"`
	OutputSHA256 map[string]string `json:"output_sha256,omitempty"`
}

type manifest struct {
	Generator string          `json:"generator"`
	Inputs    []manifestEntry `json:"inputs"`
	Summary   string          `json:"summary,omitempty"`
	Batch     []string        `json:"batch,omitempty"` // the other batch files: 汇总报告, 合订本
	OK        int             `json:"ok"`
	Failed    int             `json:"failed"`
	Reused    int             `json:"reused"`
	Notices   []string        `json:"notices,omitempty"`
}

// entryOf is r as the manifest records it.
func entryOf(r Result, fingerprint string) manifestEntry {
	e := manifestEntry{Source: r.Source, Status: "ok", Stem: r.Stem, Outputs: r.Files, InputSHA256: r.inputHash}
	if e.Outputs == nil {
		e.Outputs = []string{}
	}
	if r.Eval != nil {
		e.Department, e.Year = r.Eval.Department.Info.Name, r.Eval.Department.Info.Year
		e.Total, e.Grade, e.Warnings = r.Eval.TotalDisplay(), r.Eval.Grade, r.Eval.Warnings()
	}
	if r.Err != nil {
		e.Status, e.Error = "failed", r.Err.Error()
	}
	if r.OK() && r.inputHash != "" {
		e.Fingerprint, e.OutputSHA256 = fingerprint, r.outputHashes
	}
	return e
}

func writeManifest(out *outDir, rep *Report, fingerprint string, withSummary bool, batchNames []string) error {
	m := manifest{Generator: generator, Inputs: make([]manifestEntry, len(rep.Results)),
		OK: len(rep.Results) - rep.Failed, Failed: rep.Failed, Reused: rep.Reused, Notices: rep.Notices, Batch: batchNames}
	if withSummary {
		m.Summary = SummaryName
	}
	for i, r := range rep.Results {
		m.Inputs[i] = entryOf(r, fingerprint)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("生成%s：%w", ManifestName, err)
	}
	return out.writeFile(ManifestName, append(data, '\n'))
}

// journal appends one line per committed input to journalName.
type journal struct {
	f *os.File
}

func openJournal(out *outDir) (*journal, error) {
	f, err := out.root.OpenFile(journalName, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("写入 %s：%s", journalName, describeFSError(err))
	}
	return &journal{f: f}, nil
}

// add records e. A line is written whole by one write; the next run ignores a torn last
// line (power loss), so the worst case is one input done again.
func (j *journal) add(e manifestEntry) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("写入 %s：%s", journalName, describeFSError(err))
	}
	return nil
}

func (j *journal) close() error {
	if j == nil || j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// priorEntries is what earlier runs left in the folder, by source: the manifest's entries,
// overridden by the journal's (an interrupted run came later than the manifest). Only
// entries that can be reused are kept.
func priorEntries(out *outDir) map[string]manifestEntry {
	prior := map[string]manifestEntry{}
	keep := func(e manifestEntry) {
		if e.Status == "ok" && e.InputSHA256 != "" && e.Fingerprint != "" && e.OutputSHA256 != nil {
			prior[e.Source] = e
		} else {
			delete(prior, e.Source)
		}
	}
	if data, err := fs.ReadFile(out.root.FS(), ManifestName); err == nil {
		var m manifest
		if json.Unmarshal(data, &m) == nil {
			for _, e := range m.Inputs {
				keep(e)
			}
		}
	}
	if data, err := fs.ReadFile(out.root.FS(), journalName); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var e manifestEntry
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				keep(e)
			}
		}
	}
	return prior
}

// hashReader returns the hex SHA-256 of what r holds.
func hashReader(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// HashFile returns the hex SHA-256 of the file at path.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return hashReader(f)
}
