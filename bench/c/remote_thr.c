/* remote_thr: connects PUSH, sends <count> messages, closes with the default
 * linger so that everything queued is delivered before exit. */
#include "curve.h"
#include "gssapi.h"

int main(int argc, char **argv)
{
    const char *ep;
    size_t size;
    long count, i;
    zmq_msg_t m;
    void *ctx = zmq_ctx_new();
    void *s = zmq_socket(ctx, ZMQ_PUSH);

    parse_args(argc, argv, &ep, &size, &count);
    if (!s)
        die("zmq_socket");
    curve_setup(s, 0);
    gssapi_setup(s, 0);
    if (zmq_connect(s, ep) != 0)
        die("zmq_connect");
    for (i = 0; i < count; i++) {
        if (zmq_msg_init_size(&m, size) != 0)
            die("zmq_msg_init_size");
        if (zmq_msg_send(&m, s, 0) < 0)
            die("zmq_msg_send");
    }
    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("result role=remote_thr size=%zu count=%ld\n", size, count);
    return 0;
}
