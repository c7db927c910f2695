package report

import (
	"fmt"
	"math"

	"selfeval/calc"
)

// Chart kinds a template places with @chart.
const (
	ChartQuarterly = "quarterly" // cumulative spending progress by quarter against the 序时进度
	ChartExecution = "execution" // 表1-4 row by row: actual spending as a share of the adjusted budget
)

// quarterNames label the category axis of the quarterly chart.
var quarterNames = [4]string{"一季度", "二季度", "三季度", "四季度"}

// chart lays out the chart of the given kind from calc's figures, or nil when the
// department has nothing to draw (no adjusted budget).
func chart(e *calc.Evaluation, kind, title string) (*Chart, error) {
	f := &e.Report
	switch kind {
	case ChartQuarterly:
		if !f.Total.Applicable {
			return nil, nil
		}
		c := &Chart{Kind: ChartLine, Title: title, Categories: quarterNames[:], Field: "表1-4"}
		progress := Series{Name: "累计支出进度", Values: f.QuarterPercents[:], Labels: f.Quarters[:]}
		schedule := Series{Name: "序时进度", Values: f.SchedulePercent[:], Labels: f.Schedule[:], Reference: true}
		c.Series = []Series{progress, schedule}
		c.Axis = percentAxis(c.Series)
		return c, nil
	case ChartExecution:
		if !f.Total.Applicable {
			return nil, nil
		}
		rows := []struct {
			name string
			x    calc.Execution
		}{
			{"总计", f.Total}, {"人员经费", f.PersonnelExec}, {"公用经费", f.PublicExec},
			{"项目支出", f.ProjectExec}, {"“三公”经费", f.ThreePublic}, {"政府采购", f.Procurement},
		}
		s := Series{Name: "预算执行率"}
		c := &Chart{Kind: ChartBar, Title: title, Field: "表1-4"}
		for _, r := range rows {
			c.Categories = append(c.Categories, r.name)
			s.Values = append(s.Values, r.x.RatePercent)
			s.Labels = append(s.Labels, r.x.Rate)
		}
		c.Series = []Series{s}
		c.Axis = percentAxis(c.Series)
		return c, nil
	}
	return nil, fmt.Errorf("未知的图表“%s”（可用：%s、%s）", kind, ChartQuarterly, ChartExecution)
}

// percentAxis is a percentage axis from 0 to 100%, or to the next 20% above the largest
// value when one exceeds 100%, in steps of 20%.
func percentAxis(series []Series) Axis {
	top := 100.0
	for _, s := range series {
		for _, v := range s.Values {
			top = math.Max(top, v)
		}
	}
	const step = 20.0
	return Axis{Max: math.Ceil(top/step) * step, Step: step, Unit: "%"}
}
