package main

import (
	"fmt"
	"io"

	"selfeval/calc"
)

// runRubric prints the rubric in force (validated on loading) as a table, or its YAML.
func runRubric(file string, asYAML bool, w io.Writer) error {
	r, raw, err := loadRubric(file)
	if err != nil {
		return err
	}
	if asYAML {
		_, err := w.Write(raw)
		return err
	}
	src := "内置默认评分表"
	if file != "" {
		src = file
	}
	fmt.Fprintf(w, "%s（%s，有效）\n\n", r.Title, src)
	for _, l1 := range r.Levels {
		fmt.Fprintf(w, "%s  %s\n", l1.Name, l1.Weight)
		for _, l2 := range l1.Groups {
			fmt.Fprintf(w, "  %s  %s\n", l2.Name, l2.Weight)
			for _, ind := range l2.Indicators {
				printIndicator(w, "    ", ind)
			}
		}
	}
	fmt.Fprint(w, "\n等级：")
	for i, g := range r.Grades {
		if i > 0 {
			fmt.Fprint(w, "，")
		}
		fmt.Fprintf(w, "%s ≥ %s", g.Name, g.Min)
	}
	fmt.Fprintln(w)
	if notes := r.Notes(); len(notes) > 0 {
		fmt.Fprintln(w, "\n提示：")
		for _, n := range notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
	return nil
}

func printIndicator(w io.Writer, indent string, ind calc.Indicator) {
	rule := calc.KindName(ind.Rule.Kind)
	if ind.Rule.Input != "" {
		rule += "（" + ind.Rule.Input + "）"
	}
	if ind.Rule.Kind == calc.KindManual {
		entry := ind.Rule.Entry
		if entry == "" {
			entry = ind.Name
		}
		rule += "：评分录入“" + entry + "”"
	}
	fmt.Fprintf(w, "%s%s  %s  [%s]  %s\n", indent, ind.Name, ind.Weight, ind.ID, rule)
	for _, part := range ind.Rule.Parts {
		printIndicator(w, indent+"  ", part)
	}
	for _, a := range ind.Audit {
		fmt.Fprintf(w, "%s  审核：%s  %s 分  %s（%s）\n", indent, a.Name, a.Weight, calc.KindName(a.Rule.Kind), a.Rule.Input)
	}
}
