package subset

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
)

// systemFont is a CJK font installed on the test machine; tests skip the ones absent.
type systemFont struct {
	name, path string
	face       int // face of a collection (.ttc)
}

var systemFonts = []systemFont{
	{"gbsn00lp", "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0},
	{"gkai00mp", "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0},
	{"wqy_zenhei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},
	{"lxgw_wenkai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0},
}

var fontCache sync.Map // path → []byte

// load returns the standalone TrueType bytes of sf, skipping the test if it is not installed.
func (sf systemFont) load(tb testing.TB) []byte {
	tb.Helper()
	key := fmt.Sprintf("%s#%d", sf.path, sf.face)
	if b, ok := fontCache.Load(key); ok {
		return b.([]byte)
	}
	data, err := os.ReadFile(sf.path)
	if os.IsNotExist(err) {
		tb.Skipf("font %s not installed", sf.path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	if strings.HasSuffix(sf.path, ".ttc") {
		data = extractFace(tb, data, sf.face)
	}
	fontCache.Store(key, data)
	return data
}

// parsed returns sf parsed, skipping the test if it is not installed.
func (sf systemFont) parsed(tb testing.TB) (*Font, []byte) {
	tb.Helper()
	data := sf.load(tb)
	f, err := Parse(data)
	if err != nil {
		tb.Fatalf("Parse(%s) = %v", sf.name, err)
	}
	return f, data
}

// extractFace returns face i of a TrueType collection as a standalone font.
func extractFace(tb testing.TB, ttc []byte, i int) []byte {
	tb.Helper()
	if string(ttc[:4]) != "ttcf" || int(binary.BigEndian.Uint32(ttc[8:])) <= i {
		tb.Fatalf("no face %d in collection", i)
	}
	off := int(binary.BigEndian.Uint32(ttc[12+4*i:]))
	n := u16(ttc, off+4)
	var tables []table
	for k := range n {
		rec := ttc[off+12+16*k:]
		start, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		tables = append(tables, computed(string(rec[:4]), ttc[start:start+length]))
	}
	sort.Slice(tables, func(a, b int) bool { return tables[a].tag < tables[b].tag })
	return assemble(tables)
}

// reportText returns about 3,000 characters of a budget performance report: Chinese prose,
// ASCII digits, full-width punctuation and percentages.
func reportText() string {
	paragraphs := []string{
		"一、部门基本情况",
		"本部门主要职责是贯彻执行国家和省、市有关财政、税收、国有资产管理的方针政策和法律法规，拟订全市财政发展战略、中长期规划和年度预算，参与制定全市国民经济和社会发展规划，承担全市财政收支的管理责任。",
		"二、预算执行情况",
		"2025年度部门调整后预算总额为12,345.67万元，其中基本支出8,901.23万元，项目支出3,444.44万元。全年实际支出11,876.54万元，预算执行率为96.2%，较上年提高3.5个百分点。",
		"三、绩效目标完成情况",
		"（一）产出指标。全年完成“数字财政”平台升级改造，覆盖预算单位326家；开展政府采购监督检查48次，发现并督促整改问题117个，整改完成率100%。",
		"（二）效益指标。通过优化支出结构，压减一般性支出15.8%，节约资金1,024.6万元，全部用于保障教育、医疗、养老等重点民生领域。",
		"（三）满意度指标。委托第三方机构开展服务对象满意度调查，共发放问卷1,200份，回收有效问卷1,138份，综合满意度为92.7%。",
		"四、存在的主要问题及原因分析",
		"一是部分项目前期论证不够充分，年中调整频繁，影响预算执行进度；二是个别绩效目标设置不够细化、量化，难以客观衡量；三是绩效评价结果与预算安排挂钩的机制仍需完善。",
		"五、下一步改进措施",
		"（一）强化事前绩效评估，新增重大政策和项目必须开展事前绩效评估，评估结果作为预算安排的重要依据。（二）加强绩效运行监控，按季度对绩效目标实现程度和预算执行进度实行“双监控”。（三）推动评价结果应用，对评价结果为“差”的项目，原则上压减50%以上预算。",
	}
	projects := []string{"信息化建设", "办公楼维修改造", "政府采购监管", "财政投资评审", "国有资产清查", "会计人员培训", "非税收入征管", "债务风险监测"}
	var b strings.Builder
	for i := 0; len([]rune(b.String())) < 3000; i++ {
		b.WriteString(paragraphs[i%len(paragraphs)])
		b.WriteString("\n")
		p := projects[i%len(projects)]
		fmt.Fprintf(&b, "（%d）“%s”项目：年初预算%d.%02d万元，调整后预算%d万元，实际支出%d万元，执行率%.1f%%，自评得分%d分。\n",
			i+1, p, 100+37*i, (13*i)%100, 120+41*i, 110+39*i, 80+float64(i%20), 70+i%30)
	}
	return b.String()
}

// distinctHan returns up to n distinct Han characters the font maps, spread over the
// CJK Unified Ideographs block.
func distinctHan(f *Font, n int) []rune {
	var have []rune
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if f.Has(r) && unicode.Is(unicode.Han, r) {
			have = append(have, r)
		}
	}
	if len(have) <= n {
		return have
	}
	out := make([]rune, n)
	for i := range out {
		out[i] = have[i*len(have)/n]
	}
	return out
}

// gofpdfDocument typesets text on A4 pages in a font given as TrueType bytes and returns
// the PDF. Lines are cut at 40 characters and written with Cell: gofpdf's MultiCell drops
// a character wherever it wraps CJK text. Dates are fixed so that the output depends only
// on the input.
func gofpdfDocument(ttf []byte, text string, size float64) ([]byte, error) {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.AddUTF8FontFromBytes("cjk", "", ttf)
	pdf.SetFont("cjk", "", size)
	pdf.AddPage()
	h := size * 0.45
	for _, line := range strings.Split(text, "\n") {
		for rs := []rune(line); len(rs) > 0; {
			n := min(40, len(rs))
			pdf.CellFormat(0, h, string(rs[:n]), "", 1, "L", false, 0, "")
			rs = rs[n:]
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// hanPage returns runes as lines of 40 characters.
func hanPage(runes []rune) string {
	var b strings.Builder
	for i, r := range runes {
		if i > 0 && i%40 == 0 {
			b.WriteByte('\n')
		}
		b.WriteRune(r)
	}
	return b.String()
}
