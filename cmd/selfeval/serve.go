package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/serve"
	"selfeval/writer/submission"
)

// defaultServeAddr is where `selfeval serve` listens unless --addr says otherwise; when
// the port is taken, any free port on 127.0.0.1 is used instead.
const defaultServeAddr = "127.0.0.1:8321"

// serveOptions are the flags of `selfeval serve`.
type serveOptions struct {
	addr      string // --addr; empty for defaultServeAddr with a free-port fallback
	open      bool   // open the default browser on the page
	workers   int
	timeout   time.Duration
	rubric    string
	templates string
	fonts     []string
}

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:      "serve",
		UsageText: "selfeval serve [--addr 地址:端口] [--open]",
		Usage:     "启动本机网页：在浏览器中上传填报工作簿、查看评分并下载全部结果，不需要命令行",
		Description: `默认只在本机（127.0.0.1）提供网页，启动后显示网址；端口被占用时自动换一个空闲端口。
   --addr 0.0.0.0:8321 可让局域网内其他电脑访问（会显示警告：任何能连到这台电脑的人都能上传文件）。
   每个打开的页面各自独立；页面关闭、一小时未使用或程序退出时，上传的文件和结果会被删除。
   在 Windows 上直接双击 selfeval.exe 即启动网页并打开浏览器。`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Usage: "监听的地址和端口（默认 " + defaultServeAddr + "，仅本机可访问）"},
			&cli.BoolFlag{Name: "open", Usage: "启动后用默认浏览器打开网页"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "每批同时处理的部门数（默认为 CPU 核数）"},
			timeoutFlag(),
			rubricFlag,
			templatesFlag,
			&cli.StringSliceFlag{Name: "font", Usage: "中文字体文件（.ttf/.ttc）或字体目录，可重复指定", TakesFile: true},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usagef("serve 不接受位置参数：%s", strings.Join(c.Args().Slice(), " "))
			}
			return runServe(c.Context, serveOptions{
				addr: c.String("addr"), open: c.Bool("open"), workers: c.Int("workers"), timeout: timeoutOf(c),
				rubric: c.String("rubric"), templates: c.String("templates"), fonts: c.StringSlice("font"),
			}, c.App.ErrWriter, nil)
		},
	}
}

// runServe serves the page until ctx is done (Ctrl+C, SIGTERM), then deletes every
// session's files. ready, when not nil, receives the page's URL once it is served.
func runServe(ctx context.Context, opt serveOptions, stderr io.Writer, ready func(url string)) error {
	if opt.workers < 1 {
		return usagef("--workers 必须至少为 1")
	}
	p, err := servePipeline(opt)
	if err != nil {
		return err
	}
	if p.fontErr != nil {
		fmt.Fprintf(stderr, "警告：%v\n      网页上生成的结果将没有自评报告 PDF，Word 版自评报告、评价表和 JSON 照常输出。\n", p.fontErr)
	}
	ln, served, err := listenServe(opt.addr)
	if err != nil {
		return err
	}
	srv := serve.New(served, serve.Options{
		RunBatch: p.serveBatch(opt.workers, opt.timeout),
		Template: p.blankTemplate,
		Logf:     func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) },
	})
	url := pageURL(served)
	if !loopback(served) {
		fmt.Fprintf(stderr, "警告：正在监听 %s，不只是本机：同一网络中任何能连到这台电脑的人都能打开此页面并上传文件。\n", opt.addr)
		if others := lanURLs(served); len(others) > 0 {
			fmt.Fprintf(stderr, "其他电脑可用：%s\n", strings.Join(others, "  "))
		}
	}
	fmt.Fprintf(stderr, "selfeval 网页已启动：%s\n请在浏览器中打开这个网址；按 Ctrl+C 或关闭此窗口即可退出。\n", url)
	if opt.open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(stderr, "无法自动打开浏览器（%v），请手动打开上面的网址。\n", err)
		}
	}
	if ready != nil {
		ready(url)
	}
	err = srv.Serve(ctx, ln)
	fmt.Fprintln(stderr, "已停止；本次上传的文件和生成的结果已从临时目录删除。")
	return err
}

// servePipeline is the pipeline of `selfeval run` with its default outputs (every
// per-department file), configured by serve's --rubric, --templates and --font.
func servePipeline(opt serveOptions) (*pipeline, error) {
	return newPipeline(pipelineOptions{rubric: opt.rubric, templates: opt.templates, fonts: opt.fonts, pdf: true, xlsx: true, docx: true})
}

// listenServe listens on addr, or on defaultServeAddr and, when that port is taken, on a
// free one. It returns the address the page is served at (the Host the server accepts).
func listenServe(addr string) (net.Listener, string, error) {
	if addr == "" {
		ln, err := net.Listen("tcp", defaultServeAddr)
		if err != nil { // taken (Windows reports it as WSAEADDRINUSE, not EADDRINUSE): any free port
			ln, err = net.Listen("tcp", "127.0.0.1:0")
		}
		if err != nil {
			return nil, "", fmt.Errorf("无法启动网页服务：%w", err)
		}
		return ln, ln.Addr().String(), nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", usagef("--addr %s 不是“地址:端口”的形式（例如 127.0.0.1:8321）", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", usagef("无法在 %s 上启动网页服务：%v", addr, err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if host != "" && net.ParseIP(host) == nil {
		return ln, net.JoinHostPort(host, port), nil // a name: browsers send it as Host
	}
	return ln, ln.Addr().String(), nil
}

// pageURL is the URL to print: an unspecified address (0.0.0.0, ::) is reached locally
// at 127.0.0.1.
func pageURL(served string) string {
	host, port, _ := net.SplitHostPort(served)
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// lanURLs are the page's URLs at this computer's own addresses, for a server listening on
// every interface (0.0.0.0 or ::).
func lanURLs(served string) []string {
	host, port, _ := net.SplitHostPort(served)
	if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
		return nil
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var urls []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			urls = append(urls, "http://"+net.JoinHostPort(n.IP.String(), port)+"/")
		}
	}
	return urls
}

func loopback(served string) bool {
	host, _, _ := net.SplitHostPort(served)
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveBatch is the page's batch: the run pipeline (same reading, scoring, outputs and
// summary, through batch.Run) over a session's uploads. The inputs are expanded as `run`
// expands its arguments, and named relative to the upload folder, so the page, the JSON
// and the manifest name files as the user uploaded them.
func (p *pipeline) serveBatch(workers int, timeout time.Duration) func(ctx context.Context, job serve.Job) (*batch.Report, error) {
	return func(ctx context.Context, job serve.Job) (*batch.Report, error) {
		paths := make([]string, len(job.Inputs))
		for i, in := range job.Inputs {
			paths[i] = filepath.Join(job.Dir, filepath.FromSlash(in))
		}
		found, err := batch.ExpandInputs(paths, job.Out)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, errors.New("上传的内容中没有找到 .xlsx 文件")
		}
		names := make([]string, len(found))
		for i, f := range found {
			rel, err := filepath.Rel(job.Dir, f)
			if err != nil {
				return nil, err
			}
			names[i] = filepath.ToSlash(rel)
		}
		opt, err := p.batchOptions(job.Out, workers, timeout, job.Progress)
		if err != nil {
			return nil, err
		}
		read := opt.Read
		opt.Read = func(ctx context.Context, name string) (*calc.Department, error) {
			d, err := read(ctx, filepath.Join(job.Dir, filepath.FromSlash(name)))
			if d != nil {
				d.Source = name // as the user uploaded it, not the session folder's path
			}
			return d, err
		}
		return batch.Run(ctx, names, opt)
	}
}

// blankTemplate is `selfeval template --year year` for the page.
func (p *pipeline) blankTemplate(year int) ([]byte, error) {
	var buf bytes.Buffer
	err := submission.Write(&buf, submission.Blank(year, ""), submission.Options{Year: year, Rubric: p.rubric})
	return buf.Bytes(), err
}

// openBrowser opens url in the default browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it
	return nil
}

// doubleClickArgs turns a start without arguments on Windows — a double-click on
// selfeval.exe — into `selfeval serve --open`: the user gets the page, not a console
// window that prints help and closes. Elsewhere the arguments are kept.
func doubleClickArgs(goos string, args []string) []string {
	if goos == "windows" && len(args) == 1 {
		return []string{args[0], "serve", "--open"}
	}
	return args
}
