/* pull_thr: binds PULL and times the first to the last of <count> messages of
 * ZR_FRAMES frames of <size> bytes each (local_thr with multipart messages
 * and either API). */
#include "pattern.h"

static void recv_message(struct port *p, size_t size, long frames)
{
    long f;
    for (f = 0; f < frames; f++) {
        check_size(port_recv(p), size);
        if (port_more(p) != (f < frames - 1)) {
            fprintf(stderr, "frame %ld of %ld: bad more flag\n", f + 1, frames);
            exit(1);
        }
    }
}

int main(int argc, char **argv)
{
    struct pargs a;
    struct port p;
    int64_t start, elapsed, cpu0;
    long i, frames = env_long("ZR_FRAMES", 1);
    void *ctx, *s;

    parse_pargs(argc, argv, &a);
    ctx = new_ctx();
    s = new_socket(ctx, ZMQ_PULL, a.ep, 1);
    port_init(&p, s, a.size);
    ready();
    recv_message(&p, a.size, frames);
    start = mono_ns();
    cpu0 = cpu_ns();
    for (i = 1; i < a.count; i++)
        recv_message(&p, a.size, frames);
    elapsed = mono_ns() - start;
    cpu0 = cpu_ns() - cpu0;
    port_close(&p);
    zmq_close(s);
    zmq_ctx_term(ctx);
    if (elapsed < 1)
        elapsed = 1;
    printf("result role=pull_thr size=%zu count=%ld frames=%ld elapsed_ns=%lld msgs_per_s=%.0f "
           "cpu_ns_per_msg=%.0f peak_rss_kib=%ld\n",
           a.size, a.count, frames, (long long)elapsed, (double)a.count * 1e9 / elapsed,
           (double)cpu0 / a.count, peak_rss_kib());
    return 0;
}
