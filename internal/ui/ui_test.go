package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"selfeval/batch"
	"selfeval/calc"
)

func evaluated(name string) batch.Result {
	d := &calc.Department{Info: calc.BasicInfo{Name: name, Year: 2020}}
	return batch.Result{Source: name + ".xlsx", Stem: "2020-" + name, Files: []string{"2020-" + name + ".json"},
		Eval: &calc.Evaluation{Department: d, Rubric: &calc.Rubric{}, Grade: "优"}, Elapsed: time.Second}
}

func failed(name string) batch.Result {
	return batch.Result{Source: name + ".xls", Err: errors.New(name + ".xls 是旧版 Excel 97-2003 工作簿")}
}

// TestPrintSummary: each input is listed once; the interrupted report says 已中断 with
// the count; notices are shown; 耗时最长 only with Verbose.
func TestPrintSummary(t *testing.T) {
	results := []batch.Result{evaluated("a"), failed("b"), evaluated("c"), evaluated("d")}
	tests := []struct {
		name    string
		rep     batch.Report
		verbose bool
		want    []string
		notWant []string
	}{
		{"finished", batch.Report{Results: results, Total: 4, Failed: 1, Notices: []string{"重复报送：x 与 y"}}, false,
			[]string{"完成：共 4 个文件，成功 3 个，失败 1 个", "注意：重复报送：x 与 y", "失败的文件：\n  b.xls："}, []string{"耗时最长", "已中断"}},
		{"verbose", batch.Report{Results: results, Total: 4, Failed: 1}, true, []string{"耗时最长：\n  1s"}, nil},
		{"interrupted", batch.Report{Results: results[:2], Total: 300, Failed: 1, Interrupted: true}, false,
			[]string{"已中断：共 300 个文件，已完成 2 个", "重新运行同一命令即可继续"}, []string{"完成："}},
		{"reused", batch.Report{Results: results, Total: 4, Failed: 1, Reused: 3}, false, []string{"其中 3 个文件的输入与设置都未改变"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			PrintSummary(&b, &tt.rep, SummaryOptions{Out: "out", Elapsed: time.Second, Verbose: tt.verbose})
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, b.String())
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(b.String(), w) {
					t.Errorf("report has %q:\n%s", w, b.String())
				}
			}
			if c := strings.Count(b.String(), "b.xls："); c > 1 {
				t.Errorf("the failed input is listed %d times:\n%s", c, b.String())
			}
		})
	}
}

// TestJSONLine: a failed input's line has status, source, error and an empty outputs list.
func TestJSONLine(t *testing.T) {
	var b bytes.Buffer
	j := NewJSONLines(&b)
	j.Done(evaluated("a"), 1, 2)
	j.Done(failed("b"), 2, 2)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), b.String())
	}
	var ok, bad map[string]any
	json.Unmarshal([]byte(lines[0]), &ok)
	json.Unmarshal([]byte(lines[1]), &bad)
	if ok["status"] != "ok" || ok["department"] != "a" || bad["status"] != "failed" || bad["error"] == nil {
		t.Errorf("lines = %s", b.String())
	}
	if outs, _ := bad["outputs"].([]any); outs == nil || len(outs) != 0 {
		t.Errorf("failed line's outputs = %v, want []", bad["outputs"])
	}
}
