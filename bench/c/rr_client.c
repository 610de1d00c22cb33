/* rr_client: n DEALER clients, one thread each, doing round trips with
 * rr_server (directly or through a proxy). Each does one untimed warm-up round
 * trip, then all start together and each does count/n round trips; the result
 * is the round trips of all clients per second, from the start to the last
 * client done. */
#include "pattern.h"

static struct pargs a;
static long per;
static void *ctx;
static pthread_barrier_t start;

static void *client(void *arg)
{
    struct port p;
    long i;
    (void)arg;
    port_init(&p, new_socket(ctx, ZMQ_DEALER, a.ep, 0), a.size);
    port_send(&p, a.size, NULL, 0, 0);
    check_size(port_recv(&p), a.size);
    pthread_barrier_wait(&start);
    for (i = 0; i < per; i++) {
        port_send(&p, a.size, NULL, 0, 0);
        check_size(port_recv(&p), a.size);
    }
    zmq_close(p.s);
    port_close(&p);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t *t;
    int64_t t0, elapsed, cpu0;
    long i;

    parse_pargs(argc, argv, &a);
    per = a.count / a.n > 0 ? a.count / a.n : 1;
    ctx = new_ctx();
    t = calloc(a.n, sizeof *t);
    if (!t || pthread_barrier_init(&start, NULL, a.n + 1) != 0)
        die("setup");
    for (i = 0; i < a.n; i++)
        if (pthread_create(&t[i], NULL, client, NULL) != 0)
            die("pthread_create");
    pthread_barrier_wait(&start);
    t0 = mono_ns();
    cpu0 = cpu_ns();
    for (i = 0; i < a.n; i++)
        pthread_join(t[i], NULL);
    elapsed = mono_ns() - t0;
    cpu0 = cpu_ns() - cpu0;
    zmq_ctx_term(ctx);
    if (elapsed < 1)
        elapsed = 1;
    printf("result role=rr_client size=%zu count=%ld clients=%ld elapsed_ns=%lld msgs_per_s=%.0f "
           "cpu_ns_per_msg=%.0f peak_rss_kib=%ld\n",
           a.size, per * a.n, a.n, (long long)elapsed, (double)per * a.n * 1e9 / elapsed,
           (double)cpu0 / (per * a.n), peak_rss_kib());
    return 0;
}
