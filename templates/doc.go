// Package templates holds what a finance bureau edits for a new year or region, embedded in
// the binary: the default rubric (rubric.yaml, the seed's 部门整体支出绩效评价指标评分表 with
// machine rules) and the report wording. --rubric and --templates replace them at run time.
package templates
