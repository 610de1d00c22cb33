/* Shared helpers for the libzmq perf programs: argument parsing, clocks and
 * the one-line output protocol the harness parses ("ready", then
 * "result key=value ..."). Modelled on the roles of libzmq's perf/ programs,
 * written from scratch. */
#ifndef ZR_PERF_H
#define ZR_PERF_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zmq.h>

static inline void die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

/* usage: prog <endpoint> <size> <count>; extra args are program specific. */
static inline void parse_args(int argc, char **argv, const char **ep, size_t *size,
                       long *count)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s <endpoint> <message-size> <count>\n",
                argv[0]);
        exit(2);
    }
    *ep = argv[1];
    *size = (size_t)atol(argv[2]);
    *count = atol(argv[3]);
    if (*count < 1) {
        fprintf(stderr, "count must be >= 1\n");
        exit(2);
    }
}

/* monotonic nanoseconds; CLOCK_MONOTONIC is system wide, so the harness can
 * subtract stamps taken in two processes. */
static inline int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void ready(void)
{
    printf("ready\n");
    fflush(stdout);
}

/* A "kB" field of /proc/self/status (e.g. "VmRSS: %ld kB"), or -1. */
static inline long status_kib(const char *format)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, format, &v) == 1)
            break;
    fclose(f);
    return v;
}

/* VmRSS of this process in KiB, or -1. */
static inline long rss_kib(void) { return status_kib("VmRSS: %ld kB"); }

/* Peak RSS (VmHWM) of this process in KiB, or -1. Receivers report it in their result line:
 * the harness cannot take it from wait4 (see harness/run.go). */
static inline long peak_rss_kib(void) { return status_kib("VmHWM: %ld kB"); }

static inline void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* ZR_RCVHWM=n sets the socket's RCVHWM, as zr-perf reads it: the ipc cells run
 * both receivers with 0 (see kind.env in harness/matrix.go). */
static inline void env_rcvhwm(void *s)
{
    const char *v = getenv("ZR_RCVHWM");
    int hwm;
    if (!v || !*v)
        return;
    hwm = atoi(v);
    if (zmq_setsockopt(s, ZMQ_RCVHWM, &hwm, sizeof hwm) != 0)
        die("zmq_setsockopt(ZMQ_RCVHWM)");
}

static inline void recv_one(void *s, zmq_msg_t *m, size_t size)
{
    if (zmq_msg_recv(m, s, 0) < 0)
        die("zmq_msg_recv");
    if (zmq_msg_size(m) != size) {
        fprintf(stderr, "message of bad size %zu, want %zu\n",
                zmq_msg_size(m), size);
        exit(1);
    }
}

#endif
