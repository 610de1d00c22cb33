/* Shared helpers of the pattern programs (inproc_thr, pull_thr, push_thr,
 * rr_server, rr_client, pub_fan, sub_fan, proxy): their arguments, the
 * environment switches the harness sets per row, and sending and receiving
 * through either of libzmq's APIs. Written from scratch for this bench.
 *
 * Arguments: <endpoint> <size> <count> <n> <endpoint2>, where n is the number
 * of clients or subscribers (1 where the role has no such notion) and
 * endpoint2 the second endpoint of roles that need one (the proxy's backend,
 * the publisher's sync socket), "-" otherwise.
 *
 * Environment (the same switches zr-perf reads):
 *   ZR_API=plain     zmq_send/zmq_recv into the caller's buffers; otherwise
 *                    zmq_msg_init_size/zmq_msg_send and zmq_msg_recv into one
 *                    reused zmq_msg_t, as the matrix programs do
 *   ZR_FRAMES=k      frames per message (pull_thr, push_thr; default 1)
 *   ZR_FILTER=1      publisher alternates topics A and B, subscribers take A
 *   ZR_CONNECT=1     a role that binds by default connects instead (behind a proxy)
 *   ZR_PROXY=xsubxpub|routerdealer   the proxy's socket pair
 *   ZR_IO_THREADS=k  I/O threads of the context (default 1) */
#ifndef ZR_PATTERN_H
#define ZR_PATTERN_H

#include <pthread.h>
#include "perf.h"

struct pargs {
    const char *ep;
    size_t size;
    long count;
    long n;
    const char *ep2;
};

static inline void parse_pargs(int argc, char **argv, struct pargs *a)
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s <endpoint> <size> <count> <n> <endpoint2|->\n", argv[0]);
        exit(2);
    }
    parse_args(argc, argv, &a->ep, &a->size, &a->count);
    a->n = atol(argv[4]);
    a->ep2 = argv[5];
    if (a->n < 1) {
        fprintf(stderr, "n must be >= 1\n");
        exit(2);
    }
}

static inline long env_long(const char *name, long def)
{
    const char *v = getenv(name);
    return v && *v ? atol(v) : def;
}

static inline int env_is(const char *name, const char *want)
{
    const char *v = getenv(name);
    return v && strcmp(v, want) == 0;
}

static inline int api_plain(void) { return env_is("ZR_API", "plain"); }

/* new_ctx makes the context with ZR_IO_THREADS I/O threads. */
static inline void *new_ctx(void)
{
    void *ctx = zmq_ctx_new();
    if (!ctx)
        die("zmq_ctx_new");
    if (zmq_ctx_set(ctx, ZMQ_IO_THREADS, (int)env_long("ZR_IO_THREADS", 1)) != 0)
        die("zmq_ctx_set IO_THREADS");
    return ctx;
}

/* new_socket makes a socket of type t attached to ep: bound when bind is set
 * and ZR_CONNECT=1 is not, connected otherwise. */
static inline void *new_socket(void *ctx, int t, const char *ep, int bind)
{
    void *s = zmq_socket(ctx, t);
    if (!s)
        die("zmq_socket");
    if (bind && !env_is("ZR_CONNECT", "1")) {
        if (zmq_bind(s, ep) != 0)
            die("zmq_bind");
    } else if (zmq_connect(s, ep) != 0)
        die("zmq_connect");
    return s;
}

/* cpu_ns is the CPU time (user + system) of the whole process so far. */
static inline int64_t cpu_ns(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
           ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

/* An endpoint of the frames a role moves: either API, one buffer or one
 * zmq_msg_t reused for every frame. */
struct port {
    void *s;
    int plain;
    char *buf; /* plain: receive buffer and bytes to send */
    size_t cap;
    zmq_msg_t m; /* msg: the frame last received */
};

static inline void port_init(struct port *p, void *s, size_t cap)
{
    p->s = s;
    p->plain = api_plain();
    p->cap = cap < 256 ? 256 : cap;
    p->buf = malloc(p->cap);
    if (!p->buf) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memset(p->buf, 'x', p->cap);
    zmq_msg_init(&p->m);
}

static inline void port_close(struct port *p)
{
    zmq_msg_close(&p->m);
    free(p->buf);
}

/* port_send sends a frame of size bytes whose first bytes are head (hlen of
 * them): from the buffer with ZR_API=plain, else built in a fresh zmq_msg_t
 * (zmq_msg_init_size, the rest left unset as remote_thr leaves it). */
static inline void port_send(struct port *p, size_t size, const char *head, size_t hlen, int flags)
{
    if (p->plain) {
        if (hlen)
            memcpy(p->buf, head, hlen);
        if (zmq_send(p->s, p->buf, size, flags) < 0)
            die("zmq_send");
        return;
    }
    zmq_msg_t m;
    if (zmq_msg_init_size(&m, size) != 0)
        die("zmq_msg_init_size");
    if (hlen)
        memcpy(zmq_msg_data(&m), head, hlen);
    if (zmq_msg_send(&m, p->s, flags) < 0)
        die("zmq_msg_send");
}

/* port_recv receives one frame and returns its size; port_data is its body. */
static inline size_t port_recv(struct port *p)
{
    if (p->plain) {
        int n = zmq_recv(p->s, p->buf, p->cap, 0);
        if (n < 0)
            die("zmq_recv");
        if ((size_t)n > p->cap) {
            fprintf(stderr, "frame of %d bytes, buffer of %zu\n", n, p->cap);
            exit(1);
        }
        return (size_t)n;
    }
    if (zmq_msg_recv(&p->m, p->s, 0) < 0)
        die("zmq_msg_recv");
    return zmq_msg_size(&p->m);
}

static inline const char *port_data(struct port *p)
{
    return p->plain ? p->buf : (const char *)zmq_msg_data(&p->m);
}

static inline int port_more(struct port *p)
{
    int more = 0;
    size_t len = sizeof more;
    if (!p->plain)
        return zmq_msg_more(&p->m);
    if (zmq_getsockopt(p->s, ZMQ_RCVMORE, &more, &len) != 0)
        die("zmq_getsockopt RCVMORE");
    return more;
}

static inline void check_size(size_t got, size_t want)
{
    if (got != want) {
        fprintf(stderr, "frame of %zu bytes, want %zu\n", got, want);
        exit(1);
    }
}

#endif
