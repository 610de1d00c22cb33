//go:build cgo

package libzmq

/*
#include <stdlib.h>
#include <zmq.h>
*/
import "C"

import "unsafe"

// Msg is one received frame with its flags and the properties asked for.
type Msg struct {
	Data  []byte
	More  bool
	Props map[string]string // name -> value; absent when libzmq has none
}

// Send sends one frame (zmq_send copies it). Flags: DontWait, SndMore.
func (s *Socket) Send(b []byte, flags Flag) error {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	for {
		rc, err := C.zmq_send(s.p, p, C.size_t(len(b)), C.int(flags))
		err = check("zmq_send", rc, err)
		if !retry(err) {
			return err
		}
	}
}

// SendMulti sends a whole message; flags apply to every frame, SndMore is
// added to all but the last.
func (s *Socket) SendMulti(frames [][]byte, flags Flag) error {
	for i, f := range frames {
		fl := flags &^ SndMore
		if i < len(frames)-1 {
			fl |= SndMore
		}
		if err := s.Send(f, fl); err != nil {
			return err
		}
	}
	return nil
}

// Recv receives one frame and whether more frames of the message follow.
func (s *Socket) Recv(flags Flag) ([]byte, bool, error) {
	m, err := s.RecvMsg(flags)
	if err != nil {
		return nil, false, err
	}
	return m.Data, m.More, nil
}

// RecvMulti receives all frames of one message.
func (s *Socket) RecvMulti(flags Flag) ([][]byte, error) {
	var out [][]byte
	for {
		b, more, err := s.Recv(flags)
		if err != nil {
			return out, err
		}
		out = append(out, b)
		if !more {
			return out, nil
		}
	}
}

// RecvMsg receives one frame and reads the named properties with
// zmq_msg_gets ("Socket-Type", "Routing-Id", "Peer-Address", "User-Id",
// or application metadata "X-...").
func (s *Socket) RecvMsg(flags Flag, props ...string) (*Msg, error) {
	m := (*C.zmq_msg_t)(C.malloc(C.size_t(unsafe.Sizeof(C.zmq_msg_t{}))))
	defer C.free(unsafe.Pointer(m))
	C.zmq_msg_init(m)
	defer C.zmq_msg_close(m)
	for {
		rc, err := C.zmq_msg_recv(m, s.p, C.int(flags))
		err = check("zmq_msg_recv", rc, err)
		if retry(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	out := &Msg{
		Data: C.GoBytes(C.zmq_msg_data(m), C.int(C.zmq_msg_size(m))),
		More: C.zmq_msg_more(m) != 0,
	}
	for _, name := range props {
		cn := C.CString(name)
		v := C.zmq_msg_gets(m, cn)
		C.free(unsafe.Pointer(cn))
		if v != nil {
			if out.Props == nil {
				out.Props = map[string]string{}
			}
			out.Props[name] = C.GoString(v)
		}
	}
	return out, nil
}
