/* scale_push: opens <conns> PUSH sockets to one endpoint, sends one "H"
 * hello on each, then <count> data messages round robin over them. */
#include "perf.h"

static void send_byte(void *s, size_t size, char first)
{
    zmq_msg_t m;
    if (zmq_msg_init_size(&m, size) != 0)
        die("zmq_msg_init_size");
    *(char *)zmq_msg_data(&m) = first;
    if (zmq_msg_send(&m, s, 0) < 0)
        die("zmq_msg_send");
}

int main(int argc, char **argv)
{
    const char *ep;
    size_t size;
    long count, conns, i;
    int64_t start;
    void **socks;
    void *ctx;

    if (argc < 5) {
        fprintf(stderr, "usage: %s <endpoint> <size> <count> <conns>\n",
                argv[0]);
        return 2;
    }
    parse_args(argc, argv, &ep, &size, &count);
    conns = atol(argv[4]);
    if (size < 1)
        size = 1;
    raise_nofile();
    ctx = zmq_ctx_new();
    /* libzmq caps a context at 1023 sockets by default. */
    if (zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, (int)conns + 16) != 0)
        die("zmq_ctx_set");
    socks = calloc((size_t)conns, sizeof *socks);
    start = mono_ns();
    for (i = 0; i < conns; i++) {
        socks[i] = zmq_socket(ctx, ZMQ_PUSH);
        if (!socks[i])
            die("zmq_socket");
        if (zmq_connect(socks[i], ep) != 0)
            die("zmq_connect");
        send_byte(socks[i], 1, 'H');
    }
    for (i = 0; i < count; i++)
        send_byte(socks[i % conns], size, 'D');
    printf("result role=scale_push conns=%ld start_mono_ns=%lld "
           "rss_kib=%ld\n",
           conns, (long long)start, rss_kib());
    fflush(stdout);
    for (i = 0; i < conns; i++)
        zmq_close(socks[i]);
    zmq_ctx_term(ctx);
    free(socks);
    return 0;
}
