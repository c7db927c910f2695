package main

import (
	"errors"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"selfeval/batch"
)

func init() {
	// urfave/cli's help is English; our users read Chinese (SPEC §2).
	zh := strings.NewReplacer(
		"NAME:", "名称：", "USAGE:", "用法：", "DESCRIPTION:", "说明：", "COMMANDS:", "命令：",
		"GLOBAL OPTIONS:", "全局选项：", "OPTIONS:", "选项：", "VERSION:", "版本：",
		"[global options]", "[全局选项]", "command [command options]", "命令 [命令选项]",
		"[command options]", "[选项]", "[arguments...]", "[参数...]",
	)
	cli.AppHelpTemplate = zh.Replace(cli.AppHelpTemplate)
	cli.CommandHelpTemplate = zh.Replace(cli.CommandHelpTemplate)
	cli.SubcommandHelpTemplate = zh.Replace(cli.SubcommandHelpTemplate)
	english := cli.FlagStringer
	cli.FlagStringer = func(f cli.Flag) string { return flagHelpZH(english(f)) }
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "显示帮助"}
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "显示版本"}
}

// flagHelpZH puts one line of cli's flag help into Chinese: "(default: x)" becomes
// "（默认：x）" (dropped when it says nothing: false, 0, empty), and a placeholder the
// flag's Usage did not name (cli's "value") becomes "值".
func flagHelpZH(s string) string {
	if i := strings.LastIndex(s, " (default: "); i >= 0 && strings.HasSuffix(s, ")") {
		def := s[i+len(" (default: ") : len(s)-1]
		s = s[:i]
		if def != "false" && def != "0" && def != "" {
			s += "（默认：" + def + "）"
		}
	}
	return strings.ReplaceAll(s, " value", " 值")
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Flags shared by several commands.
var (
	rubricFlag = &cli.StringFlag{
		Name: "rubric", Usage: "使用指定的评分表`文件`（YAML），代替内置的默认评分表", TakesFile: true,
	}
	templatesFlag = &cli.StringFlag{
		Name: "templates", Usage: "报告文字模板与字体所在`目录`，用于按地区或年度调整报告措辞", TakesFile: true,
	}
)

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:    "selfeval",
		Usage:   "部门整体支出绩效自评：读取部门填报的工作簿，计算各项比率与评分，生成评价表、自评报告（PDF）和汇总表",
		Version: version,
		Description: `常用示例：
   selfeval run 填报文件夹 --out 输出目录        批量生成全部部门的评价表、自评报告和汇总表
   selfeval check 某部门.xlsx                   只检查填报内容并显示得分，不写任何文件
   selfeval template --year 2021 -o 2021填报模板.xlsx   生成下一年度的空白填报工作簿
   selfeval rubric                              显示当前使用的评分表
   selfeval serve                               启动本机网页，在浏览器中上传、查看和下载（Windows 上双击即可）
   selfeval summary --out 合并 结果1 结果2        把多次运行的输出目录合并为一份汇总

退出码：0 全部成功；1 有文件处理失败（其余文件照常输出）；2 用法或配置错误（未写任何文件）；
   130 被 Ctrl-C 中断（143：被 SIGTERM 中断），重新运行同一命令即可继续。`,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // main decides the exit code
		OnUsageError:    onUsageError,
		// cli calls CommandNotFound and then returns nil; the app's Action runs instead for
		// anything that is not a command, and says so with exit code 2.
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				var names []string
				for _, cmd := range c.App.Commands {
					names = append(names, cmd.Name)
				}
				return usagef("未知命令 %q，可用命令：%s（运行 selfeval --help 查看用法）", c.Args().First(), strings.Join(names, "、"))
			}
			return cli.ShowAppHelp(c)
		},
		Commands: withUsageErrors(runCommand(), checkCommand(), templateCommand(), rubricCommand(), serveCommand(), summaryCommand()),
	}
}

// withUsageErrors gives every command the app's usage error handling: cli does not pass
// a subcommand's flag errors to the app's OnUsageError.
func withUsageErrors(cmds ...*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
	}
	return cmds
}

// onUsageError turns cli's flag parsing errors into usage errors (exit 2) in Chinese.
func onUsageError(_ *cli.Context, err error, _ bool) error {
	return usagef("用法错误：%s（运行 selfeval --help 查看用法）", translateCLIError(err))
}

// cliErrors are the flag package's and cli's error texts, as regular expressions, with
// their Chinese. A flag name is echoed with two dashes, as the help writes it.
var cliErrors = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^flag provided but not defined: -+(.+)$`), "不认识的选项 --$1"},
	{regexp.MustCompile(`^flag needs an argument: -+(.+)$`), "选项 --$1 后面需要一个值"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]+): (?:parse error|invalid syntax|value out of range)$`), "选项 --$2 的值“$1”不是有效的数字"},
	{regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]+): (.*)$`), "选项 --$2 的值“$1”无效：$3"},
	{regexp.MustCompile(`^invalid boolean value "(.*)" for -+([^:]+): .*$`), "选项 --$2 是开关，不带值（写 --$2 即可，不要写 --$2=$1）"},
	{regexp.MustCompile(`^Required flags? "(.+)" not set$`), "缺少必填的选项 --$1"},
}

// translateCLIError puts a flag parsing error into Chinese.
func translateCLIError(err error) string {
	s := err.Error()
	for _, e := range cliErrors {
		if e.re.MatchString(s) {
			return e.re.ReplaceAllString(s, e.zh)
		}
	}
	return s
}

// timeoutFlag is --timeout of run and serve; read it with timeoutOf.
func timeoutFlag() cli.Flag {
	return &cli.GenericFlag{Name: "timeout", Value: &secondsValue{batch.DefaultTimeout}, DefaultText: strconv.Itoa(int(batch.DefaultTimeout.Seconds())) + " 秒",
		Usage: "单个文件的最长处理`时间`，超时则跳过该文件：秒数（如 300）或带单位（如 90s、5m）"}
}

// timeoutOf is the --timeout given on c.
func timeoutOf(c *cli.Context) time.Duration { return c.Generic("timeout").(*secondsValue).d }

// secondsValue is --timeout: plain seconds ("120") or a Go duration ("90s", "2m", "1m30s").
type secondsValue struct{ d time.Duration }

func (v *secondsValue) Set(s string) error {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 0 {
		v.d = time.Duration(n * float64(time.Second))
		return nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		v.d = d
		return nil
	}
	return errors.New("应为秒数（如 120）或带单位的时长（如 90s、2m、1m30s）")
}

func (v *secondsValue) String() string {
	if v == nil || v.d == 0 {
		return ""
	}
	return v.d.String()
}

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		UsageText: "selfeval run [选项] 输入...",
		Usage:     "批量评价：为每个部门生成评价表（xlsx）、自评报告（PDF）和结果（JSON），并生成汇总表",
		ArgsUsage: "输入...（.xlsx 文件或文件夹，文件夹会递归查找）",
		Description: `对每个填报工作簿：读取并校验 → 计算比率与评分 → 写出
   <年度>-<部门名称>-评价表.xlsx、<年度>-<部门名称>-自评报告.pdf 和 .docx、<年度>-<部门名称>.json；
   全部完成后写出 汇总.xlsx、汇总报告.pdf 和 .docx、合订本.pdf 和 manifest.json。某个文件有错误时只影响它自己，其余照常输出。
   选项可以写在输入路径之前或之后。`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "./out", Usage: "输出`目录`（不存在时自动创建）", TakesFile: true},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), DefaultText: "CPU 核数", Usage: "同时处理的部门`数量`"},
			rubricFlag,
			templatesFlag,
			&cli.StringSliceFlag{Name: "font", Usage: "中文字体`文件`（.ttf/.ttc）或字体目录，可重复指定", TakesFile: true},
			&cli.BoolFlag{Name: "json", Usage: "在标准输出上每个部门输出一行 JSON 结果，代替中文日志"},
			&cli.BoolFlag{Name: "no-pdf", Usage: "不生成自评报告 PDF"},
			&cli.BoolFlag{Name: "no-xlsx", Usage: "不生成评价表 xlsx"},
			&cli.BoolFlag{Name: "no-docx", Usage: "不生成自评报告 Word 文档（docx）"},
			timeoutFlag(),
			&cli.BoolFlag{Name: "verbose", Usage: "结束时另列出耗时最长的文件"},
			&cli.StringFlag{Name: "prior", Usage: "上一年度的输出`目录`：同名部门在汇总表和报告中列出上年总分、等级和变化", TakesFile: true},
			&cli.StringFlag{Name: "shard", Usage: "只处理第 k 份（共 n 份），`k/n`；按文件路径稳定划分，各份用 selfeval summary 合并"},
			cpuProfileFlag,
		},
		Action: profiled(func(c *cli.Context) error {
			return runBatch(c.Context, runOptions{
				inputs:    c.Args().Slice(),
				out:       c.String("out"),
				workers:   c.Int("workers"),
				rubric:    c.String("rubric"),
				templates: c.String("templates"),
				fonts:     c.StringSlice("font"),
				jsonLines: c.Bool("json"),
				noPDF:     c.Bool("no-pdf"),
				noXLSX:    c.Bool("no-xlsx"),
				noDocx:    c.Bool("no-docx"),
				timeout:   timeoutOf(c),
				verbose:   c.Bool("verbose"),
				prior:     c.String("prior"),
				shard:     c.String("shard"),
			}, c.App.Writer, c.App.ErrWriter)
		}),
	}
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		UsageText: "selfeval check [选项] 输入...",
		Usage:     "检查填报工作簿：读取、校验并评分，显示问题和得分，不写任何文件",
		ArgsUsage: "输入...（.xlsx 文件或文件夹）",
		Description: `错误（如“不是数字”）使该文件无法评价，退出码为 1；
   警告（如合计数与明细不符）会列出涉及的单元格，但不影响退出码。`,
		Flags: []cli.Flag{rubricFlag},
		Action: func(c *cli.Context) error {
			return runCheck(c.Context, c.Args().Slice(), c.String("rubric"), c.App.Writer)
		},
	}
}

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:      "template",
		UsageText: "selfeval template --year 年度 [--from 上年填报.xlsx] [--dept 部门名称] -o 输出文件",
		Usage:     "生成空白填报工作簿（可从上一年度的填报结转部门名称、功能分类和资产类别）",
		Description: `示例：
   selfeval template --year 2021 -o 2021填报模板.xlsx
   selfeval template --year 2021 --from 2020某部门.xlsx -o 2021某部门.xlsx
   selfeval template --example -o 示例.xlsx      （完整填写的示例工作簿）`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "year", Usage: "填报`年度`（必填，--example 时除外）"},
			&cli.StringFlag{Name: "from", Usage: "上一年度的填报工作簿`文件`，结转部门信息、功能分类和资产类别，清空金额", TakesFile: true},
			&cli.StringFlag{Name: "dept", Usage: "`部门名称`"},
			&cli.BoolFlag{Name: "example", Usage: "写出一个完整填写的示例工作簿"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "输出`文件`（必填）", TakesFile: true},
			&cli.BoolFlag{Name: "force", Usage: "输出文件已存在时覆盖它（默认拒绝覆盖）"},
			rubricFlag,
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usagef("template 不接受位置参数：%s", strings.Join(c.Args().Slice(), " "))
			}
			return runTemplate(c.Context, templateOptions{
				year: c.Int("year"), from: c.String("from"), dept: c.String("dept"),
				example: c.Bool("example"), out: c.String("out"), force: c.Bool("force"), rubric: c.String("rubric"),
			}, c.App.ErrWriter)
		},
	}
}

func rubricCommand() *cli.Command {
	return &cli.Command{
		Name:      "rubric",
		UsageText: "selfeval rubric [--rubric 评分表.yaml] [--yaml]",
		Usage:     "显示当前使用的评分表；配合 --rubric 检查自定义评分表是否有效",
		Flags: []cli.Flag{
			rubricFlag,
			&cli.BoolFlag{Name: "yaml", Usage: "输出评分表的 YAML 原文（可作为自定义评分表的起点）"},
		},
		Action: func(c *cli.Context) error {
			return runRubric(c.String("rubric"), c.Bool("yaml"), c.App.Writer)
		},
	}
}
