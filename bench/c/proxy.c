/* proxy: zmq_proxy between a frontend bound at <endpoint> and a backend bound
 * at <endpoint2>: XSUB/XPUB (ZR_PROXY=xsubxpub) or ROUTER/DEALER
 * (ZR_PROXY=routerdealer). It runs until its standard input closes, which is
 * how the harness stops it once the other processes are done. */
#include <unistd.h>
#include "pattern.h"

static void *ctx;

static void *watch_stdin(void *arg)
{
    char b[64];
    (void)arg;
    while (read(0, b, sizeof b) > 0) {
    }
    zmq_ctx_shutdown(ctx);
    return NULL;
}

int main(int argc, char **argv)
{
    struct pargs a;
    pthread_t t;
    int fe = ZMQ_XSUB, be = ZMQ_XPUB;
    void *front, *back;

    parse_pargs(argc, argv, &a);
    if (env_is("ZR_PROXY", "routerdealer")) {
        fe = ZMQ_ROUTER;
        be = ZMQ_DEALER;
    } else if (!env_is("ZR_PROXY", "xsubxpub")) {
        fprintf(stderr, "ZR_PROXY must be xsubxpub or routerdealer\n");
        return 2;
    }
    ctx = new_ctx();
    front = zmq_socket(ctx, fe);
    back = zmq_socket(ctx, be);
    if (!front || !back || zmq_bind(front, a.ep) != 0 || zmq_bind(back, a.ep2) != 0)
        die("proxy sockets");
    if (pthread_create(&t, NULL, watch_stdin, NULL) != 0)
        die("pthread_create");
    ready();
    zmq_proxy(front, back, NULL); /* returns with ETERM once the context shuts down */
    zmq_close(front);
    zmq_close(back);
    pthread_join(t, NULL);
    zmq_ctx_term(ctx);
    printf("result role=proxy peak_rss_kib=%ld\n", peak_rss_kib());
    return 0;
}
