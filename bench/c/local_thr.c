/* local_thr: binds PULL, times the first to the last of <count> messages. */
#include "curve.h"
#include "gssapi.h"

int main(int argc, char **argv)
{
    const char *ep;
    size_t size;
    long count, i;
    zmq_msg_t m;
    int64_t start, elapsed;
    void *ctx = zmq_ctx_new();
    void *s = zmq_socket(ctx, ZMQ_PULL);

    parse_args(argc, argv, &ep, &size, &count);
    if (!s)
        die("zmq_socket");
    curve_setup(s, 1);
    env_rcvhwm(s);
    gssapi_setup(s, 1);
    if (zmq_bind(s, ep) != 0)
        die("zmq_bind");
    ready();
    zmq_msg_init(&m);
    recv_one(s, &m, size);
    start = mono_ns();
    for (i = 1; i < count; i++)
        recv_one(s, &m, size);
    elapsed = mono_ns() - start;
    zmq_msg_close(&m);
    if (elapsed < 1)
        elapsed = 1;
    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("result role=local_thr size=%zu count=%ld elapsed_ns=%lld "
           "msgs_per_s=%.0f peak_rss_kib=%ld\n",
           size, count, (long long)elapsed, (double)count * 1e9 / elapsed,
           peak_rss_kib());
    return 0;
}
