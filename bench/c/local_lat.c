/* local_lat: binds REP and echoes <count>+1 messages (the +1 is the
 * requester's untimed warm-up round trip). */
#include "curve.h"
#include "gssapi.h"

int main(int argc, char **argv)
{
    const char *ep;
    size_t size;
    long count, i;
    zmq_msg_t m;
    void *ctx = zmq_ctx_new();
    void *s = zmq_socket(ctx, ZMQ_REP);

    parse_args(argc, argv, &ep, &size, &count);
    if (!s)
        die("zmq_socket");
    curve_setup(s, 1);
    gssapi_setup(s, 1);
    if (zmq_bind(s, ep) != 0)
        die("zmq_bind");
    ready();
    zmq_msg_init(&m);
    for (i = 0; i <= count; i++) {
        recv_one(s, &m, size);
        if (zmq_msg_send(&m, s, 0) < 0)
            die("zmq_msg_send");
    }
    zmq_msg_close(&m);
    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("result role=local_lat size=%zu count=%ld\n", size, count);
    return 0;
}
