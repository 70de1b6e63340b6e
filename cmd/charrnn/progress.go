package main

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
)

// progress reports training: on a terminal, one live line redrawn in place
// (iteration, smoothed loss, characters/s, elapsed time, ETA) with samples
// printed above it; otherwise plain log lines.
type progress struct {
	w                      io.Writer
	tty                    bool
	width                  int
	start, last            time.Time
	startIter, target, seq int
	it                     int
	loss                   float64
	drawn                  bool
}

func newProgress(w io.Writer, startIter, target, seq int) *progress {
	width, tty := terminalWidth(w)
	now := time.Now()
	return &progress{w: w, tty: tty, width: width, start: now, startIter: startIter, target: target, seq: seq, it: startIter}
}

// line formats the progress line to fit the terminal's width: in full
// when it fits, else in a compact form that keeps the ETA.
func (p *progress) line() string {
	el := time.Since(p.start)
	done := p.it - p.startIter
	rate, eta := 0.0, "?"
	if s := el.Seconds(); s > 0 && done > 0 {
		rate = float64(done*p.seq) / s
		eta = clock(time.Duration(float64(p.target-p.it) / float64(done) * float64(el)))
	}
	pct := int(100 * int64(p.it) / int64(max(p.target, 1)))
	l := fmt.Sprintf("iter %d/%d (%d%%)  loss %.3f nats/char  %s chars/s  elapsed %s  ETA %s",
		p.it, p.target, pct, p.loss, si(rate), clock(el), eta)
	if p.width > 1 && len(l) >= p.width {
		l = fmt.Sprintf("%d/%d %d%% loss %.3f ETA %s %s c/s %s", p.it, p.target, pct, p.loss, eta, si(rate), clock(el))
	}
	return l
}

// update records the state after iteration it; on a terminal it redraws
// the line at most 10 times a second, elsewhere it logs a line when force.
func (p *progress) update(it int, loss float64, force bool) {
	p.it, p.loss = it, loss
	if p.tty {
		if now := time.Now(); force || now.Sub(p.last) >= 100*time.Millisecond {
			p.last = now
			p.draw()
		}
		return
	}
	if force {
		fmt.Fprintln(p.w, p.line())
	}
}

func (p *progress) draw() {
	l := p.line()
	if p.width > 1 && len(l) >= p.width {
		l = l[:p.width-1]
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", l)
	p.drawn = true
}

// clear erases the live line so that other output can be printed.
func (p *progress) clear() {
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// sample prints a sample of the model above the progress line.
func (p *progress) sample(it int, loss float64, text string) {
	p.clear()
	fmt.Fprintf(p.w, "--- sample at iteration %d, loss %.3f nats/char:\n%s\n", it, loss, printable(text))
	if p.tty {
		p.draw()
	}
}

// logf prints a line of its own.
func (p *progress) logf(format string, args ...any) {
	p.clear()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// done ends the live line.
func (p *progress) done() {
	if p.tty && p.drawn {
		p.draw()
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// printable replaces control characters other than newline and tab, which
// could drive a terminal, by U+FFFD.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			return '\uFFFD'
		}
		return r
	}, s)
}

// si formats a rate with a k or M suffix.
func si(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// clock formats a duration as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s < 0 {
		s = 0
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
