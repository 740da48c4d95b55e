package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressBar draws one line on stderr, redrawn in place, at most ten times
// a second. A nil *progressBar draws nothing.
type progressBar struct {
	w     io.Writer
	label string
	start time.Time
	last  time.Time
	drawn bool
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (a *app) newProgress(label string) *progressBar {
	if !a.showProgress() {
		return nil
	}
	return &progressBar{w: a.stderr, label: label, start: time.Now()}
}

func (a *app) showProgress() bool {
	if a.s.noProgress {
		return false
	}
	return a.s.progress || isTerminal(a.stderr)
}

// bytes shows a transfer: done of total bytes (total < 0: unknown).
func (p *progressBar) bytes(done, total int64) {
	if p == nil || !p.due(done == total) {
		return
	}
	rate := float64(done) / max(time.Since(p.start).Seconds(), 0.001)
	if total > 0 {
		frac := float64(done) / float64(total)
		p.draw(fmt.Sprintf("%s %s %3.0f%% %s / %s %s/s", p.label, bar(frac), frac*100, size(done), size(total), size(int64(rate))))
	} else {
		p.draw(fmt.Sprintf("%s %s %s/s", p.label, size(done), size(int64(rate))))
	}
}

// task shows a task's state and progress (0..1).
func (p *progressBar) task(state string, frac float64, final bool) {
	if p == nil || !p.due(final) {
		return
	}
	p.draw(fmt.Sprintf("%s %s %3.0f%% %s", p.label, bar(frac), frac*100, state))
}

func (p *progressBar) due(final bool) bool {
	now := time.Now()
	if !final && now.Sub(p.last) < 100*time.Millisecond {
		return false
	}
	p.last = now
	return true
}

func (p *progressBar) draw(line string) {
	fmt.Fprintf(p.w, "\r\033[K%s", line)
	p.drawn = true
}

// finish ends the progress line.
func (p *progressBar) finish() {
	if p != nil && p.drawn {
		fmt.Fprintln(p.w)
	}
}

func bar(frac float64) string {
	const width = 24
	frac = min(max(frac, 0), 1)
	n := int(frac * width)
	return "[" + strings.Repeat("=", n) + strings.Repeat(" ", width-n) + "]"
}

func size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n)
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB"} {
		f /= unit
		if f < unit {
			return fmt.Sprintf("%.1f %s", f, u)
		}
	}
	return fmt.Sprintf("%.1f PiB", f/unit)
}
