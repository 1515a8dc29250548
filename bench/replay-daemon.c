/*
 * replay-daemon: the "ideal daemon" of bench/daemon. It speaks libvirt's framing on a unix socket and answers
 * every call with a reply it already has, so a client measured against it pays only its own costs (encoding
 * the call, the socket round trip, decoding the reply and making objects): the floor no daemon can go below.
 *
 * The replies are learned, not made up: the first time a call (program, version, procedure and payload, byte
 * for byte) is seen, it is forwarded to the real daemon over this client's own upstream connection and the
 * reply is kept; each later identical call is answered from memory with the kept frame, its serial patched, in
 * one write. Only meant for read-only calls whose answer does not change during the run (bench/daemon uses it
 * once the domains are defined).
 *
 * Given a JOURNAL file, it also answers defineXML the way the least a durable daemon can: the call's XML written over
 * zeros already on disk, one fdatasync, and a reply naming a domain of its own (nothing is parsed, checked or defined).
 * That is the floor for a define that survives a crash before it is acknowledged, as libvirtd's and stratad's do.
 *
 *   replay-daemon LISTEN_SOCKET UPSTREAM_SOCKET [JOURNAL]
 *
 * Single-threaded: poll() over the clients; a forwarded call blocks until its reply (misses happen in warm-up
 * only). Frames over 16 MiB close that client. Runs until SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define FRAME_MAX (16u * 1024 * 1024)
#define HEADER 28 /* length word + program, version, procedure, type, serial, status */
#define CLIENTS_MAX 256
#define BUCKETS 4096
#define REMOTE_PROGRAM 0x20008086u
#define PROC_DOMAIN_DEFINE_XML 11 /* remote_protocol.x */
#define JOURNAL_SIZE (1u << 20)

struct reply {
    struct reply *next;
    uint64_t hash;
    uint8_t *call; /* the call frame without length word and serial: the key */
    uint32_t call_len;
    uint8_t *frame; /* the reply frame as the daemon sent it; its serial is patched per use */
    uint32_t frame_len;
};

struct client {
    int fd, upstream;
    uint8_t *buf;
    uint32_t len, cap;
    /* The calls answered from memory since this client's last forwarded call (the handshake, say): they are sent
     * upstream before its next forwarded call, so the daemon sees the connection in the state the client put it. */
    uint8_t *history;
    size_t history_len, history_cap;
};

static struct reply *table[BUCKETS];
static struct client clients[CLIENTS_MAX];
static int nclients;
static const char *upstream_path;
static volatile sig_atomic_t stopping;
static int journal = -1;
static uint32_t journal_at;

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* The key of a call: every byte of the frame except the length word and the serial (offset 20). */
static uint64_t key_hash(const uint8_t *f, uint32_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (uint32_t i = 4; i < len; i++) {
        if (i >= 20 && i < 24)
            continue;
        h = (h ^ f[i]) * 1099511628211ull;
    }
    return h;
}

static int same_call(const struct reply *r, const uint8_t *f, uint32_t len)
{
    return r->call_len == len && memcmp(r->call, f + 4, 16) == 0 && memcmp(r->call + 16, f + 24, len - 24) == 0;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int connect_unix(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path)
        return -1;
    strcpy(a.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends one call upstream and reads its reply into a new buffer (NULL on failure). A reply to another serial (an
 * event) is not expected: the benchmark registers no callbacks. */
static uint8_t *forward(struct client *c, const uint8_t *f, uint32_t len, uint32_t *rlen)
{
    uint8_t head[4];
    if (write_all(c->upstream, f, len) < 0 || read_all(c->upstream, head, 4) < 0)
        return NULL;
    *rlen = be32(head);
    if (*rlen < HEADER || *rlen > FRAME_MAX)
        return NULL;
    uint8_t *frame = malloc(*rlen);
    if (!frame)
        abort();
    memcpy(frame, head, 4);
    if (read_all(c->upstream, frame + 4, *rlen - 4) < 0) {
        free(frame);
        return NULL;
    }
    return frame;
}

/* Brings the client's upstream connection (opened at need) up to date: the calls answered from memory since
 * the last forwarded one are sent, their replies discarded. */
static int catch_up(struct client *c)
{
    if (c->upstream < 0 && (c->upstream = connect_unix(upstream_path)) < 0)
        return -1;
    for (size_t at = 0; at < c->history_len;) {
        uint32_t len = be32(c->history + at), rlen;
        uint8_t *reply = forward(c, c->history + at, len, &rlen);
        if (!reply)
            return -1;
        free(reply);
        at += len;
    }
    c->history_len = 0;
    return 0;
}

/* Forwards a call the table does not know and keeps the daemon's reply. */
static struct reply *learn(struct client *c, const uint8_t *f, uint32_t len, uint64_t h)
{
    uint32_t rlen;
    if (catch_up(c) < 0)
        return NULL;
    uint8_t *frame = forward(c, f, len, &rlen);
    if (!frame)
        return NULL;
    struct reply *r = calloc(1, sizeof *r);
    if (!r || !(r->call = malloc(len - 8)))
        abort();
    r->frame = frame;
    r->frame_len = rlen;
    memcpy(r->call, f + 4, 16);
    memcpy(r->call + 16, f + 24, len - 24);
    r->call_len = len;
    r->hash = h;
    r->next = table[h % BUCKETS];
    table[h % BUCKETS] = r;
    return r;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A journal of zeros written and synced ahead, so that a record is an overwrite: its fdatasync flushes data only. */
static int open_journal(const char *path)
{
    static uint8_t zeros[JOURNAL_SIZE];
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || pwrite(fd, zeros, sizeof zeros, 0) != (ssize_t)sizeof zeros || fsync(fd) < 0)
        return -1;
    return fd;
}

/* defineXML made durable and nothing else: the XML (the call's payload) written and flushed, then a reply naming
 * the domain "ideal" (remote_nonnull_domain: name, uuid, id -1). */
static int define_durably(struct client *c, const uint8_t *f, uint32_t len)
{
    uint32_t n = len - HEADER;
    if (n > JOURNAL_SIZE)
        return -1;
    if (journal_at + n > JOURNAL_SIZE)
        journal_at = 0;
    if (pwrite(journal, f + HEADER, n, journal_at) != (ssize_t)n || fdatasync(journal) < 0)
        return -1;
    journal_at += n;
    uint8_t reply[HEADER + 4 + 8 + 16 + 4] = {0};
    put32(reply, sizeof reply);
    memcpy(reply + 4, f + 4, 12);  /* program, version, procedure */
    put32(reply + 16, 1);          /* type: reply */
    memcpy(reply + 20, f + 20, 4); /* serial; status 0: ok */
    put32(reply + HEADER, 5);
    memcpy(reply + HEADER + 4, "ideal", 5);
    memset(reply + HEADER + 12, 0xab, 16);
    put32(reply + HEADER + 28, (uint32_t)-1);
    return write_all(c->fd, reply, sizeof reply);
}

/* Answers one whole call frame; -1 closes the client. */
static int answer(struct client *c, const uint8_t *f, uint32_t len)
{
    if (journal >= 0 && be32(f + 4) == REMOTE_PROGRAM && be32(f + 12) == PROC_DOMAIN_DEFINE_XML && be32(f + 16) == 0 /* a call */)
        return define_durably(c, f, len);
    uint64_t h = key_hash(f, len);
    struct reply *r = table[h % BUCKETS];
    while (r && !(r->hash == h && same_call(r, f, len)))
        r = r->next;
    if (r) {
        if (c->history_cap - c->history_len < len) {
            size_t cap = (c->history_cap + len) * 2;
            uint8_t *grown = realloc(c->history, cap);
            if (!grown)
                return -1;
            c->history = grown;
            c->history_cap = cap;
        }
        memcpy(c->history + c->history_len, f, len);
        c->history_len += len;
    }
    if (!r && !(r = learn(c, f, len, h)))
        return -1;
    memcpy(r->frame + 20, f + 20, 4); /* the caller's serial */
    return write_all(c->fd, r->frame, r->frame_len);
}

static void drop(int i)
{
    close(clients[i].fd);
    if (clients[i].upstream >= 0)
        close(clients[i].upstream);
    free(clients[i].buf);
    free(clients[i].history);
    clients[i] = clients[--nclients];
}

/* Reads what the client sent and answers every whole frame in it; -1 closes the client. */
static int serve(struct client *c)
{
    if (c->cap - c->len < 65536) {
        uint32_t cap = c->cap ? c->cap * 2 : 131072;
        uint8_t *b = realloc(c->buf, cap);
        if (!b)
            return -1;
        c->buf = b;
        c->cap = cap;
    }
    ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len);
    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0)
        return -1;
    c->len += (uint32_t)n;
    uint32_t at = 0;
    while (c->len - at >= 4) {
        uint32_t len = be32(c->buf + at);
        if (len < HEADER || len > FRAME_MAX)
            return -1;
        if (c->len - at < len) {
            if (len > c->cap) {
                uint8_t *b = realloc(c->buf, len);
                if (!b)
                    return -1;
                c->buf = b;
                c->cap = len;
            }
            break;
        }
        if (answer(c, c->buf + at, len) < 0)
            return -1;
        at += len;
    }
    memmove(c->buf, c->buf + at, c->len - at);
    c->len -= at;
    return 0;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: replay-daemon LISTEN_SOCKET UPSTREAM_SOCKET [JOURNAL]\n");
        return 2;
    }
    upstream_path = argv[2];
    if (argc == 4 && (journal = open_journal(argv[3])) < 0) {
        perror("error: journal");
        return 1;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(argv[1]) >= sizeof a.sun_path) {
        fprintf(stderr, "error: socket path too long: %s\n", argv[1]);
        return 1;
    }
    strcpy(a.sun_path, argv[1]);
    unlink(argv[1]);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) < 0 || listen(listener, 64) < 0) {
        perror("error: listen");
        return 1;
    }

    struct pollfd fds[CLIENTS_MAX + 1];
    while (!stopping) {
        fds[0] = (struct pollfd){.fd = listener, .events = POLLIN};
        for (int i = 0; i < nclients; i++)
            fds[i + 1] = (struct pollfd){.fd = clients[i].fd, .events = POLLIN};
        int ready = poll(fds, (nfds_t)nclients + 1, -1);
        if (ready < 0)
            continue; /* EINTR: look at stopping */
        /* Clients first, from the last: drop() moves the last client into the freed slot. */
        for (int i = nclients - 1; i >= 0; i--)
            if (fds[i + 1].revents && serve(&clients[i]) < 0)
                drop(i);
        if (fds[0].revents & POLLIN) {
            int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0 && nclients < CLIENTS_MAX)
                clients[nclients++] = (struct client){.fd = fd, .upstream = -1};
            else if (fd >= 0)
                close(fd);
        }
    }
    unlink(argv[1]);
    return 0;
}
