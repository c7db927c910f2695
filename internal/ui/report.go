package ui

import (
	"fmt"
	"io"
	"sort"
	"time"

	"selfeval/batch"
)

// SummaryOptions say what the end-of-run report tells besides the counts.
type SummaryOptions struct {
	Out     string        // the output folder, named in the report
	Elapsed time.Duration // the run's wall time
	Verbose bool          // also list the slowest inputs (for whoever tunes a batch)
}

// PrintSummary is the end-of-run report: the counts (or, when interrupted, how many were
// finished and how to finish the job), batch-level notices, and every failure once.
func PrintSummary(w io.Writer, rep *batch.Report, opt SummaryOptions) {
	n := len(rep.Results)
	if rep.Interrupted {
		fmt.Fprintf(w, "\n已中断：共 %d 个文件，已完成 %d 个（其中失败 %d 个），其输出已保存；未完成的 %d 个没有留下任何文件。\n",
			rep.Total, n, rep.Failed, rep.Total-n)
		fmt.Fprintf(w, "重新运行同一命令即可继续：已完成的文件不会重做，汇总.xlsx 和 manifest.json 在全部完成后写出。输出目录：%s\n", opt.Out)
	} else {
		rate := float64(n) / max(opt.Elapsed.Seconds(), 1e-3)
		fmt.Fprintf(w, "\n完成：共 %d 个文件，成功 %d 个，失败 %d 个，用时 %s（%.1f 个/秒）。输出目录：%s\n",
			n, n-rep.Failed, rep.Failed, opt.Elapsed.Round(time.Millisecond), rate, opt.Out)
	}
	if rep.Reused > 0 {
		fmt.Fprintf(w, "其中 %d 个文件的输入与设置都未改变，沿用了上次的输出。\n", rep.Reused)
	}
	for _, s := range rep.Notices {
		fmt.Fprintf(w, "注意：%s\n", s)
	}
	if opt.Verbose && n > 3 {
		byTime := append([]batch.Result(nil), rep.Results...)
		sort.SliceStable(byTime, func(i, j int) bool { return byTime[i].Elapsed > byTime[j].Elapsed })
		fmt.Fprintln(w, "耗时最长：")
		for _, r := range byTime[:3] {
			fmt.Fprintf(w, "  %s  %s\n", r.Elapsed.Round(time.Millisecond), r.Source)
		}
	}
	if rep.Failed > 0 {
		fmt.Fprintln(w, "失败的文件：")
		for _, r := range rep.Results {
			if !r.OK() {
				fmt.Fprintf(w, "  %s：%s\n", r.Source, indent(r.Err.Error()))
			}
		}
	}
}
