/* sub_fan: n SUB sockets, one thread each, receiving what pub_fan publishes
 * (subscribed to everything, or to topic A with ZR_FILTER=1), each with a PUSH
 * to the publisher's <endpoint2> to report that hellos arrive (R) and that the
 * end mark came (D). A subscriber's rate is the data messages it got over the
 * time from the first of them to the end mark; the result is the mean rate of
 * the subscribers, and delivered the share of the data messages meant for
 * them that they got (a PUB drops at its high-water mark). */
#include "pattern.h"

static struct pargs a;
static void *ctx;

struct sub {
    pthread_t t;
    long got;
    int64_t first, end;
};

static void *subscriber(void *arg)
{
    struct sub *me = arg;
    struct port p;
    void *report;
    int said_hello = 0;
    void *s = zmq_socket(ctx, ZMQ_SUB);
    if (!s)
        die("zmq_socket");
    if (zmq_setsockopt(s, ZMQ_SUBSCRIBE, "A", env_is("ZR_FILTER", "1") ? 1 : 0) != 0)
        die("zmq_setsockopt SUBSCRIBE");
    if (zmq_connect(s, a.ep) != 0)
        die("zmq_connect");
    report = new_socket(ctx, ZMQ_PUSH, a.ep2, 0);
    port_init(&p, s, a.size);
    for (;;) {
        size_t n = port_recv(&p);
        char kind = port_data(&p)[1];
        if (n != 2)
            check_size(n, a.size); /* data; marks are 2 bytes */
        if (kind == 'D') {
            if (me->got++ == 0)
                me->first = mono_ns();
        } else if (kind == 'E') {
            me->end = mono_ns();
            break;
        } else if (kind == 'H' && !said_hello) {
            said_hello = 1;
            if (zmq_send(report, "R", 1, 0) < 0)
                die("zmq_send report");
        }
    }
    if (zmq_send(report, "D", 1, 0) < 0)
        die("zmq_send report");
    port_close(&p);
    zmq_close(s);
    zmq_close(report);
    return NULL;
}

int main(int argc, char **argv)
{
    struct sub *subs;
    int64_t cpu0, longest = 1;
    double rates = 0, got = 0, want;
    long i;

    parse_pargs(argc, argv, &a);
    ctx = new_ctx();
    subs = calloc(a.n, sizeof *subs);
    if (!subs)
        die("calloc");
    cpu0 = cpu_ns();
    for (i = 0; i < a.n; i++)
        if (pthread_create(&subs[i].t, NULL, subscriber, &subs[i]) != 0)
            die("pthread_create");
    for (i = 0; i < a.n; i++) {
        int64_t el;
        pthread_join(subs[i].t, NULL);
        el = subs[i].end - subs[i].first;
        if (el < 1)
            el = 1;
        longest = el > longest ? el : longest;
        rates += (double)subs[i].got * 1e9 / el;
        got += subs[i].got;
    }
    cpu0 = cpu_ns() - cpu0;
    zmq_ctx_term(ctx);
    want = (double)a.n * (env_is("ZR_FILTER", "1") ? (a.count + 1) / 2 : a.count);
    printf("result role=sub_fan size=%zu count=%ld subs=%ld elapsed_ns=%lld msgs_per_s=%.0f "
           "delivered=%.4f cpu_ns_per_msg=%.0f peak_rss_kib=%ld\n",
           a.size, a.count, a.n, (long long)longest, rates / a.n, got / want,
           got > 0 ? (double)cpu0 / got : 0.0, peak_rss_kib());
    return 0;
}
