package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"selfeval/calc"
)

// Collected is what an --out folder holds of a batch: every evaluated department's digest
// (from its <stem>.json) and every failed input with its error.
type Collected struct {
	Dir      string
	Digests  []calc.Digest
	Failures []calc.Failure
	Files    []string // the manifest's file names: the files selfeval wrote in Dir

	entries []collectedEntry       // the manifest's inputs, for a joined manifest
	byInput map[collectedKey][]int // entries of each source and stem, for Output
}

// collectedKey is an entry's source and stem.
type collectedKey struct{ source, stem string }

// collectedEntry is what Collect reads of one manifest.json input: its own view of the
// manifest, so that fields it does not need may change.
type collectedEntry struct {
	Source  string   `json:"source"`
	Status  string   `json:"status"`
	Stem    string   `json:"stem,omitempty"`
	Outputs []string `json:"outputs"`
	Error   string   `json:"error,omitempty"`
}

type collectedManifest struct {
	Inputs  []collectedEntry `json:"inputs"`
	Summary string           `json:"summary"`
	Batch   []string         `json:"batch"`
}

// ErrNoManifest means a folder holds no manifest.json: it is not an --out folder.
var ErrNoManifest = errors.New("不是 selfeval 的输出目录（没有 " + ManifestName + "）")

// Collect reads the batch an --out folder holds: its manifest.json and the <stem>.json of
// every input the manifest lists as done. It reads no workbook. An input the manifest lists
// as failed is a failure with the manifest's error; a result JSON that is missing or broken
// is an error naming the file, since the folder then does not hold what its manifest says.
func Collect(dir string) (*Collected, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s：%w", dir, ErrNoManifest)
	}
	if err != nil {
		return nil, fmt.Errorf("读取 %s：%w", filepath.Join(dir, ManifestName), err)
	}
	var m collectedManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s 无法解析：%v", filepath.Join(dir, ManifestName), err)
	}
	c := &Collected{Dir: dir, Files: append([]string{ManifestName}, m.Batch...)}
	if m.Summary != "" {
		c.Files = append(c.Files, m.Summary)
	}
	for _, in := range m.Inputs {
		c.Files = append(c.Files, in.Outputs...)
	}
	if err := c.collect(m.Inputs, filepath.Join(dir, ManifestName)+"："); err != nil {
		return nil, err
	}
	return c, nil
}

// collect reads the inputs of a manifest (or of a run about to write one) into c: a failed
// input is a failure with its error, a done one the digest of its result JSON. A result
// JSON that is missing or broken is an error naming the file; where prefixes those about a
// missing one (the manifest's path, or nothing).
func (c *Collected) collect(inputs []collectedEntry, where string) error {
	c.entries = inputs
	c.byInput = map[collectedKey][]int{}
	for i, in := range inputs {
		k := collectedKey{in.Source, in.Stem}
		c.byInput[k] = append(c.byInput[k], i)
	}
	// Reading and decoding the result JSONs is most of the time of a summary of a big
	// batch: do it on every core, in input order.
	digests := make([]calc.Digest, len(inputs))
	errs := make([]error, len(inputs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				digests[i], errs[i] = c.readDigest(inputs[i], where)
			}
		})
	}
	for i, in := range inputs {
		if in.Status == "ok" {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	for i, in := range inputs {
		switch {
		case in.Status != "ok":
			msg := in.Error
			if msg == "" {
				msg = "没有评价结果"
			}
			c.Failures = append(c.Failures, calc.Failure{Source: in.Source, Error: msg})
		case errs[i] == nil:
			c.Digests = append(c.Digests, digests[i])
		}
	}
	return errors.Join(errs...)
}

// readDigest reads the digest of a done input from its result JSON.
func (c *Collected) readDigest(in collectedEntry, where string) (calc.Digest, error) {
	name := resultFile(in)
	if name == "" {
		return calc.Digest{}, fmt.Errorf("%s%s 没有结果 JSON", where, in.Source)
	}
	path := filepath.Join(c.Dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		return calc.Digest{}, fmt.Errorf("读取 %s：%w", path, err)
	}
	d, err := calc.DecodeDigest(data, in.Stem)
	if err != nil {
		return calc.Digest{}, fmt.Errorf("%s：%w", path, err)
	}
	d.Source = in.Source
	return d, nil
}

// resultFile is the output of a manifest input that is its result JSON, <stem>.json.
func resultFile(in collectedEntry) string { return outputFile(in, ".json") }

// outputFile is the output of a manifest input named <stem><suffix>, as the manifest
// gives it (relative to its folder); "" when there is none.
func outputFile(in collectedEntry, suffix string) string {
	if in.Stem == "" {
		return ""
	}
	for _, o := range in.Outputs {
		if filepath.Base(filepath.FromSlash(o)) == in.Stem+suffix {
			return o
		}
	}
	return ""
}

// Output is the path of a department's output <stem><suffix>, as its manifest lists it
// (a joined folder's outputs are in the folders it joined); "" when it lists none.
func (c *Collected) Output(d calc.Digest, suffix string) string {
	for _, i := range c.byInput[collectedKey{d.Source, d.Stem}] {
		if o := outputFile(c.entries[i], suffix); o != "" {
			return filepath.Join(c.Dir, filepath.FromSlash(o))
		}
	}
	return ""
}

// CollectResults is Collect for a run that has not written its manifest yet: its results
// and the <stem>.json files it wrote in out. The manifest it then writes records the same
// inputs, statuses and errors, so Collect over the folder gives the same batch.
func CollectResults(out string, results []Result) (*Collected, error) {
	inputs := make([]collectedEntry, 0, len(results))
	for _, r := range results {
		if r.OK() {
			inputs = append(inputs, collectedEntry{Source: r.Source, Status: "ok", Stem: r.Stem, Outputs: r.Files})
		} else {
			inputs = append(inputs, collectedEntry{Source: r.Source, Status: "failed", Error: r.Err.Error()})
		}
	}
	c := &Collected{Dir: out}
	if err := c.collect(inputs, ""); err != nil {
		return nil, err
	}
	return c, nil
}
