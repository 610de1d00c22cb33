/* peer: one libzmq socket driven by lines on stdin, reporting on stdout: the libzmq side of
 * the fault cases (faults/). The zreactor side is the test binary's "peer" role
 * (faults/peer_test.go), which takes the same arguments and speaks the same lines.
 *
 * usage: peer -type pull|push (-bind EP | -connect EP) [-nofile N] [-hb IVL_MS]
 *             [-hbtimeout MS] [-backlog N] [-quiet] [-events]
 * stdout: "ready <endpoint>"; "event <NAME> <value> <mono_ns>" (with -events, which attaches
 *         a monitor: only then, since libzmq's I/O thread waits for a full monitor pipe);
 *         "msg <size> <first bytes>" per message (unless -quiet); "sent <n>";
 *         "stat msgs=<n> fds=<n> goroutines=0"; "bye"
 * stdin:  "send <n> <size> <tag>" (messages "<tag>-<i>" padded with 'x' to size), "stat",
 *         "gc" (give free memory back to the system: malloc_trim; prints "gc"), "quit"; end of
 *         file is quit.
 * Written for this project from the libzmq API documentation. */
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static struct {
    const char *type, *bind, *connect;
    int nofile, hb, hbtimeout, backlog, quiet, events;
} opt;

static long msgs;

static void die(const char *what)
{
    fprintf(stderr, "peer: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(3);
}

static long long mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void parse(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-quiet")) opt.quiet = 1;
        else if (!strcmp(a, "-events")) opt.events = 1;
        else if (!v) { fprintf(stderr, "peer: %s needs a value\n", a); exit(2); }
        else if (!strcmp(a, "-type")) opt.type = v, i++;
        else if (!strcmp(a, "-bind")) opt.bind = v, i++;
        else if (!strcmp(a, "-connect")) opt.connect = v, i++;
        else if (!strcmp(a, "-nofile")) opt.nofile = atoi(v), i++;
        else if (!strcmp(a, "-hb")) opt.hb = atoi(v), i++;
        else if (!strcmp(a, "-hbtimeout")) opt.hbtimeout = atoi(v), i++;
        else if (!strcmp(a, "-backlog")) opt.backlog = atoi(v), i++;
        else { fprintf(stderr, "peer: unknown argument %s\n", a); exit(2); }
    }
    if (!opt.type || !opt.bind == !opt.connect) {
        fprintf(stderr, "peer: need -type and one of -bind, -connect\n");
        exit(2);
    }
}

static const char *event_name(int e)
{
    static const struct { int e; const char *n; } names[] = {
        {ZMQ_EVENT_CONNECTED, "CONNECTED"}, {ZMQ_EVENT_CONNECT_DELAYED, "CONNECT_DELAYED"},
        {ZMQ_EVENT_CONNECT_RETRIED, "CONNECT_RETRIED"}, {ZMQ_EVENT_LISTENING, "LISTENING"},
        {ZMQ_EVENT_BIND_FAILED, "BIND_FAILED"}, {ZMQ_EVENT_ACCEPTED, "ACCEPTED"},
        {ZMQ_EVENT_ACCEPT_FAILED, "ACCEPT_FAILED"}, {ZMQ_EVENT_CLOSED, "CLOSED"},
        {ZMQ_EVENT_CLOSE_FAILED, "CLOSE_FAILED"}, {ZMQ_EVENT_DISCONNECTED, "DISCONNECTED"},
        {ZMQ_EVENT_MONITOR_STOPPED, "MONITOR_STOPPED"},
        {ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, "HANDSHAKE_FAILED_NO_DETAIL"},
        {ZMQ_EVENT_HANDSHAKE_SUCCEEDED, "HANDSHAKE_SUCCEEDED"},
        {ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, "HANDSHAKE_FAILED_PROTOCOL"},
        {ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, "HANDSHAKE_FAILED_AUTH"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].e == e)
            return names[i].n;
    return "EVENT_UNKNOWN";
}

/* One monitor event: a frame of event number (16 bits) and value (32 bits), then the
 * endpoint. */
static void on_event(void *mon)
{
    zmq_msg_t m;
    uint16_t e;
    uint32_t value;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, mon, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&m);
        return;
    }
    memcpy(&e, zmq_msg_data(&m), 2);
    memcpy(&value, (char *)zmq_msg_data(&m) + 2, 4);
    while (zmq_msg_more(&m))
        zmq_msg_recv(&m, mon, 0);
    zmq_msg_close(&m);
    printf("event %s %u %lld\n", event_name(e), value, mono_ns());
}

static void on_message(void *s)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    while (zmq_msg_recv(&m, s, ZMQ_DONTWAIT) >= 0) {
        msgs++;
        if (!opt.quiet) {
            size_t n = zmq_msg_size(&m) < 32 ? zmq_msg_size(&m) : 32;
            char text[33];
            for (size_t i = 0; i < n; i++) {
                char c = ((char *)zmq_msg_data(&m))[i];
                text[i] = c > ' ' && c < 127 ? c : '.';
            }
            text[n] = 0;
            printf("msg %zu %s\n", zmq_msg_size(&m), text);
        }
    }
    zmq_msg_close(&m);
}

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = -1; /* the directory's own fd */
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n - 2; /* "." and ".." */
}

static void send_messages(void *s, long n, size_t size, const char *tag)
{
    for (long i = 0; i < n; i++) {
        zmq_msg_t m;
        char head[64];
        int len = snprintf(head, sizeof head, "%s-%ld", tag, i);
        size_t total = size > (size_t)len ? size : (size_t)len;
        if (zmq_msg_init_size(&m, total) != 0)
            die("zmq_msg_init_size");
        memset(zmq_msg_data(&m), 'x', total);
        memcpy(zmq_msg_data(&m), head, len);
        if (zmq_msg_send(&m, s, 0) < 0)
            die("zmq_msg_send");
    }
    printf("sent %ld\n", n);
}

/* Runs one command line; returns 0 on quit. */
static int command(void *s, char *line)
{
    long n;
    size_t size;
    char tag[32];
    if (sscanf(line, "send %ld %zu %31s", &n, &size, tag) == 3)
        send_messages(s, n, size, tag);
    else if (!strcmp(line, "stat"))
        printf("stat msgs=%ld fds=%d goroutines=0\n", msgs, count_fds());
    else if (!strcmp(line, "gc")) {
        malloc_trim(0);
        printf("gc\n");
    } else if (!strcmp(line, "quit"))
        return 0;
    else
        fprintf(stderr, "peer: unknown command %s\n", line);
    return 1;
}

/* Reads what stdin has and runs the complete lines; returns 0 on quit or end of file. */
static int on_stdin(void *s)
{
    static char buf[4096];
    static size_t len;
    ssize_t k = read(0, buf + len, sizeof buf - 1 - len);
    if (k <= 0)
        return 0;
    len += k;
    buf[len] = 0;
    char *start = buf, *nl;
    while ((nl = strchr(start, '\n'))) {
        *nl = 0;
        if (!command(s, start))
            return 0;
        start = nl + 1;
    }
    len = strlen(start);
    memmove(buf, start, len);
    return 1;
}

static void *make_socket(void *ctx)
{
    int pull = !strcmp(opt.type, "pull"), zero = 0;
    void *s = zmq_socket(ctx, pull ? ZMQ_PULL : ZMQ_PUSH);
    if (!s)
        die("zmq_socket");
    zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
    if (opt.hb) {
        zmq_setsockopt(s, ZMQ_HEARTBEAT_IVL, &opt.hb, sizeof opt.hb);
        zmq_setsockopt(s, ZMQ_HEARTBEAT_TIMEOUT, &opt.hbtimeout, sizeof opt.hbtimeout);
    }
    if (opt.backlog)
        zmq_setsockopt(s, ZMQ_BACKLOG, &opt.backlog, sizeof opt.backlog);
    return s;
}

/* Binds, retrying for 10 s while the address is taken (a SIGKILLed predecessor's). */
static void attach(void *s)
{
    if (opt.connect) {
        if (zmq_connect(s, opt.connect) != 0)
            die("zmq_connect");
        return;
    }
    for (int i = 0; zmq_bind(s, opt.bind) != 0; i++) {
        if (zmq_errno() != EADDRINUSE || i == 500)
            die("zmq_bind");
        usleep(20000);
    }
}

int main(int argc, char **argv)
{
    char ep[256];
    size_t eplen = sizeof ep;
    parse(argc, argv);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (opt.nofile) {
        struct rlimit rl = {opt.nofile, opt.nofile};
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
            perror("peer: setrlimit");
            return 3;
        }
    }
    void *ctx = zmq_ctx_new();
    void *s = make_socket(ctx), *mon = NULL;
    if (opt.events) {
        if (zmq_socket_monitor(s, "inproc://peer-monitor", ZMQ_EVENT_ALL) != 0)
            die("zmq_socket_monitor");
        mon = zmq_socket(ctx, ZMQ_PAIR);
        if (!mon || zmq_connect(mon, "inproc://peer-monitor") != 0)
            die("monitor PAIR");
    }
    attach(s);
    zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, ep, &eplen);
    printf("ready %s\n", ep);
    /* stdin, the socket if it receives, the monitor if any */
    zmq_pollitem_t items[3] = {{NULL, 0, ZMQ_POLLIN, 0}};
    int n = 1, sock_at = -1, mon_at = -1;
    if (!strcmp(opt.type, "pull"))
        items[sock_at = n++] = (zmq_pollitem_t){s, 0, ZMQ_POLLIN, 0};
    if (mon)
        items[mon_at = n++] = (zmq_pollitem_t){mon, 0, ZMQ_POLLIN, 0};
    for (;;) {
        if (zmq_poll(items, n, -1) < 0) {
            if (zmq_errno() == EINTR)
                continue;
            die("zmq_poll");
        }
        if (mon_at > 0 && (items[mon_at].revents & ZMQ_POLLIN))
            on_event(mon);
        if (sock_at > 0 && (items[sock_at].revents & ZMQ_POLLIN))
            on_message(s);
        /* a closed pipe polls as ZMQ_POLLERR (POLLHUP), not ZMQ_POLLIN */
        if ((items[0].revents & (ZMQ_POLLIN | ZMQ_POLLERR)) && !on_stdin(s))
            break;
    }
    zmq_close(s);
    if (mon)
        zmq_close(mon);
    zmq_ctx_term(ctx);
    printf("bye\n");
    return 0;
}
