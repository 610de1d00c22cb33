/* inproc_thr: PUSH -> PULL over inproc in one process, the sender on a thread
 * of its own and the receiver on the main thread, which times the first to
 * the last of <count> messages. <endpoint> is the inproc name. */
#include "pattern.h"

static struct pargs a;
static void *push;

static void *sender(void *arg)
{
    struct port p;
    long i;
    (void)arg;
    port_init(&p, push, a.size);
    for (i = 0; i < a.count; i++)
        port_send(&p, a.size, NULL, 0, 0);
    port_close(&p);
    return NULL;
}

int main(int argc, char **argv)
{
    struct port p;
    pthread_t t;
    int64_t start, elapsed, cpu0;
    long i;
    void *ctx, *pull;

    parse_pargs(argc, argv, &a);
    ctx = new_ctx();
    pull = new_socket(ctx, ZMQ_PULL, a.ep, 1);
    push = new_socket(ctx, ZMQ_PUSH, a.ep, 0);
    port_init(&p, pull, a.size);
    if (pthread_create(&t, NULL, sender, NULL) != 0)
        die("pthread_create");
    check_size(port_recv(&p), a.size);
    start = mono_ns();
    cpu0 = cpu_ns();
    for (i = 1; i < a.count; i++)
        check_size(port_recv(&p), a.size);
    elapsed = mono_ns() - start;
    cpu0 = cpu_ns() - cpu0;
    pthread_join(t, NULL);
    port_close(&p);
    zmq_close(push);
    zmq_close(pull);
    zmq_ctx_term(ctx);
    if (elapsed < 1)
        elapsed = 1;
    printf("result role=inproc_thr size=%zu count=%ld elapsed_ns=%lld msgs_per_s=%.0f "
           "cpu_ns_per_msg=%.0f peak_rss_kib=%ld\n",
           a.size, a.count, (long long)elapsed, (double)a.count * 1e9 / elapsed,
           (double)cpu0 / a.count, peak_rss_kib());
    return 0;
}
