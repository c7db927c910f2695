package report

import (
	"strings"

	"selfeval/calc"
)

// Data is what the report wording template (templates/report.tmpl) is executed with: the
// department's identity as printed, and calc's ReportFigures (embedded: .Income.Initial,
// .Total.Rate, .ThreePublic.Verdict.Text …). Every figure and verdict comes from calc;
// Data only cleans the department's own texts so that each stays on one template line.
type Data struct {
	calc.ReportFigures

	Year     int
	Name     string // 部门名称
	Head     string // 单位负责人
	Preparer string // 填报人
	Phone    string // 联系电话
	We       string // how the department refers to itself: 我单位

	RubricTitle string // 部门整体支出绩效评价指标评分表
	Score       string // total as printed: 90.73
	Grade       string // 优 良 中 差

	// PriorSentence compares the department with last year (--prior), as calc worded it:
	// 总分较上年提高 10.21 分，预算执行率较上年提高 5.00 个百分点。; "" when not compared.
	PriorSentence string
}

// DefaultRubricTitle names the score table when the rubric has no title.
const DefaultRubricTitle = "部门整体支出绩效评价指标评分表"

// data gathers what the wording template states.
func data(e *calc.Evaluation, we string) *Data {
	info := &e.Department.Info
	d := &Data{
		ReportFigures: e.Report,
		Year:          info.Year, Name: oneLine(info.Name), Head: oneLine(info.Head),
		Preparer: oneLine(info.Preparer), Phone: oneLine(info.Phone), We: we,
		RubricTitle: e.Rubric.Title, Score: e.TotalDisplay(), Grade: e.Grade,
	}
	if e.Prior != nil {
		d.PriorSentence = e.Prior.Sentence
	}
	if d.RubricTitle == "" {
		d.RubricTitle = DefaultRubricTitle
	}
	d.Disclosure.Note = oneLine(d.Disclosure.Note)
	return d
}

// oneLine keeps a user value on one line of the wording template.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}
