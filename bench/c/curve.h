/* CURVE mode of the perf programs: with ZR_CURVE=1 in the environment the
 * binding side is the CURVE server and the connecting side its client, so the
 * harness can measure libzmq's CURVE throughput beside zreactor's.
 *
 * The key pairs are fixed test keys, made once with zmq_curve_keypair and
 * published here: this is a benchmark, never use them to protect anything.
 * bench/cmd/zr-perf/curve.go holds the same four strings; keep them in step.
 * No ZAP handler runs, so libzmq's server accepts any client key. */
#ifndef ZR_CURVE_H
#define ZR_CURVE_H

#include "perf.h"

#define CURVE_SERVER_PUBLIC "Td>NdyzdWl7IwAV?@rQdyxs0^Dn?Z}U{sRgs>KM&"
#define CURVE_SERVER_SECRET "Vt6A$F^]t-/}&S}GoRZS--ha.&Rj&1:e$=iJBxfQ"
#define CURVE_CLIENT_PUBLIC "->V8?E>$EYM5?g+txH/Gof4=.H30tlF$$ilaS]x5"
#define CURVE_CLIENT_SECRET ".[A^0PM6Y{v>lg&{j>sA+k[Z+TqH#Kij3:/Tm#os"

static inline void set_key(void *s, int opt, const char *z85, const char *what)
{
    if (zmq_setsockopt(s, opt, z85, 40) != 0)
        die(what);
}

/* curve_setup makes s a CURVE server (binding side) or client when
 * ZR_CURVE=1; it must run before zmq_bind/zmq_connect. */
static inline void curve_setup(void *s, int server)
{
    const char *on = getenv("ZR_CURVE");
    int one = 1;

    if (!on || strcmp(on, "1") != 0)
        return;
    if (server) {
        if (zmq_setsockopt(s, ZMQ_CURVE_SERVER, &one, sizeof one) != 0)
            die("ZMQ_CURVE_SERVER");
        set_key(s, ZMQ_CURVE_SECRETKEY, CURVE_SERVER_SECRET, "ZMQ_CURVE_SECRETKEY");
        return;
    }
    set_key(s, ZMQ_CURVE_SERVERKEY, CURVE_SERVER_PUBLIC, "ZMQ_CURVE_SERVERKEY");
    set_key(s, ZMQ_CURVE_PUBLICKEY, CURVE_CLIENT_PUBLIC, "ZMQ_CURVE_PUBLICKEY");
    set_key(s, ZMQ_CURVE_SECRETKEY, CURVE_CLIENT_SECRET, "ZMQ_CURVE_SECRETKEY");
}

#endif
