/* GSSAPI mode of the perf programs: with ZR_GSSAPI=1 in the environment the
 * binding side is the GSSAPI server (its keys in KRB5_KTNAME) and the
 * connecting side its client, asking a ticket for ZR_GSSAPI_SERVICE (a
 * host-based name, "zmqtest@localhost"). The harness runs a private KDC and
 * sets the KRB5_* variables; ZR_GSSAPI_PLAINTEXT=1 authenticates only. */
#ifndef ZR_GSSAPI_H
#define ZR_GSSAPI_H

#include "perf.h"

/* gssapi_setup makes s a GSSAPI server (binding side) or client when
 * ZR_GSSAPI=1; it must run before zmq_bind/zmq_connect. */
static inline void gssapi_setup(void *s, int server)
{
    const char *on = getenv("ZR_GSSAPI");
    const char *plain = getenv("ZR_GSSAPI_PLAINTEXT");
    const char *svc = getenv("ZR_GSSAPI_SERVICE");
    int one = 1;

    if (!on || strcmp(on, "1") != 0)
        return;
    if (plain && strcmp(plain, "1") == 0
        && zmq_setsockopt(s, ZMQ_GSSAPI_PLAINTEXT, &one, sizeof one) != 0)
        die("ZMQ_GSSAPI_PLAINTEXT");
    if (server) {
        if (zmq_setsockopt(s, ZMQ_GSSAPI_SERVER, &one, sizeof one) != 0)
            die("ZMQ_GSSAPI_SERVER");
        return;
    }
    if (!svc)
        svc = "zmqtest@localhost";
    if (zmq_setsockopt(s, ZMQ_GSSAPI_SERVICE_PRINCIPAL, svc, strlen(svc)) != 0)
        die("ZMQ_GSSAPI_SERVICE_PRINCIPAL");
}

#endif
