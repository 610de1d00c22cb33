package main

import (
	"fmt"
	"os"

	zmq "github.com/zreactor/zmq"
)

// Fixed CURVE test keys (Z85), made once with libzmq's zmq_curve_keypair.
// This is a benchmark: they are published here and protect nothing.
// bench/c/curve.h holds the same four strings; keep them in step, since the
// harness pairs zr-perf with the C programs in CURVE mode.
const (
	curveServerPublic = "Td>NdyzdWl7IwAV?@rQdyxs0^Dn?Z}U{sRgs>KM&"
	curveServerSecret = "Vt6A$F^]t-/}&S}GoRZS--ha.&Rj&1:e$=iJBxfQ"
	curveClientPublic = "->V8?E>$EYM5?g+txH/Gof4=.H30tlF$$ilaS]x5"
	curveClientSecret = ".[A^0PM6Y{v>lg&{j>sA+k[Z+TqH#Kij3:/Tm#os"
)

// curveOn reports whether ZR_CURVE=1 asks for CURVE on every socket.
func curveOn() bool { return os.Getenv("ZR_CURVE") == "1" }

// setupCurve makes s the CURVE server (binding side) or a client of the
// fixed server key. No ZAP handler runs, so the server accepts any client,
// as libzmq does. Any failure is returned: a run that silently fell back to
// NULL would report the wrong figures.
func setupCurve(s *zmq.Socket, server bool) error {
	var err error
	set := func(name string, f func(string) error, v string) {
		if err == nil {
			if e := f(v); e != nil {
				err = fmt.Errorf("%s: %w", name, e)
			}
		}
	}
	if server {
		if e := s.SetCurveServer(true); e != nil {
			return fmt.Errorf("SetCurveServer: %w", e)
		}
		set("SetCurveSecretKey", s.SetCurveSecretKey, curveServerSecret)
		return err
	}
	set("SetCurveServerKey", s.SetCurveServerKey, curveServerPublic)
	set("SetCurvePublicKey", s.SetCurvePublicKey, curveClientPublic)
	set("SetCurveSecretKey", s.SetCurveSecretKey, curveClientSecret)
	return err
}
