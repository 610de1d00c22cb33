/* pub_fan: the publisher of the fan-out rows. It binds PUB (or, with
 * ZR_CONNECT=1, connects to a proxy's XSUB frontend) and binds a PULL at
 * <endpoint2> where the n subscribers of sub_fan report. Every message is
 * a topic byte, A, or A and B alternately with ZR_FILTER=1, then a kind byte.
 * It sends hellos (AH, 2 bytes) every millisecond until every subscriber said
 * it gets them (its subscription has arrived), then <count> data messages (D)
 * of <size> bytes (at least 3), then end marks (AE, 2 bytes) every
 * millisecond until every subscriber said it is done: a PUB drops what a full
 * pipe cannot take, so any single hello or end mark may be lost. The marks are
 * small so that a slow subscriber's queue of them stays small too. */
#include "pattern.h"

/* until_reports sends the 2-byte mark head until n reports of kind k arrived. */
static void until_reports(struct port *p, void *sync, const char *head, long n, char k)
{
    long got = 0;
    char b[8];
    int one_ms = 1;
    if (zmq_setsockopt(sync, ZMQ_RCVTIMEO, &one_ms, sizeof one_ms) != 0)
        die("zmq_setsockopt RCVTIMEO");
    while (got < n) {
        port_send(p, 2, head, 2, 0);
        for (;;) {
            int r = zmq_recv(sync, b, sizeof b, 0);
            if (r < 0 && zmq_errno() == EAGAIN)
                break;
            if (r < 0)
                die("zmq_recv sync");
            if (r >= 1 && b[0] == k)
                got++;
        }
    }
}

int main(int argc, char **argv)
{
    struct pargs a;
    struct port p;
    int64_t t0, elapsed;
    long i;
    int filter = env_is("ZR_FILTER", "1");
    void *ctx, *s, *sync;

    parse_pargs(argc, argv, &a);
    if (a.size < 3) {
        fprintf(stderr, "size must be >= 3\n");
        return 2;
    }
    ctx = new_ctx();
    s = new_socket(ctx, ZMQ_PUB, a.ep, 1);
    sync = zmq_socket(ctx, ZMQ_PULL);
    if (!sync || zmq_bind(sync, a.ep2) != 0)
        die("sync socket");
    port_init(&p, s, a.size);
    ready();
    until_reports(&p, sync, "AH", a.n, 'R');
    t0 = mono_ns();
    for (i = 0; i < a.count; i++)
        port_send(&p, a.size, filter && (i & 1) ? "BD" : "AD", 2, 0);
    elapsed = mono_ns() - t0;
    until_reports(&p, sync, "AE", a.n, 'D');
    port_close(&p);
    zmq_close(sync);
    zmq_close(s);
    zmq_ctx_term(ctx);
    if (elapsed < 1)
        elapsed = 1;
    printf("result role=pub_fan size=%zu count=%ld subs=%ld send_elapsed_ns=%lld sent_per_s=%.0f\n",
           a.size, a.count, a.n, (long long)elapsed, (double)a.count * 1e9 / elapsed);
    return 0;
}
