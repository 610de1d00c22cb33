/* remote_lat: connects REQ, does one untimed warm-up round trip, then times
 * <count> round trips and reports half the mean round trip. */
#include "curve.h"
#include "gssapi.h"

static void round_trip(void *s, zmq_msg_t *m, size_t size)
{
    if (zmq_msg_init_size(m, size) != 0)
        die("zmq_msg_init_size");
    if (zmq_msg_send(m, s, 0) < 0)
        die("zmq_msg_send");
    recv_one(s, m, size);
    zmq_msg_close(m);
}

int main(int argc, char **argv)
{
    const char *ep;
    size_t size;
    long count, i;
    zmq_msg_t m;
    int64_t start, elapsed;
    void *ctx = zmq_ctx_new();
    void *s = zmq_socket(ctx, ZMQ_REQ);

    parse_args(argc, argv, &ep, &size, &count);
    if (!s)
        die("zmq_socket");
    curve_setup(s, 0);
    gssapi_setup(s, 0);
    if (zmq_connect(s, ep) != 0)
        die("zmq_connect");
    round_trip(s, &m, size);
    start = mono_ns();
    for (i = 0; i < count; i++)
        round_trip(s, &m, size);
    elapsed = mono_ns() - start;
    printf("result role=remote_lat size=%zu count=%ld elapsed_ns=%lld "
           "latency_us=%.3f\n",
           size, count, (long long)elapsed, elapsed / 1e3 / (2.0 * count));
    zmq_close(s);
    zmq_ctx_term(ctx);
    return 0;
}
