package calc

import (
	"fmt"
	"sort"
	"strings"
)

// ScoreEntry is one row of 评分录入 as the template lists it and Evaluate matches it
// (SPEC §3): a hand-scored indicator or part, whose row is its score, or a computed one,
// whose row is the department's claim, checked by the audit and never counted.
type ScoreEntry struct {
	Name       string     // the name the template prints: the 三级指标 or the part
	Indicator  *Indicator // what the row scores or claims
	HandScored bool       // the row is the score (rule kind manual); otherwise a claim
	Aliases    []string   // other names that mean the same row (the 三级指标 of a hand-scored part, a manual rule's entry)
}

// ScoreEntries lists the 评分录入 rows of a rubric: hand-scored rows first, then computed
// ones, each group in rubric order. An indicator with exactly one hand-scored part
// (政府采购执行情况) is that part under either name; its computed parts are claim rows.
func ScoreEntries(r *Rubric) []ScoreEntry {
	var hand, computed []ScoreEntry
	manualEntry := func(ind *Indicator, aliases ...string) ScoreEntry {
		e := ScoreEntry{Name: ind.Name, Indicator: ind, HandScored: true}
		if ind.Rule.Entry != "" && ind.Rule.Entry != ind.Name {
			e.Aliases = append(e.Aliases, ind.Rule.Entry)
		}
		e.Aliases = append(e.Aliases, aliases...)
		return e
	}
	for i := range r.Levels {
		for j := range r.Levels[i].Groups {
			g := &r.Levels[i].Groups[j]
			for k := range g.Indicators {
				ind := &g.Indicators[k]
				switch ind.Rule.Kind {
				case KindManual:
					hand = append(hand, manualEntry(ind))
				case KindSum:
					var manual []*Indicator
					for p := range ind.Rule.Parts {
						if ind.Rule.Parts[p].Rule.Kind == KindManual {
							manual = append(manual, &ind.Rule.Parts[p])
						}
					}
					if len(manual) == 0 {
						computed = append(computed, ScoreEntry{Name: ind.Name, Indicator: ind})
						continue
					}
					for _, p := range manual {
						if len(manual) == 1 {
							hand = append(hand, manualEntry(p, ind.Name))
						} else {
							hand = append(hand, manualEntry(p))
						}
					}
					for p := range ind.Rule.Parts {
						if part := &ind.Rule.Parts[p]; part.Rule.Kind != KindManual {
							computed = append(computed, ScoreEntry{Name: part.Name, Indicator: part})
						}
					}
					if len(manual) > 1 {
						computed = append(computed, ScoreEntry{Name: ind.Name, Indicator: ind})
					}
				default:
					computed = append(computed, ScoreEntry{Name: ind.Name, Indicator: ind})
				}
			}
		}
	}
	return append(hand, computed...)
}

// claimTargets are the computed parts of sum rules that a row may claim by the part's name
// without the template listing them (公用经费控制率's “三公”经费控制率).
func claimTargets(r *Rubric) []ScoreEntry {
	var out []ScoreEntry
	for i := range r.Levels {
		for j := range r.Levels[i].Groups {
			g := &r.Levels[i].Groups[j]
			for k := range g.Indicators {
				ind := &g.Indicators[k]
				for p := range ind.Rule.Parts {
					if part := &ind.Rule.Parts[p]; part.Rule.Kind != KindManual {
						out = append(out, ScoreEntry{Name: part.Name, Indicator: part})
					}
				}
			}
		}
	}
	return out
}

// entryRows is what Evaluate matched of 评分录入: for each indicator or part, its row.
type entryRows map[*Indicator]*ManualScore

// matchEntries matches the department's 评分录入 rows to the rubric's indicators by name
// (normalised, SPEC §3). A row that names nothing, or names a row already given, is a
// warning naming its cell; the close names are suggested.
func (s *scorer) matchEntries(r *Rubric) entryRows {
	byKey := map[string]*Indicator{}
	var names []string
	add := func(name string, ind *Indicator) {
		key, _, _ := NormalizeLabel(name)
		if _, taken := byKey[key]; key == "" || taken {
			return
		}
		byKey[key] = ind
		names = append(names, name)
	}
	for _, e := range append(ScoreEntries(r), claimTargets(r)...) {
		add(e.Name, e.Indicator)
		for _, a := range e.Aliases {
			add(a, e.Indicator)
		}
	}
	rows := entryRows{}
	for i := range s.d.ManualScores {
		m := &s.d.ManualScores[i]
		cell := m.Cell
		if cell == (CellRef{}) {
			cell = m.Score.Cell
		}
		ind, ok := byKey[m.Key]
		if !ok {
			msg := fmt.Sprintf("评分录入“%s”不是评分表中的指标，已忽略", m.Name)
			if close := closeNames(m.Name, names); len(close) > 0 {
				msg += "；是否指：" + strings.Join(close, "、") + "？"
			}
			s.Add(SeverityWarning, CodeEntryUnknown, cellsOf(cell), "%s", msg)
			continue
		}
		if prev, dup := rows[ind]; dup {
			s.Add(SeverityWarning, CodeEntryDuplicate, cellsOf(cell, prev.Cell),
				"评分录入“%s”与“%s”是同一项（%s），只采用先出现的一行", m.Name, prev.Name, ind.Name)
			continue
		}
		rows[ind] = m
	}
	return rows
}

// closeNames returns up to three of names that look like a typo of name — within a small
// edit distance, or sharing most of their characters — keeping only the closest.
func closeNames(name string, names []string) []string {
	key, _, _ := NormalizeLabel(name)
	a := []rune(key)
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for _, n := range names {
		k, _, _ := NormalizeLabel(n)
		b := []rune(k)
		d := editDistance(a, b)
		limit := max(1, min(len(a), len(b))/3)
		if d <= limit || sharedShare(a, b) >= 0.6 {
			cands = append(cands, cand{n, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for _, c := range cands {
		if len(out) == 3 || c.dist > cands[0].dist {
			break // only the closest: 合里性 suggests 合理性, not also 规范性
		}
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance between two strings of characters.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// sharedShare is the share of the longer string's characters that the other also has.
func sharedShare(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := map[rune]int{}
	for _, r := range b {
		in[r]++
	}
	shared := 0
	for _, r := range a {
		if in[r] > 0 {
			in[r]--
			shared++
		}
	}
	return float64(shared) / float64(max(len(a), len(b)))
}

// claim records a 评分录入 row for a computed indicator or part as the department's claim.
func (rows entryRows) claim(ind *Indicator, sc *IndicatorScore) {
	m, ok := rows[ind]
	if !ok {
		return
	}
	sc.Note = m.Note
	if m.Score.Present {
		v := m.Score.Amount
		sc.Claimed = &v
		sc.ClaimCell = m.Score.Cell
	}
}
