//go:build unix

// Command benchbatch measures selfeval on a batch of generated departments: it writes N
// synthetic submission workbooks (fixture.Random: varied tables, 3–6k characters of
// narrative), runs `selfeval run` over them as a child process, and reports departments
// per second, CPU seconds per department and the child's peak RSS. With -soffice K it
// also times LibreOffice converting K of the same workbooks to PDF, side by side.
//
// With -resume it also shows SPEC §2's re-runs: a second batch into a new folder is
// interrupted (SIGINT) when half its inputs are done, then run again to the end, then run
// once more unchanged; it prints each run's time and how many inputs each re-run reused.
//
//	go run ./cmd/benchbatch -n 1000
//	go run ./cmd/benchbatch -n 200 -soffice 5
//	go run ./cmd/benchbatch -n 300 -resume
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"selfeval/fixture"
	"selfeval/writer/submission"
)

func main() {
	n := flag.Int("n", 1000, "departments to generate")
	workers := flag.Int("workers", runtime.NumCPU(), "selfeval --workers")
	soffice := flag.Int("soffice", 0, "also time LibreOffice converting this many workbooks to PDF")
	dir := flag.String("dir", "", "work folder (default: a new temp folder, removed afterwards)")
	extra := flag.String("args", "", "extra arguments for selfeval run, e.g. --no-pdf")
	resume := flag.Bool("resume", false, "also interrupt a run at half, re-run it, and re-run it unchanged")
	flag.Parse()
	log.SetFlags(0)

	work := *dir
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "selfeval-bench-"); err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(work)
	}
	in, out := filepath.Join(work, fmt.Sprintf("in-%d", *n)), filepath.Join(work, "out")
	if err := os.RemoveAll(out); err != nil {
		log.Fatal(err)
	}
	bin := filepath.Join(work, "selfeval")
	if msg, err := exec.Command("go", "build", "-o", bin, "./cmd/selfeval").CombinedOutput(); err != nil {
		log.Fatalf("build selfeval (run from the repository root): %v\n%s", err, msg)
	}
	start := time.Now()
	if err := generate(in, *n); err != nil {
		log.Fatal(err)
	}
	log.Printf("generated %d workbooks in %s", *n, time.Since(start).Round(time.Millisecond))

	args := []string{"run", in, "--out", out, "--workers", fmt.Sprint(*workers)}
	if *extra != "" {
		args = append(args, *extra)
	}
	wall, cpu, rss, err := measure(bin, args...)
	if err != nil {
		log.Fatalf("selfeval run: %v", err)
	}
	perDept := wall / time.Duration(*n)
	fmt.Printf("selfeval: %d departments, workers %d: %.1f departments/s, %.1f ms CPU per department, peak RSS %.0f MB (wall %s)\n",
		*n, *workers, float64(*n)/wall.Seconds(), cpu.Seconds()*1000/float64(*n), float64(rss)/1024, wall.Round(time.Millisecond))

	if *resume {
		if err := measureResume(bin, in, filepath.Join(work, "out-resume"), *n, args[4:]); err != nil {
			log.Fatal(err)
		}
	}

	if *soffice > 0 {
		k := min(*soffice, *n)
		files, _ := filepath.Glob(filepath.Join(in, "*.xlsx"))
		pdfDir := filepath.Join(work, "soffice")
		profile := "-env:UserInstallation=file://" + filepath.Join(work, "lo-profile")
		// One soffice per file, as the issue measured it (≈3 s a file), and all files in one
		// soffice, which spreads its start-up over the batch.
		if _, _, _, err := measure("soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(pdfDir, "warm-up"), files[0]); err != nil {
			log.Fatalf("soffice: %v", err) // the first start creates the profile: not timed
		}
		var perFile, perFileCPU time.Duration
		for i, f := range files[:k] {
			w, c, _, err := measure("soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(pdfDir, fmt.Sprint(i)), f)
			if err != nil {
				log.Fatalf("soffice: %v", err)
			}
			perFile += w
			perFileCPU += c
		}
		perFile /= time.Duration(k)
		perFileCPU /= time.Duration(k)
		batched, _, _, err := measure("soffice", append([]string{profile, "--headless", "--convert-to", "pdf", "--outdir", pdfDir}, files[:k]...)...)
		if err != nil {
			log.Fatalf("soffice: %v", err)
		}
		batched /= time.Duration(k)
		fmt.Printf("LibreOffice → PDF, %d workbooks: %s per file (one soffice each), %s per file (one soffice for all); selfeval %s per department with all outputs: %.0f× / %.0f× faster\n",
			k, perFile.Round(time.Millisecond), batched.Round(time.Millisecond), perDept.Round(time.Microsecond),
			float64(perFile)/float64(perDept), float64(batched)/float64(perDept))
		// CPU per department does not depend on how many cores either side uses.
		cpuPerDept := cpu / time.Duration(*n)
		fmt.Printf("CPU per department: LibreOffice %s (one soffice each), selfeval %s: %.0f×\n",
			perFileCPU.Round(time.Millisecond), cpuPerDept.Round(time.Microsecond), float64(perFileCPU)/float64(cpuPerDept))
	}
}

// measureResume interrupts `selfeval run in --out out` once half of the n inputs have
// their JSON in out, then runs it again twice, printing the times.
func measureResume(bin, in, out string, n int, extra []string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	args := append([]string{"run", in, "--out", out}, extra...)
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	for done := 0; done < n/2; time.Sleep(5 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(out, "*.json"))
		done = len(files)
	}
	signalled := time.Since(start)
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	files, _ := filepath.Glob(filepath.Join(out, "*.json"))
	fmt.Printf("interrupted run: SIGINT after %s, ended %s later, exit %d, %d of %d inputs finished\n",
		signalled.Round(time.Millisecond), (time.Since(start) - signalled).Round(time.Millisecond),
		cmd.ProcessState.ExitCode(), len(files), n)
	for _, label := range []string{"resumed run", "unchanged re-run"} {
		c := exec.Command(bin, args...)
		var e bytes.Buffer
		c.Stderr = &e
		start := time.Now()
		err := c.Run()
		wall := time.Since(start)
		if c.ProcessState == nil {
			return err
		}
		reused := "0"
		if _, after, ok := bytes.Cut(e.Bytes(), []byte("其中 ")); ok {
			reused, _, _ = strings.Cut(string(after), " ")
		}
		fmt.Printf("%s: %s, exit %d, %s of %d inputs reused\n", label, wall.Round(time.Millisecond), c.ProcessState.ExitCode(), reused, n)
	}
	return nil
}

// generate writes n synthetic submissions into dir, in parallel. Files already there from
// an earlier run with the same -dir are kept (they are the same bytes).
func generate(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, runtime.NumCPU())
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			path := filepath.Join(dir, fmt.Sprintf("dept-%05d.xlsx", i))
			if _, err := os.Stat(path); err == nil {
				errs <- nil
				return
			}
			var buf bytes.Buffer
			if err := submission.Write(&buf, fixture.Random(uint64(i)), submission.Options{}); err != nil {
				errs <- err
				return
			}
			errs <- os.WriteFile(path, buf.Bytes(), 0o644)
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// measure runs a command and returns its wall time, user+system CPU time and peak RSS in KiB.
func measure(name string, args ...string) (time.Duration, time.Duration, int64, error) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return 0, 0, 0, err
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		return wall, 0, 0, err
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if exit, ok := err.(*exec.ExitError); ok && exit.ExitCode() == 1 {
		err = nil // some departments failed: still a measurement
	}
	return wall, cpu, ru.Maxrss, err
}
