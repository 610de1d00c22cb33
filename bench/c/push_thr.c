/* push_thr: connects PUSH, sends <count> messages of ZR_FRAMES frames of
 * <size> bytes each, and closes with the default linger (remote_thr with
 * multipart messages and either API). */
#include "pattern.h"

int main(int argc, char **argv)
{
    struct pargs a;
    struct port p;
    long i, f, frames = env_long("ZR_FRAMES", 1);
    void *ctx, *s;

    parse_pargs(argc, argv, &a);
    ctx = new_ctx();
    s = new_socket(ctx, ZMQ_PUSH, a.ep, 0);
    port_init(&p, s, a.size);
    for (i = 0; i < a.count; i++)
        for (f = 0; f < frames; f++)
            port_send(&p, a.size, NULL, 0, f < frames - 1 ? ZMQ_SNDMORE : 0);
    port_close(&p);
    zmq_close(s);
    zmq_ctx_term(ctx);
    printf("result role=push_thr size=%zu count=%ld frames=%ld\n", a.size, a.count, frames);
    return 0;
}
