package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// run is one finished command: its wall time, peak resident set size
// (from /usr/bin/time -v) and output.
type run struct {
	wall   time.Duration
	rssMB  float64
	stdout string
}

var maxRSS = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)

// timed runs a command under /usr/bin/time -v, with stdin from a file
// when in is set, and fails with its output when it fails.
func timed(ctx context.Context, in string, name string, args ...string) (run, error) {
	tf, err := os.CreateTemp("", "benchrun-time-*")
	if err != nil {
		return run{}, err
	}
	tf.Close()
	defer os.Remove(tf.Name())
	cmd := exec.CommandContext(ctx, "/usr/bin/time", append([]string{"-v", "-o", tf.Name(), name}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return run{}, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	start := time.Now()
	err = cmd.Run()
	r := run{wall: time.Since(start), stdout: out.String()}
	if err != nil {
		return r, fmt.Errorf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, tail(out.String()), tail(errb.String()))
	}
	tv, _ := os.ReadFile(tf.Name())
	if m := maxRSS.FindSubmatch(tv); m != nil {
		kb, _ := strconv.ParseFloat(string(m[1]), 64)
		r.rssMB = kb / 1024
	}
	return r, nil
}

// median runs a command n times and returns the median wall time.
func median(ctx context.Context, n int, name string, args ...string) (time.Duration, run, error) {
	var ds []time.Duration
	var last run
	for i := 0; i < n; i++ {
		r, err := timed(ctx, "", name, args...)
		if err != nil {
			return 0, r, err
		}
		ds = append(ds, r.wall)
		last = r
	}
	slices.Sort(ds)
	return ds[len(ds)/2], last, nil
}

// tail keeps the end of a long output for an error message.
func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
