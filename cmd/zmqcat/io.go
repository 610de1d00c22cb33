package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"sync"

	"github.com/zreactor/zmq"
)

// input is where messages to send come from: the --send values, or stdin lines read by a
// goroutine of its own (a read may block for as long as the user likes; the socket must not).
type input struct {
	delim string
	msgs  chan []byte   // stdin lines; closed at the end of the input
	err   error         // why msgs closed, if not EOF; read after msgs is closed
	quit  chan struct{} // closed by stop: the reader goroutine gives up sending
	once  sync.Once
	sends []string // --send values still to go
	fixed bool     // the input is the --send values
}

func newInput(cfg *config, stdin io.Reader) *input {
	in := &input{delim: cfg.delim, quit: make(chan struct{})}
	if cfg.sends != nil {
		in.sends, in.fixed = cfg.sends, true
		return in
	}
	in.msgs = make(chan []byte)
	if !needsInput(cfg) {
		close(in.msgs)
		return in
	}
	go in.read(stdin)
	return in
}

// needsInput tells the socket types that send what they read.
func needsInput(cfg *config) bool { return cfg.typ != zmq.PULL && cfg.typ != zmq.SUB }

// read feeds stdin's lines to msgs until EOF, an error, or stop.
func (in *input) read(stdin io.Reader) {
	defer close(in.msgs)
	r := bufio.NewReaderSize(stdin, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 || err == nil {
			line = bytes.TrimSuffix(line, []byte("\n"))
			line = bytes.TrimSuffix(line, []byte("\r"))
			select {
			case in.msgs <- line:
			case <-in.quit:
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				in.err = err
			}
			return
		}
	}
}

// next returns the next message's frames, io.EOF at the end of the input, or ctx's error.
func (in *input) next(ctx context.Context) ([][]byte, error) {
	if in.fixed {
		if len(in.sends) == 0 {
			return nil, io.EOF
		}
		m := in.sends[0]
		in.sends = in.sends[1:]
		return in.split([]byte(m)), nil
	}
	select {
	case line, ok := <-in.msgs:
		if !ok {
			if in.err != nil {
				return nil, in.err
			}
			return nil, io.EOF
		}
		return in.split(line), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// split cuts a line into frames at the delimiter.
func (in *input) split(line []byte) [][]byte {
	if in.delim == "" {
		return [][]byte{line}
	}
	return bytes.Split(line, []byte(in.delim))
}

// stop lets the reader goroutine go if it is waiting to hand over a line.
func (in *input) stop() { in.once.Do(func() { close(in.quit) }) }

// output prints received messages.
type output struct {
	delim string
	w     *bufio.Writer
}

func newOutput(cfg *config, stdout io.Writer) *output {
	return &output{delim: cfg.delim, w: bufio.NewWriter(stdout)}
}

// print writes a message: its frames joined by the delimiter on one line, or a frame per line
// and, after a multipart message, an empty line. It flushes, so a pipe sees each message as it
// comes.
func (o *output) print(frames [][]byte) error {
	if o.delim != "" {
		parts := make([]string, len(frames))
		for i, f := range frames {
			parts[i] = string(f)
		}
		o.w.WriteString(strings.Join(parts, o.delim))
		o.w.WriteByte('\n')
	} else {
		for _, f := range frames {
			o.w.Write(f)
			o.w.WriteByte('\n')
		}
		if len(frames) > 1 {
			o.w.WriteByte('\n')
		}
	}
	return o.w.Flush()
}
