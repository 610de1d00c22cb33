/* scale_pull: one PULL bound for the connection-scale run. Counts one "H"
 * hello per connecting PUSH (all connected), then times <count> data
 * messages ("D...") from first to last. Reports RSS before and after. */
#include "perf.h"

int main(int argc, char **argv)
{
    const char *ep;
    size_t size;
    long count, conns, hellos = 0, data = 0;
    long rss_base, rss_conn = -1;
    int64_t t_conn = 0, t_first = 0, t_last = 0;
    zmq_msg_t m;
    void *ctx, *s;

    if (argc < 5) {
        fprintf(stderr, "usage: %s <endpoint> <size> <count> <conns>\n",
                argv[0]);
        return 2;
    }
    parse_args(argc, argv, &ep, &size, &count);
    conns = atol(argv[4]);
    raise_nofile();
    ctx = zmq_ctx_new();
    s = zmq_socket(ctx, ZMQ_PULL);
    if (!s)
        die("zmq_socket");
    if (zmq_bind(s, ep) != 0)
        die("zmq_bind");
    rss_base = rss_kib();
    ready();
    zmq_msg_init(&m);
    while (hellos < conns || data < count) {
        if (zmq_msg_recv(&m, s, 0) < 0)
            die("zmq_msg_recv");
        if (zmq_msg_size(&m) > 0 && *(char *)zmq_msg_data(&m) == 'H') {
            if (++hellos == conns) {
                t_conn = mono_ns();
                rss_conn = rss_kib();
            }
            continue;
        }
        if (data++ == 0)
            t_first = mono_ns();
        t_last = mono_ns();
    }
    zmq_msg_close(&m);
    if (t_last <= t_first)
        t_last = t_first + 1;
    printf("result role=scale_pull conns=%ld size=%zu count=%ld "
           "connected_mono_ns=%lld elapsed_ns=%lld msgs_per_s=%.0f "
           "rss_base_kib=%ld rss_connected_kib=%ld rss_end_kib=%ld "
           "peak_rss_kib=%ld\n",
           conns, size, count, (long long)t_conn,
           (long long)(t_last - t_first),
           (double)(count - 1) * 1e9 / (t_last - t_first), rss_base,
           rss_conn, rss_kib(), peak_rss_kib());
    fflush(stdout);
    zmq_close(s);
    zmq_ctx_term(ctx);
    return 0;
}
