//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"selfeval/batch"
	"selfeval/fixture"
	"selfeval/writer/submission"
)

// TestSignals runs the real binary and signals it, as a user's Ctrl-C or a supervisor's
// SIGTERM would: an interrupted run exits 130 with 已中断 and the count, leaves no partial
// file, manifest or summary; the same command again finishes the job, reusing what was
// done, and its folder equals an uninterrupted run's. check ends on SIGTERM (143) even
// while a read hangs.
func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "selfeval")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("run_interrupted_then_resumed", func(t *testing.T) {
		in := t.TempDir()
		const n = 40
		for i := range n {
			var buf bytes.Buffer
			if err := submission.Write(&buf, fixture.Random(uint64(i)), submission.Options{}); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("dept-%02d.xlsx", i)), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, out := filepath.Join(t.TempDir(), "want"), filepath.Join(t.TempDir(), "out")
		args := func(out string) []string {
			// Two outputs per input (.json, -评价表.xlsx), which done counts below.
			return []string{"run", in, "--out", out, "--workers", "1", "--no-pdf", "--no-docx"}
		}
		if r := runChild(t, bin, nil, args(want)...); r.code != exitOK {
			t.Fatalf("uninterrupted run: exit %d\n%s", r.code, r.stderr)
		}

		cmd := exec.Command(bin, args(out)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForFiles(t, out, 10, cmd)
		sent := time.Now()
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		t.Logf("SIGINT: ended %v after the signal", time.Since(sent).Round(time.Millisecond))
		if code := cmd.ProcessState.ExitCode(); code != 130 {
			t.Errorf("interrupted run: exit %d, want 130\n%s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "已中断") || !strings.Contains(stderr.String(), fmt.Sprintf("共 %d 个文件，已完成", n)) {
			t.Errorf("interrupted run's message lacks 已中断 and the count:\n%s", stderr.String())
		}
		for i := range n {
			if c := strings.Count(stderr.String(), fmt.Sprintf("dept-%02d.xlsx", i)); c > 1 {
				t.Errorf("dept-%02d.xlsx listed %d times", i, c)
			}
		}
		for _, name := range []string{batch.ManifestName, batch.SummaryName} {
			if _, err := os.Stat(filepath.Join(out, name)); err == nil {
				t.Errorf("the interrupted run wrote %s", name)
			}
		}
		done := 0 // finished inputs: one .json each
		for _, name := range checkOutputs(t, out) {
			if strings.HasSuffix(name, ".json") {
				done++
			}
		}
		if done == 0 || done >= n {
			t.Fatalf("%d of %d inputs finished before the interrupt; the test wants some, not all", done, n)
		}

		r := runChild(t, bin, nil, args(out)...)
		if r.code != exitOK {
			t.Fatalf("re-run: exit %d\n%s", r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, fmt.Sprintf("其中 %d 个文件的输入与设置都未改变", done)) {
			t.Errorf("re-run did not reuse the %d finished inputs:\n%s", done, r.stderr)
		}
		compareFolders(t, out, want)
		if m := readManifest(t, out); m.OK != n {
			t.Errorf("re-run manifest: %d ok, want %d", m.OK, n)
		}
	})

	t.Run("check_ends_on_sigterm", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "hangs.xlsx") // a read that never ends
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		cmd := exec.Command(bin, "check", fifo)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGTERM)
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatal("check still running 20 s after SIGTERM")
		}
		if code := cmd.ProcessState.ExitCode(); code != 143 {
			t.Errorf("check after SIGTERM: exit %d, want 143", code)
		}
	})
}

type childResult struct {
	code   int
	stderr string
}

func runChild(t *testing.T, bin string, env []string, args ...string) childResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("selfeval %s did not finish in %v", strings.Join(args, " "), childTimeout)
	}
	return childResult{code: cmd.ProcessState.ExitCode(), stderr: stderr.String()}
}

// waitForFiles waits until dir holds at least n per-department outputs.
func waitForFiles(t *testing.T, dir string, n int, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(childTimeout)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		count := 0
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".json") && !strings.Contains(e.Name(), ".selfeval-tmp-") {
				count++
			}
		}
		if count >= n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("%s never held %d outputs", dir, n)
}

// compareFolders checks that got holds the same files with the same bytes as want; the
// manifests may differ only in how many inputs were reused.
func compareFolders(t *testing.T, got, want string) {
	t.Helper()
	g, w := list(t, got), list(t, want)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("folders differ:\n%q\n%q", g, w)
		return
	}
	for _, name := range w {
		a, _ := os.ReadFile(filepath.Join(got, name))
		b, _ := os.ReadFile(filepath.Join(want, name))
		if name == batch.ManifestName {
			a = bytes.Replace(a, []byte(`"reused": `), []byte(`"reused-": `), 1)
			b = bytes.Replace(b, []byte(`"reused": `), []byte(`"reused-": `), 1)
			a, b = a[:bytes.Index(a, []byte(`"reused-"`))], b[:bytes.Index(b, []byte(`"reused-"`))]
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from the uninterrupted run's", name)
		}
	}
}
