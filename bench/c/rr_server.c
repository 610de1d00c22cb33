/* rr_server: a ROUTER echo server for rr_client. It binds (or, with
 * ZR_CONNECT=1, connects to a proxy's backend), sends every message it gets
 * back whole, routing frames included, and exits after the n clients' warm-up
 * and timed round trips: n * (count/n + 1) messages. */
#include "pattern.h"

#define MAX_FRAMES 8

int main(int argc, char **argv)
{
    struct pargs a;
    long i, total;
    int k, f, plain = api_plain();
    size_t cap;
    zmq_msg_t m[MAX_FRAMES];
    char *buf[MAX_FRAMES];
    int len[MAX_FRAMES];
    void *ctx, *s;

    parse_pargs(argc, argv, &a);
    total = a.n * (a.count / a.n > 0 ? a.count / a.n + 1 : 2);
    cap = a.size < 256 ? 256 : a.size;
    ctx = new_ctx();
    s = new_socket(ctx, ZMQ_ROUTER, a.ep, 1);
    for (f = 0; f < MAX_FRAMES; f++) {
        zmq_msg_init(&m[f]);
        buf[f] = malloc(cap);
        if (!buf[f])
            die("malloc");
    }
    ready();
    for (i = 0; i < total; i++) {
        int more = 1;
        for (k = 0; more; k++) {
            if (k == MAX_FRAMES) {
                fprintf(stderr, "message of more than %d frames\n", MAX_FRAMES);
                return 1;
            }
            if (plain) {
                size_t ml = sizeof more;
                if ((len[k] = zmq_recv(s, buf[k], cap, 0)) < 0)
                    die("zmq_recv");
                if (zmq_getsockopt(s, ZMQ_RCVMORE, &more, &ml) != 0)
                    die("zmq_getsockopt");
            } else {
                if (zmq_msg_recv(&m[k], s, 0) < 0)
                    die("zmq_msg_recv");
                more = zmq_msg_more(&m[k]);
            }
        }
        for (f = 0; f < k; f++) {
            int fl = f < k - 1 ? ZMQ_SNDMORE : 0;
            if (plain ? zmq_send(s, buf[f], len[f], fl) < 0 : zmq_msg_send(&m[f], s, fl) < 0)
                die("send");
        }
    }
    for (f = 0; f < MAX_FRAMES; f++) {
        zmq_msg_close(&m[f]);
        free(buf[f]);
    }
    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("result role=rr_server size=%zu count=%ld messages=%ld\n", a.size, a.count, total);
    return 0;
}
