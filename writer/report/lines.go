package report

import (
	"fmt"
	"strings"
)

// ownDirective lays out one of a template's own directives (@table, @chart …) from its
// argument; it may give no block (a table without rows).
type ownDirective func(arg string) ([]Block, error)

// parseLines turns the output of a wording template into doc's blocks, one line at a time
// (templates/report.tmpl describes the format): the lines every template shares — # …
// #### headings, @title, @center, @right, @section portrait|landscape, @pagebreak, any
// other line a paragraph — and the template's own directives in own, by name (@field …).
// Consecutive @field lines form one HeaderBlock. name is the template's, for errors:
// 报告模板输出第 12 行：…
func parseLines(out, name string, doc *Document, own map[string]ownDirective) error {
	var header *HeaderBlock // the HeaderBlock the line before added to, if it did
	for n, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(clean(line))
		if line == "" {
			continue
		}
		where := func(format string, args ...any) error {
			return fmt.Errorf("%s输出第%d行：%s", name, n+1, fmt.Sprintf(format, args...))
		}
		word, _, _ := strings.Cut(line, " ")
		if f, ok := own[word]; ok && word[0] == '@' {
			blocks, err := f(arg(line))
			if err != nil {
				return where("%v", err)
			}
			if len(blocks) == 1 {
				if h, ok := blocks[0].(*HeaderBlock); ok {
					if header != nil {
						header.Lines = append(header.Lines, h.Lines...)
						continue
					}
					header = h
					doc.Blocks = append(doc.Blocks, h)
					continue
				}
			}
			header = nil
			doc.Blocks = append(doc.Blocks, blocks...)
			continue
		}
		header = nil
		switch {
		case strings.HasPrefix(line, "#"):
			level := len(line) - len(strings.TrimLeft(line, "#"))
			if level > 4 {
				return where("标题最多四级：%s", line)
			}
			doc.Blocks = append(doc.Blocks, &Heading{Level: level, Text: strings.TrimSpace(line[level:])})
		case directive(line, "@title"):
			doc.Title = arg(line)
			doc.Blocks = append(doc.Blocks, &Title{Text: arg(line)})
		case directive(line, "@center"), directive(line, "@right"):
			align := AlignCenter
			if directive(line, "@right") {
				align = AlignRight
			}
			doc.Blocks = append(doc.Blocks, &Paragraph{Text: arg(line), Align: align, NoIndent: true})
		case directive(line, "@section"):
			switch arg(line) {
			case "portrait":
				doc.Blocks = append(doc.Blocks, &Section{Orientation: Portrait})
			case "landscape":
				doc.Blocks = append(doc.Blocks, &Section{Orientation: Landscape})
			default:
				return where("@section 后应为 portrait（纵向）或 landscape（横向）：%s", line)
			}
		case directive(line, "@pagebreak"):
			doc.Blocks = append(doc.Blocks, &PageBreak{})
		case line[0] == '@':
			return where("未知的指令：%s", line)
		default:
			doc.Blocks = append(doc.Blocks, &Paragraph{Text: line, Align: AlignJustify})
		}
	}
	return nil
}

func directive(line, name string) bool {
	return line == name || strings.HasPrefix(line, name+" ")
}

func arg(line string) string {
	_, a, _ := strings.Cut(line, " ")
	return strings.TrimSpace(a)
}
