package xlsx

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLibreOffice converts the seed's 评价表 and a batch's 汇总 with LibreOffice: both must
// open (exit 0, a PDF produced) and the 汇总's CSV must hold the scores. Skipped when
// soffice is not installed (CI installs libreoffice-calc-nogui).
//
// With SELFEVAL_RENDER_DIR set, the PDFs and their pages as PNG (pdftoppm -r 70) are kept
// there for a person to look at.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"seed-评价表.xlsx": writeEval(t, seedEvaluation(t), Options{}),
		"汇总.xlsx":       writeSum(t, batch(t), Options{}),
	}
	var paths []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}

	convert := func(to string, paths ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		profile := filepath.Join(dir, "profile")
		args := append([]string{
			"-env:UserInstallation=file://" + filepath.ToSlash(profile),
			"--headless", "--norestore", "--convert-to", to, "--outdir", dir,
		}, paths...)
		cmd := exec.CommandContext(ctx, soffice, args...)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, out.String())
		}
	}
	convert("pdf", paths...)
	for name := range files {
		pdf := filepath.Join(dir, strings.TrimSuffix(name, ".xlsx")+".pdf")
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Errorf("%s: no PDF: %v", name, err)
			continue
		}
		if !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("%s: output is not a PDF", name)
		}
	}

	// 44,34,76: comma-separated, double-quoted, UTF-8; the first sheet (汇总) only.
	convert("csv:Text - txt - csv (StarCalc):44,34,76", filepath.Join(dir, "汇总.xlsx"))
	csv, err := os.ReadFile(filepath.Join(dir, "汇总.csv"))
	if err != nil {
		t.Fatalf("no CSV: %v", err)
	}
	for _, want := range []string{
		"深圳市罗湖区智慧城市建设中心", "90.73", "优", "84.73", "良", "58.73", "差",
		"99.19%", "16,075.09", "坏文件.xlsx", textFailed,
	} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("汇总.csv lacks %q:\n%s", want, csv)
		}
	}

	if keep := os.Getenv("SELFEVAL_RENDER_DIR"); keep != "" {
		render(t, dir, keep)
	}
}

// render copies the workbooks and PDFs to keep and renders the PDFs' pages to PNG there.
func render(t *testing.T, from, keep string) {
	t.Helper()
	if err := os.MkdirAll(keep, 0o755); err != nil {
		t.Fatal(err)
	}
	books, _ := filepath.Glob(filepath.Join(from, "*.xlsx"))
	for _, book := range books {
		data, err := os.ReadFile(book)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(keep, filepath.Base(book)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pdfs, _ := filepath.Glob(filepath.Join(from, "*.pdf"))
	for _, pdf := range pdfs {
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(keep, filepath.Base(pdf))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			continue
		}
		prefix := strings.TrimSuffix(dst, ".pdf")
		if out, err := exec.Command("pdftoppm", "-png", "-r", "70", dst, prefix).CombinedOutput(); err != nil {
			t.Errorf("pdftoppm %s: %v\n%s", dst, err, out)
		}
	}
}
