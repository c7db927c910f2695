package calc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Kinds of rubric problems: every *RubricError wraps one of these, so callers and tests can
// ask errors.Is(err, ErrUnknownInput) of the joined error ParseRubric returns.
var (
	ErrRubricSyntax   = errors.New("评分表文件无法解析")
	ErrRubricShape    = errors.New("评分表结构不完整")
	ErrUnknownKind    = errors.New("未知的评分规则")
	ErrUnknownInput   = errors.New("未知的输入")
	ErrWeightMismatch = errors.New("权重不符")
	ErrDuplicateID    = errors.New("指标 id 重复")
	ErrBadBands       = errors.New("分档有误")
	ErrBadRule        = errors.New("评分规则参数有误")
)

// RubricError is one problem found in a rubric file. Its message is Chinese and names the
// level or indicator concerned:
//
//	指标 key_tasks（重点工作完成情况）：未知的输入“unfinished”
type RubricError struct {
	Where  string // 一级指标 部门决策, 指标 key_tasks（重点工作完成情况）…; empty for the whole file
	Kind   error  // one of ErrRubricSyntax … ErrBadRule
	Detail string // Chinese, what is wrong
}

func (e *RubricError) Error() string {
	if e.Where == "" {
		return "评分表：" + e.Detail
	}
	return e.Where + "：" + e.Detail
}

// Unwrap returns the kind of problem, for errors.Is.
func (e *RubricError) Unwrap() error { return e.Kind }

// ParseRubric reads a rubric from YAML (the form of templates/rubric.yaml) and validates
// it: rule kinds and inputs known, weights adding up (一级 to 100, each level to the sum of
// the one below, a sum rule's parts to its weight), bands complete and within the weight,
// ids unique. Every problem is reported, joined with errors.Join; each is a *RubricError.
func ParseRubric(data []byte) (*Rubric, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var r Rubric
	if err := dec.Decode(&r); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &RubricError{Kind: ErrRubricShape, Detail: "文件为空"}
		}
		return nil, syntaxError(err)
	}
	if err := validateRubric(&r); err != nil {
		return nil, err
	}
	return &r, nil
}

var (
	yamlUnknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	yamlLine         = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// syntaxError turns a YAML decoding error into RubricErrors, one per problem, with the
// line numbers and what to fix in Chinese: the bureau's IT person reads these, not the
// YAML parser's English.
func syntaxError(err error) error {
	fixes := []struct{ english, chinese string }{
		{"did not find expected node content", "这里缺少值，或值的写法不对：以 : [ ] { } # & * ! | > ' \" % @ 开头的文字要整个加引号"},
		{"mapping values are not allowed in this context", "冒号用错了地方：值里含有“: ”时请给整个值加引号，或检查这一行的缩进"},
		{"did not find expected key", "缩进不对或缺少键：同一层的各项应左对齐，每项写成“键: 值”"},
		{"could not find expected ':'", "缺少冒号：每一项应写成“键: 值”（冒号后要有空格）"},
		{"did not find expected '-' indicator", "列表项没有对齐：同一列表的各项都以“- ”开头，并且缩进相同"},
		{"found character that cannot start any token", "含有不能出现在这里的字符（常见的是制表符 Tab）：YAML 只能用空格缩进，特殊字符开头的文字要加引号"},
		{"found a tab character", "含有制表符 Tab：YAML 只能用空格缩进"},
		{"found unexpected end of stream", "文件意外结束：可能有引号或括号没有闭合"},
		{"found unknown escape character", "双引号里的反斜杠“\\”写法不对：改用单引号，或写成“\\\\”"},
		{"did not find expected alphabetic or numeric character", "“&”或“*”后面缺少名称：文字中含有这两个符号时请整个加引号"},
		{"did not find expected whitespace or line break", "冒号或短横线后面缺少空格"},
		{"did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或其中各项没有用逗号隔开：以 [ 开头的文字要整个加引号"},
		{"did not find expected ',' or '}'", "花括号 { } 没有闭合，或其中各项没有用逗号隔开：以 { 开头的文字要整个加引号"},
		{"found duplicate key", "同一层里有重复的键"},
		{"already defined", "同一层里有重复的键"},
		{"control characters are not allowed", "含有不可见的控制字符：请用文本编辑器删除后另存为 UTF-8"},
		{"invalid leading UTF-8 octet", "文件不是 UTF-8 编码：请用文本编辑器另存为 UTF-8"},
		{"invalid trailing UTF-8 octet", "文件不是 UTF-8 编码：请用文本编辑器另存为 UTF-8"},
		{"incomplete UTF-8 octet sequence", "文件不是 UTF-8 编码：请用文本编辑器另存为 UTF-8"},
	}
	unmarshal := regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
	notDecimal := regexp.MustCompile(`can't convert (.*) to decimal`)
	kinds := map[string]string{"str": "文字", "int": "整数", "float": "数字", "bool": "是/否", "seq": "列表", "map": "键值对", "null": "空值"}
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var errs []error
	for _, m := range msgs {
		line, text := "", strings.TrimPrefix(m, "yaml: ")
		if s := yamlUnknownField.FindStringSubmatch(m); s != nil {
			errs = append(errs, &RubricError{Kind: ErrRubricSyntax, Detail: fmt.Sprintf("第 %s 行：未知字段“%s”，请检查拼写（字段名见 selfeval rubric --yaml 的输出）", s[1], s[2])})
			continue
		}
		if s := yamlLine.FindStringSubmatch(m); s != nil {
			line, text = s[1], s[2]
		}
		detail := ""
		for _, f := range fixes {
			if strings.Contains(text, f.english) {
				detail = f.chinese
				break
			}
		}
		if s := unmarshal.FindStringSubmatch(text); detail == "" && s != nil {
			kind := kinds[s[1]]
			if kind == "" {
				kind = s[1]
			}
			want := "别的类型"
			switch t := strings.ToLower(s[3]); {
			case strings.Contains(t, "decimal"), strings.Contains(t, "float"), strings.Contains(t, "int"):
				want = "数字"
			case strings.HasPrefix(t, "[]"):
				want = "列表（每项以“- ”开头）"
			case strings.Contains(t, "string"):
				want = "文字"
			case strings.Contains(t, "map"), strings.Contains(t, "calc."):
				want = "键值对（“键: 值”，下一层缩进）"
			}
			if s[2] != "" {
				detail = fmt.Sprintf("这里的值“%s”是%s，应为%s", s[2], kind, want)
			} else {
				detail = fmt.Sprintf("这里写的是%s，应为%s", kind, want)
			}
		}
		if s := notDecimal.FindStringSubmatch(text); detail == "" && s != nil {
			detail = fmt.Sprintf("“%s”不是数字：权重、分值和阈值请写成数字，如 5、0.5、90%%写作 0.9", s[1])
		}
		if detail == "" {
			detail = "YAML 格式错误（" + text + "）：请检查这一行和上一行的缩进、冒号和引号"
		}
		if line != "" {
			detail = fmt.Sprintf("第 %s 行：%s", line, detail)
		}
		errs = append(errs, &RubricError{Kind: ErrRubricSyntax, Detail: detail})
	}
	return errors.Join(errs...)
}

type rubricValidator struct {
	errs []error
	ids  map[string]bool
}

func (v *rubricValidator) add(where string, kind error, format string, args ...any) {
	v.errs = append(v.errs, &RubricError{Where: where, Kind: kind, Detail: fmt.Sprintf(format, args...)})
}

var hundredPoints = decimal.NewFromInt(100)

func validateRubric(r *Rubric) error {
	v := &rubricValidator{ids: map[string]bool{}}
	if len(r.Grades) == 0 {
		v.add("", ErrRubricShape, "没有等级（grades）")
	}
	for i, g := range r.Grades {
		if g.Name == "" {
			v.add("", ErrRubricShape, "第 %d 个等级没有名称", i+1)
		}
	}
	if len(r.Levels) == 0 {
		v.add("", ErrRubricShape, "没有一级指标（levels）")
	}
	total := decimal.Zero
	for i := range r.Levels {
		l1 := &r.Levels[i]
		total = total.Add(l1.Weight)
		where := "一级指标 " + l1.Name
		if l1.Name == "" {
			where = fmt.Sprintf("第 %d 个一级指标", i+1)
			v.add(where, ErrRubricShape, "没有名称")
		}
		if len(l1.Groups) == 0 {
			v.add(where, ErrRubricShape, "没有二级指标")
		}
		sum := decimal.Zero
		for j := range l1.Groups {
			l2 := &l1.Groups[j]
			sum = sum.Add(l2.Weight)
			v.group(where, j, l2)
		}
		if !sum.Equal(l1.Weight) {
			v.add(where, ErrWeightMismatch, "权重 %s ≠ 其二级指标权重之和 %s", l1.Weight, sum)
		}
	}
	if len(r.Levels) > 0 && !total.Equal(hundredPoints) {
		v.add("", ErrWeightMismatch, "一级指标权重之和 %s ≠ 100", total)
	}
	return errors.Join(v.errs...)
}

func (v *rubricValidator) group(parent string, j int, l2 *Level2) {
	where := "二级指标 " + l2.Name
	if l2.Name == "" {
		where = fmt.Sprintf("%s 的第 %d 个二级指标", parent, j+1)
		v.add(where, ErrRubricShape, "没有名称")
	}
	if len(l2.Indicators) == 0 {
		v.add(where, ErrRubricShape, "没有三级指标")
	}
	sum := decimal.Zero
	for k := range l2.Indicators {
		ind := &l2.Indicators[k]
		sum = sum.Add(ind.Weight)
		v.indicator(where, k, ind)
	}
	if !sum.Equal(l2.Weight) {
		v.add(where, ErrWeightMismatch, "权重 %s ≠ 其三级指标权重之和 %s", l2.Weight, sum)
	}
}

func (v *rubricValidator) indicator(parent string, k int, ind *Indicator) {
	where := fmt.Sprintf("指标 %s（%s）", ind.ID, ind.Name)
	switch {
	case ind.ID == "" && ind.Name == "":
		where = fmt.Sprintf("%s 的第 %d 个指标", parent, k+1)
		v.add(where, ErrRubricShape, "没有 id 和名称")
	case ind.ID == "":
		where = "指标 " + ind.Name
		v.add(where, ErrRubricShape, "没有 id")
	case ind.Name == "":
		v.add(where, ErrRubricShape, "没有名称")
	}
	if ind.ID != "" {
		if v.ids[ind.ID] {
			v.add(where, ErrDuplicateID, "id “%s” 已被其他指标使用", ind.ID)
		}
		v.ids[ind.ID] = true
	}
	if ind.Weight.IsNegative() {
		v.add(where, ErrWeightMismatch, "权重 %s 为负数", ind.Weight)
	}
	rule := &ind.Rule
	v.audit(where, ind)
	if rule.Kind != KindSum && len(rule.Parts) > 0 {
		v.add(where, ErrBadRule, "只有 sum 规则可以有 parts")
	}
	needInput := func() {
		switch {
		case rule.Input == "":
			v.add(where, ErrUnknownInput, "%s 规则缺少 input", rule.Kind)
		case !KnownInput(rule.Input):
			v.add(where, ErrUnknownInput, "未知的输入“%s”", rule.Input)
		}
	}
	switch rule.Kind {
	case KindManual:
	case KindBands:
		needInput()
		v.bands(where, ind)
	case KindProportional:
		needInput()
	case KindDeduction:
		needInput()
		if !rule.Per.IsPositive() {
			v.add(where, ErrBadRule, "deduction 规则的 per 应大于 0")
		}
		if rule.Unit != nil && !rule.Unit.IsPositive() {
			v.add(where, ErrBadRule, "deduction 规则的 unit 应大于 0")
		}
		if rule.Free != nil && rule.Free.IsNegative() {
			v.add(where, ErrBadRule, "deduction 规则的 free 不能为负数")
		}
	case KindQuarterlyExecution:
		if n := len(rule.Schedule); n != 0 && n != len(QuarterColumns) {
			v.add(where, ErrBadRule, "schedule 应有 %d 个季度的序时进度，实有 %d 个", len(QuarterColumns), n)
		}
		for _, s := range rule.Schedule {
			if !s.IsPositive() {
				v.add(where, ErrBadRule, "序时进度 %s 应大于 0", s)
			}
		}
		if aw := rule.AverageWeight; aw != nil && aw.IsNegative() {
			v.add(where, ErrBadRule, "average_weight %s 为负数", aw)
		}
	case KindSum:
		if len(rule.Parts) == 0 {
			v.add(where, ErrBadRule, "sum 规则没有 parts")
			break
		}
		sum := decimal.Zero
		for i := range rule.Parts {
			p := &rule.Parts[i]
			sum = sum.Add(p.Weight)
			v.indicator(where, i, p)
		}
		if !sum.Equal(ind.Weight) {
			v.add(where, ErrWeightMismatch, "权重 %s ≠ 其各部分权重之和 %s", ind.Weight, sum)
		}
	case "":
		v.add(where, ErrUnknownKind, "没有评分规则（rule.kind）")
	default:
		v.add(where, ErrUnknownKind, "未知的评分规则“%s”", rule.Kind)
	}
}

// audit validates an indicator's audit criteria: only on a hand-scored indicator, each a
// computed rule, their points within the indicator's weight.
func (v *rubricValidator) audit(where string, ind *Indicator) {
	if len(ind.Audit) == 0 {
		return
	}
	if ind.Rule.Kind != KindManual {
		v.add(where, ErrBadRule, "只有 manual 规则的指标可以有 audit（审核规则）")
	}
	sum := decimal.Zero
	for i := range ind.Audit {
		c := &ind.Audit[i]
		sum = sum.Add(c.Weight)
		switch c.Rule.Kind {
		case KindManual, KindSum:
			v.add(fmt.Sprintf("%s 的审核规则 %s", where, c.Name), ErrBadRule, "审核规则须按数据计算，不能是 %s", c.Rule.Kind)
		}
		v.indicator(where+" 的审核规则", i, c)
	}
	if sum.GreaterThan(ind.Weight) {
		v.add(where, ErrWeightMismatch, "审核规则的分值之和 %s 超过权重 %s", sum, ind.Weight)
	}
}

func (v *rubricValidator) bands(where string, ind *Indicator) {
	bands := ind.Rule.Bands
	if len(bands) == 0 {
		v.add(where, ErrBadBands, "bands 规则没有分档")
		return
	}
	for i, b := range bands {
		if b.Score.IsNegative() || b.Score.GreaterThan(ind.Weight) {
			v.add(where, ErrBadBands, "第 %d 档得分 %s 不在 0 至权重 %s 之间", i+1, b.Score, ind.Weight)
		}
	}
	if !bandsCover(bands) {
		v.add(where, ErrBadBands, "分档没有覆盖所有取值：最后一档应不设上下限（其他情况）")
	}
}

// bound is one end of a band's interval; inf means unbounded on that side.
type bound struct {
	inf  bool
	v    decimal.Decimal
	incl bool
}

// bandsCover reports whether every value falls into at least one band.
func bandsCover(bands []Band) bool {
	type interval struct{ lo, hi bound }
	var ivs []interval
	for _, b := range bands {
		lo, hi := bound{inf: true}, bound{inf: true}
		if b.Min != nil {
			lo = bound{v: *b.Min, incl: true}
		}
		if b.Above != nil && (lo.inf || b.Above.GreaterThanOrEqual(lo.v)) {
			lo = bound{v: *b.Above}
		}
		if b.Max != nil {
			hi = bound{v: *b.Max, incl: true}
		}
		if b.Below != nil && (hi.inf || b.Below.LessThanOrEqual(hi.v)) {
			hi = bound{v: *b.Below}
		}
		ivs = append(ivs, interval{lo, hi})
	}
	// Sort by lower end: unbounded first, then by value, closed before open.
	sort.SliceStable(ivs, func(i, j int) bool {
		a, b := ivs[i].lo, ivs[j].lo
		switch {
		case a.inf != b.inf:
			return a.inf
		case a.inf:
			return false
		case !a.v.Equal(b.v):
			return a.v.LessThan(b.v)
		}
		return a.incl && !b.incl
	})
	// reach: everything below reach (and reach itself when incl) is covered.
	var reach *bound
	for _, iv := range ivs {
		if reach == nil {
			if !iv.lo.inf {
				return false // nothing covers −∞ … the first lower bound
			}
		} else if !reach.inf {
			gap := !iv.lo.inf && (iv.lo.v.GreaterThan(reach.v) ||
				iv.lo.v.Equal(reach.v) && !reach.incl && !iv.lo.incl)
			if gap {
				return false
			}
		}
		hi := iv.hi
		if reach == nil || hi.inf || (!reach.inf && (hi.v.GreaterThan(reach.v) || hi.v.Equal(reach.v) && hi.incl)) {
			reach = &hi
		}
	}
	return reach != nil && reach.inf
}
