/*
 * ocalls.c: the untrusted half of oracle_enclave.edl: TCP sockets, time, log.
 * Handles are the socket descriptors themselves.
 */
#define _GNU_SOURCE
#include "ocalls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "oracle_enclave_u.h"

#define ORACLE_RESOLVE_MAX 64
#define ORACLE_SEND_TIMEOUT_MS 10000

typedef struct oracle_resolve_entry {
    char name[254];
    uint16_t port;
    char address[64];
} oracle_resolve_entry;

static struct {
    pthread_mutex_t lock;
    oracle_resolve_entry resolve[ORACLE_RESOLVE_MAX];
    size_t resolve_count;
    int log_level;
    oracle_host_log_fn log_fn;
    void *log_ctx;
} oracle_ocalls = {PTHREAD_MUTEX_INITIALIZER, {{{0}, 0, {0}}}, 0, ORACLE_HOST_LOG_WARNING, NULL, NULL};

int oracle_ocalls_add_resolve(const char *name, uint16_t port, const char *address)
{
    struct in6_addr a6;
    struct in_addr a4;
    int ret = ORACLE_ERR_ARGUMENT;
    if (name == NULL || address == NULL || strlen(name) >= 254 || strlen(address) >= 64) return ret;
    if (inet_pton(AF_INET, address, &a4) != 1 && inet_pton(AF_INET6, address, &a6) != 1) return ret;
    pthread_mutex_lock(&oracle_ocalls.lock);
    if (oracle_ocalls.resolve_count < ORACLE_RESOLVE_MAX) {
        oracle_resolve_entry *e = &oracle_ocalls.resolve[oracle_ocalls.resolve_count++];
        size_t i;
        for (i = 0; name[i]; i++) e->name[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
        e->name[i] = 0;
        e->port = port;
        strcpy(e->address, address);
        ret = ORACLE_OK;
    }
    pthread_mutex_unlock(&oracle_ocalls.lock);
    return ret;
}

void oracle_ocalls_clear_resolve(void)
{
    pthread_mutex_lock(&oracle_ocalls.lock);
    oracle_ocalls.resolve_count = 0;
    pthread_mutex_unlock(&oracle_ocalls.lock);
}

void oracle_ocalls_set_log(int max_level, oracle_host_log_fn fn, void *ctx)
{
    pthread_mutex_lock(&oracle_ocalls.lock);
    oracle_ocalls.log_level = max_level;
    oracle_ocalls.log_fn = fn;
    oracle_ocalls.log_ctx = ctx;
    pthread_mutex_unlock(&oracle_ocalls.lock);
}

static void oracle_emit_log(int level, const char *message)
{
    static const char *names[] = {"error", "warning", "info", "debug"};
    oracle_host_log_fn fn;
    void *ctx;
    int max;
    pthread_mutex_lock(&oracle_ocalls.lock);
    fn = oracle_ocalls.log_fn;
    ctx = oracle_ocalls.log_ctx;
    max = oracle_ocalls.log_level;
    pthread_mutex_unlock(&oracle_ocalls.lock);
    if (level > max) return;
    if (fn) fn(ctx, level, message);
    else fprintf(stderr, "[enclave %s] %s\n", names[level < 0 ? 0 : level > 3 ? 3 : level], message);
}

void oracle_host_log(int level, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    oracle_emit_log(level, line);
}

/* The override for name:port, if any. Returns 1 and fills address. */
static int oracle_lookup_override(const char *name, uint16_t port, char address[64])
{
    size_t i;
    int found = 0;
    pthread_mutex_lock(&oracle_ocalls.lock);
    for (i = 0; i < oracle_ocalls.resolve_count && !found; i++) {
        const oracle_resolve_entry *e = &oracle_ocalls.resolve[i];
        if ((e->port == 0 || e->port == port) && strcasecmp(e->name, name) == 0) {
            strcpy(address, e->address);
            found = 1;
        }
    }
    pthread_mutex_unlock(&oracle_ocalls.lock);
    return found;
}

static int64_t oracle_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Non-blocking connect bounded by timeout_ms. Returns the socket or -1 (errno-like code in *err). */
static int oracle_connect_one(const struct addrinfo *ai, uint32_t timeout_ms, int *err)
{
    int fd, one = 1, soerr = 0;
    socklen_t len = sizeof(soerr);
    struct pollfd p;
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        *err = ORACLE_ERR_CONNECT;
        return -1;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            *err = ORACLE_ERR_CONNECT;
            close(fd);
            return -1;
        }
        p.fd = fd;
        p.events = POLLOUT;
        p.revents = 0;
        if (poll(&p, 1, (int)timeout_ms) <= 0) {
            *err = ORACLE_ERR_TIMEOUT;
            close(fd);
            return -1;
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 || soerr != 0) {
            *err = ORACLE_ERR_CONNECT;
            close(fd);
            return -1;
        }
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

int oracle_ocall_tcp_connect(const char *host, uint16_t port, uint32_t timeout_ms, int64_t *handle)
{
    struct addrinfo hints, *res = NULL, *ai;
    char address[64], service[8];
    const char *target = host;
    int rc, err = ORACLE_ERR_CONNECT, fd = -1;
    *handle = -1;
    if (oracle_lookup_override(host, port, address)) target = address;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (target == address) hints.ai_flags = AI_NUMERICHOST;
    snprintf(service, sizeof(service), "%u", port);
    rc = getaddrinfo(target, service, &hints, &res);
    if (rc != 0) {
        oracle_host_log(ORACLE_HOST_LOG_INFO, "resolve %s: %s", host, gai_strerror(rc));
        return ORACLE_ERR_DNS;
    }
    for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) fd = oracle_connect_one(ai, timeout_ms, &err);
    freeaddrinfo(res);
    if (fd < 0) return err;
    *handle = fd;
    return ORACLE_OK;
}

int oracle_ocall_send(int64_t handle, const uint8_t *data, size_t len, size_t *sent)
{
    size_t done = 0;
    int64_t deadline = oracle_mono_ms() + ORACLE_SEND_TIMEOUT_MS;
    *sent = 0;
    while (done < len) {
        ssize_t n = send((int)handle, data + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            struct pollfd p = {(int)handle, POLLOUT, 0};
            int64_t left = deadline - oracle_mono_ms();
            if (left <= 0 || poll(&p, 1, (int)left) <= 0) return ORACLE_ERR_TIMEOUT;
            continue;
        }
        return ORACLE_ERR_IO;
    }
    *sent = done;
    return ORACLE_OK;
}

int oracle_ocall_recv(int64_t handle, uint8_t *data, size_t cap, uint32_t timeout_ms, size_t *received)
{
    int64_t deadline = oracle_mono_ms() + timeout_ms;
    *received = 0;
    for (;;) {
        ssize_t n = recv((int)handle, data, cap, 0);
        if (n >= 0) {
            *received = (size_t)n;
            return ORACLE_OK;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            struct pollfd p = {(int)handle, POLLIN, 0};
            int64_t left = deadline - oracle_mono_ms();
            int pr;
            if (left <= 0) return ORACLE_ERR_TIMEOUT;
            pr = poll(&p, 1, (int)left);
            if (pr == 0) return ORACLE_ERR_TIMEOUT;
            if (pr < 0 && errno != EINTR) return ORACLE_ERR_IO;
            continue;
        }
        return ORACLE_ERR_IO;
    }
}

void oracle_ocall_close(int64_t handle)
{
    if (handle >= 0) close((int)handle);
}

int64_t oracle_ocall_untrusted_time_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void oracle_ocall_log(int level, const char *message)
{
    oracle_emit_log(level, message);
}
