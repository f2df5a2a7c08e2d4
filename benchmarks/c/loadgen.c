/*
 * loadgen: a single-threaded epoll load generator for loopback echo servers.
 *
 *   loadgen -m tcp  -p PORT -c CONNS -s SIZE -w WARMUP_S -d SECONDS   closed-loop echo round trips
 *   loadgen -m conn -p PORT -c SESSIONS -w WARMUP_S -d SECONDS        connect, 64 B echo, close, repeat
 *   loadgen -m udp  -p PORT -c SOCKETS -w WARMUP_S -d SECONDS         closed-loop 64 B datagrams
 *   loadgen -m idle -p PORT -c CONNS -d MAX_HOLD_S                    open and hold; prints "open N"
 *   -T (tcp, conn): TLS 1.3 over OpenSSL's libssl (no certificate check, no session resumption):
 *      tcp handshakes once per connection when it opens, before the measured window; conn makes a
 *      full handshake per session, in the epoll loop (connect, handshake, 64 B echo, close).
 *   -N NAME (with -T): ask for the server name NAME (SNI); without it the ClientHello names none.
 *   -b (tcp, conn, udp): busy-poll: epoll_wait without sleeping, so that a reply finds the generator
 *      on its CPU (no wake-up to pay on either side); the time of empty polls is idle, not busy.
 *
 * The target is always 127.0.0.1. Every loop is bounded by a deadline; the program exits by itself.
 * Results go to stdout as one line of key=value pairs. Latency goes into a log-bucket histogram
 * (32 sub-buckets per power of two, about 3% resolution) with no allocation per sample.
 *
 * busy= is the share of the time the generator was runnable that it spent on its CPU
 * (/proc/self/schedstat: time on CPU / (wall time - time waiting on a run queue)), so that a
 * generator delayed by other processes is not mistaken for an idle one. Near 1.0 means the
 * generator, not the server, was the limit. 1e6 / gen_us is the generator's ceiling (round trips per
 * second of its own CPU); rate/busy is that times (1 - queued), an underestimate on a loaded CPU.
 * queued= is the share of the wall time it waited on a run queue for its CPU: other load on it.
 * gen_us= is the generator's own CPU per round trip (µs), empty busy-polls left out.
 * -P PID: server_us= is that process's CPU (user + system, every thread, /proc/PID/stat) over the
 * measured window per round trip, connection or datagram (µs); server_core= the share of one core
 * it used in that window.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define MAX_CONNS 100000
#define MAX_SIZE (1 << 20)
#define SUB_BITS 5
#define SUB (1 << SUB_BITS)
#define BUCKETS (2 * SUB + 48 * SUB)

static uint64_t hist[BUCKETS];
static uint64_t hist_count;

static uint64_t now_ns(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t) t.tv_sec * 1000000000ull + (uint64_t) t.tv_nsec;
}

static int bucket_of(uint64_t v) {
	if (v < 2 * SUB) return (int) v;
	int msb = 63 - __builtin_clzll(v);
	int shift = msb - SUB_BITS;
	int index = 2 * SUB + (shift - 1) * SUB + (int) ((v >> shift) - SUB);
	return index < BUCKETS ? index : BUCKETS - 1;
}

static uint64_t value_of(int index) {
	if (index < 2 * SUB) return (uint64_t) index;
	int shift = (index - 2 * SUB) / SUB + 1;
	uint64_t top = (uint64_t) ((index - 2 * SUB) % SUB + SUB);
	return (top << shift) + ((1ull << shift) >> 1);
}

static void record(uint64_t ns) {
	hist[bucket_of(ns)]++;
	hist_count++;
}

static double percentile_us(double p) {
	if (hist_count == 0) return 0;
	uint64_t rank = (uint64_t) (p * (double) hist_count);
	if (rank >= hist_count) rank = hist_count - 1;
	uint64_t seen = 0;
	for (int i = 0; i < BUCKETS; i++) {
		seen += hist[i];
		if (seen > rank) return (double) value_of(i) / 1000.0;
	}
	return 0;
}

/* on-CPU and run-queue-wait nanoseconds of this process */
static void schedstat(uint64_t *run, uint64_t *wait) {
	*run = *wait = 0;
	FILE *f = fopen("/proc/self/schedstat", "r");
	if (!f) return;
	unsigned long long r = 0, w = 0;
	if (fscanf(f, "%llu %llu", &r, &w) == 2) { *run = r; *wait = w; }
	fclose(f);
}

/* user + system CPU of a whole process (every thread), in ns; 0 when it cannot be read */
static uint64_t process_cpu_ns(int pid) {
	char path[64], text[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = 0;
	char *p = strrchr(text, ')'); /* the command name may hold spaces: fields follow its ')' */
	if (!p) return 0;
	unsigned long long utime = 0, stime = 0;
	/* after ')': state (field 3) ... utime (14), stime (15) */
	if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
	return (utime + stime) * (1000000000ull / (uint64_t) sysconf(_SC_CLK_TCK));
}

enum { IDLE_STATE, CONNECTING, SENDING, RECEIVING, HANDSHAKING };

struct conn {
	int fd;
	int state;
	size_t sent, received;
	uint64_t started;
	unsigned source; /* conn mode: which 127.0.0.x the socket is bound to */
	SSL *ssl; /* -T: the connection's TLS, NULL without */
};

static struct conn *conns;
static int nconns;
static int epfd;
static int port = 0;
static size_t size = 64;
static char *out_buf, *in_buf;
static uint64_t completed, errors, timeouts;
static int measuring;
static int draining; /* the run is over: finish the round trips under way, start none */
static int busy_poll; /* -b: poll without sleeping; the empty polls count as idle, not busy */
static uint64_t idle_ns; /* time in empty polls while measuring */
static SSL_CTX *tls; /* -T */
static const char *server_name; /* -N: the SNI name to ask for, NULL for none */

/* ---- TLS: non-blocking reads and writes through libssl, or plain ones without -T ---- */

static void tls_init(void) {
	tls = SSL_CTX_new(TLS_client_method());
	if (!tls) { fprintf(stderr, "SSL_CTX_new failed\n"); exit(1); }
	SSL_CTX_set_min_proto_version(tls, TLS1_3_VERSION);
	SSL_CTX_set_verify(tls, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_session_cache_mode(tls, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_mode(tls, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

static SSL *tls_new(int fd) {
	SSL *ssl = SSL_new(tls);
	if (!ssl) return NULL;
	SSL_set_fd(ssl, fd);
	if (server_name && !SSL_set_tlsext_host_name(ssl, server_name)) { SSL_free(ssl); return NULL; }
	SSL_set_connect_state(ssl);
	return ssl;
}

/* bytes, or -1 with errno EAGAIN (wait for *want: EPOLLIN or EPOLLOUT), or -1/0 for a failure or EOF */
static ssize_t io_result(SSL *ssl, int n, uint32_t *want) {
	if (n > 0) return n;
	int e = SSL_get_error(ssl, n);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		if (want) *want = (e == SSL_ERROR_WANT_READ) ? EPOLLIN : EPOLLOUT;
		errno = EAGAIN;
		return -1;
	}
	ERR_clear_error();
	errno = EPIPE;
	return e == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

static ssize_t conn_write(struct conn *c, const char *buf, size_t len) {
	if (!c->ssl) return write(c->fd, buf, len);
	return io_result(c->ssl, SSL_write(c->ssl, buf, (int) len), NULL);
}

static ssize_t conn_read(struct conn *c, char *buf, size_t len) {
	if (!c->ssl) return read(c->fd, buf, len);
	return io_result(c->ssl, SSL_read(c->ssl, buf, (int) len), NULL);
}

static void conn_close(struct conn *c) {
	if (c->ssl) {
		SSL_shutdown(c->ssl); /* close_notify, not waiting for the server's */
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0) close(c->fd);
	c->fd = -1;
}

static void usage(void) {
	fprintf(stderr, "usage: loadgen -m tcp|conn|udp|idle -p PORT -c N [-s SIZE] [-w WARMUP_S] [-d SECONDS] [-t UDP_TIMEOUT_MS] [-b] [-T [-N SERVER_NAME]] [-P SERVER_PID]\n");
	exit(2);
}

static struct sockaddr_in target(void) {
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t) port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static void set_nonblocking(int fd) {
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* blocking connect with a 5 s bound, then non-blocking; -1 on failure */
static int open_stream(void) {
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) return -1;
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct sockaddr_in a = target();
	if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) { close(fd); return -1; }
	set_nonblocking(fd);
	return fd;
}

/* whether n bytes read are what was sent: every request is out_buf's 'x's, so any slice of it will do
   (a server that answers with the right length but wrong bytes fails the cell rather than passing) */
static int echoed(ssize_t n) {
	return memcmp(in_buf, out_buf, (size_t) n) == 0;
}

static void watch(int i, uint32_t events, int op) {
	struct epoll_event e = {.events = events, .data.u32 = (uint32_t) i};
	epoll_ctl(epfd, op, conns[i].fd, &e);
}

static void drop(int i) {
	conn_close(&conns[i]);
	conns[i].state = IDLE_STATE;
}

/* ---- tcp: closed-loop echo on long-lived connections ---- */

static void tcp_send(int i) {
	struct conn *c = &conns[i];
	if (c->state != SENDING) {
		c->state = SENDING;
		c->sent = c->received = 0;
		c->started = now_ns();
	}
	while (c->sent < size) {
		ssize_t n = conn_write(c, out_buf + c->sent, size - c->sent);
		if (n > 0) { c->sent += (size_t) n; continue; }
		if (n < 0 && errno == EAGAIN) { watch(i, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD); return; }
		errors++;
		drop(i);
		return;
	}
	c->state = RECEIVING;
}

/* -T: the handshake on the still blocking socket (5 s bound), then non-blocking like the rest */
static int tls_open(struct conn *c) {
	int fd = c->fd;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	c->ssl = tls_new(fd);
	if (!c->ssl || SSL_connect(c->ssl) != 1) {
		if (errors == 0) ERR_print_errors_fp(stderr);
		ERR_clear_error();
		conn_close(c);
		return -1;
	}
	set_nonblocking(fd);
	return 0;
}

static void tcp_reopen(int i) {
	if (draining) return;
	conns[i].fd = open_stream();
	if (conns[i].fd < 0) { errors++; return; }
	if (tls && tls_open(&conns[i]) < 0) { errors++; return; }
	watch(i, EPOLLIN, EPOLL_CTL_ADD);
	conns[i].state = IDLE_STATE;
	tcp_send(i);
}

static void tcp_event(int i, uint32_t ev) {
	struct conn *c = &conns[i];
	if (c->fd < 0) return;
	if (ev & EPOLLOUT && c->state == SENDING) {
		watch(i, EPOLLIN, EPOLL_CTL_MOD);
		tcp_send(i);
		if (c->fd < 0) { tcp_reopen(i); return; }
	}
	if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		/* one read per event: level-triggered epoll reports the rest, and no EAGAIN read is paid;
		   with TLS, what libssl holds decrypted already is not on the socket: read it all */
		ssize_t n = conn_read(c, in_buf, MAX_SIZE);
		while (n > 0 && c->ssl && c->received + (size_t) n < c->sent && SSL_pending(c->ssl) > 0) {
			if (!echoed(n)) { errors++; drop(i); tcp_reopen(i); return; }
			c->received += (size_t) n;
			n = conn_read(c, in_buf, MAX_SIZE);
		}
		if (n > 0) {
			c->received += (size_t) n;
			if (c->received > c->sent || !echoed(n)) { errors++; drop(i); tcp_reopen(i); return; }
		} else if (!(n < 0 && errno == EAGAIN)) {
			errors++; /* EOF or reset while a reply was due: a short or failed read */
			drop(i);
			tcp_reopen(i);
			return;
		}
		if (c->state == RECEIVING && c->received == size) {
			if (measuring && !draining) { completed++; record(now_ns() - c->started); }
			c->state = IDLE_STATE;
			if (draining) return;
			tcp_send(i);
			if (c->fd < 0) tcp_reopen(i);
		}
	}
}

/* ---- conn: connect, echo 64 B, close, repeat ---- */

static unsigned next_source = 0;

static void session_start(int i) {
	struct conn *c = &conns[i];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0) { errors++; c->fd = -1; return; }
	int one = 1;
	/* spread the client side over 127.0.0.2..127.0.0.201 so that TIME_WAIT never runs out of ports */
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
	struct sockaddr_in local;
	memset(&local, 0, sizeof local);
	local.sin_family = AF_INET;
	c->source = 2 + (next_source++ % 200);
	local.sin_addr.s_addr = htonl(0x7f000000u | c->source);
	bind(fd, (struct sockaddr *) &local, sizeof local);
	c->fd = fd;
	c->started = now_ns();
	c->sent = c->received = 0;
	struct sockaddr_in a = target();
	int r = connect(fd, (struct sockaddr *) &a, sizeof a);
	if (tls) {
		/* the handshake starts once connected: at once, or when EPOLLOUT says so */
		if (r < 0 && errno != EINPROGRESS) { errors++; drop(i); return; }
		/* TLS 1.3 writes the client's Finished and then the request as two small segments: with
		   Nagle the request waits for the Finished's ACK, which a server with nothing to send yet
		   (Netty's SslHandler holds its session tickets until it writes the reply) delays by 40 ms,
		   the loopback's delayed-ACK minimum: 16 connections / 45 ms each was the row's 350/s */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		c->ssl = tls_new(fd);
		if (!c->ssl) { errors++; drop(i); return; }
		c->state = (r == 0) ? HANDSHAKING : CONNECTING;
		watch(i, EPOLLOUT, EPOLL_CTL_ADD);
		return;
	}
	if (r == 0 || errno == EINPROGRESS) {
		/* on loopback the handshake is usually done when connect returns: write at once, and wait
		   for EPOLLOUT only when it is not, saving an epoll_ctl, a wake-up and a getsockopt */
		ssize_t n = write(fd, out_buf, 64);
		if (n == 64) {
			c->state = RECEIVING;
			watch(i, EPOLLIN, EPOLL_CTL_ADD);
			return;
		}
		if (n >= 0 || (errno != EAGAIN && errno != ENOTCONN)) { errors++; drop(i); return; }
	}
	if (r == 0) {
		c->state = SENDING;
		watch(i, EPOLLOUT, EPOLL_CTL_ADD);
	} else if (errno == EINPROGRESS || errno == EAGAIN || errno == ENOTCONN) {
		c->state = CONNECTING;
		watch(i, EPOLLOUT, EPOLL_CTL_ADD);
	} else {
		errors++;
		drop(i);
	}
}

static void session_fail(int i) {
	if (!draining) errors++;
	drop(i);
	if (!draining) session_start(i);
}

/* -T: one step of the handshake; once done, the 64 B request */
static void session_handshake(int i) {
	struct conn *c = &conns[i];
	uint32_t want = EPOLLIN;
	ssize_t n = io_result(c->ssl, SSL_connect(c->ssl), &want);
	if (n < 0 && errno == EAGAIN) { watch(i, want, EPOLL_CTL_MOD); return; }
	if (n <= 0) { session_fail(i); return; }
	/* the row is full handshakes: one that resumed a session would be a cheaper cell that passes */
	if (SSL_session_reused(c->ssl)) { session_fail(i); return; }
	n = conn_write(c, out_buf, 64);
	if (n != 64) { session_fail(i); return; }
	c->state = RECEIVING;
	watch(i, EPOLLIN, EPOLL_CTL_MOD);
}

static void session_event(int i, uint32_t ev) {
	struct conn *c = &conns[i];
	if (c->fd < 0) return;
	if (c->ssl && (c->state == CONNECTING || c->state == HANDSHAKING)) {
		if (c->state == CONNECTING) {
			int err = 0;
			socklen_t len = sizeof err;
			getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err || (ev & (EPOLLERR | EPOLLHUP))) { session_fail(i); return; }
			c->state = HANDSHAKING;
		}
		session_handshake(i);
		return;
	}
	if (c->state == CONNECTING || c->state == SENDING) {
		if (ev & (EPOLLERR | EPOLLHUP)) { session_fail(i); return; }
		int err = 0;
		socklen_t len = sizeof err;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) { session_fail(i); return; }
		ssize_t n = write(c->fd, out_buf, 64);
		if (n != 64) { session_fail(i); return; }
		c->state = RECEIVING;
		watch(i, EPOLLIN, EPOLL_CTL_MOD);
		return;
	}
	ssize_t n = conn_read(c, in_buf, MAX_SIZE);
	if (n > 0) {
		if (!echoed(n)) { session_fail(i); return; }
		c->received += (size_t) n;
	} else if (!(n < 0 && errno == EAGAIN)) {
		session_fail(i);
		return;
	}
	if (c->received >= 64) {
		if (c->received > 64) errors++;
		if (measuring && !draining) { completed++; record(now_ns() - c->started); }
		drop(i);
		if (!draining) session_start(i);
	}
}

/* ---- udp: closed-loop datagrams, a lost one is resent after the timeout ---- */

static uint64_t udp_timeout_ns = 200000000ull;

static uint32_t *udp_seq;

static void udp_send(int i) {
	struct conn *c = &conns[i];
	char datagram[64];
	memset(datagram, 'x', sizeof datagram);
	udp_seq[i]++;
	memcpy(datagram, &udp_seq[i], sizeof udp_seq[i]);
	c->started = now_ns();
	c->state = RECEIVING;
	if (send(c->fd, datagram, 64, 0) != 64 && errno != EAGAIN && errno != ECONNREFUSED) errors++;
}

static void udp_event(int i, uint32_t ev) {
	(void) ev;
	struct conn *c = &conns[i];
	/* one recv per event: level-triggered epoll reports a second datagram, and no EAGAIN recv is
	   paid per round trip (one datagram is in flight per socket) */
	ssize_t n = recv(c->fd, in_buf, MAX_SIZE, 0);
	if (n < 0) {
		if (errno != EAGAIN) errors++; /* e.g. ECONNREFUSED: nothing listening */
		return;
	}
	uint32_t seq;
	memcpy(&seq, in_buf, sizeof seq);
	if (n != 64 || memcmp(in_buf + sizeof seq, out_buf, 64 - sizeof seq) != 0) { errors++; return; }
	if (seq != udp_seq[i]) return; /* the late echo of a datagram already given up on */
	if (measuring) { completed++; record(now_ns() - c->started); }
	udp_send(i);
}

static void udp_check_timeouts(void) {
	uint64_t now = now_ns();
	for (int i = 0; i < nconns; i++) {
		if (conns[i].state == RECEIVING && now > conns[i].started && now - conns[i].started > udp_timeout_ns) {
			if (measuring) timeouts++;
			udp_send(i);
		}
	}
}

static void stop(int sig) {
	(void) sig;
	_exit(0);
}

int main(int argc, char **argv) {
	const char *mode = NULL;
	double warmup = 1, duration = 3;
	int opt;
	int server_pid = 0;
	int use_tls = 0;
	while ((opt = getopt(argc, argv, "m:p:c:s:w:d:t:bP:TN:")) != -1) {
		switch (opt) {
		case 'T': use_tls = 1; break;
		case 'N': server_name = optarg; break;
		case 'P': server_pid = atoi(optarg); break;
		case 'b': busy_poll = 1; break;
		case 'm': mode = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'c': nconns = atoi(optarg); break;
		case 's': size = (size_t) atol(optarg); break;
		case 'w': warmup = atof(optarg); break;
		case 'd': duration = atof(optarg); break;
		case 't': udp_timeout_ns = (uint64_t) atol(optarg) * 1000000ull; break;
		default: usage();
		}
	}
	if (!mode || port <= 0 || port > 65535 || nconns <= 0 || nconns > MAX_CONNS || size == 0 || size > MAX_SIZE
			|| warmup < 0 || warmup > 600 || duration <= 0 || duration > 3600 || (server_name && !use_tls))
		usage();
	if (use_tls) tls_init();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, stop);
	signal(SIGINT, stop);
	conns = calloc((size_t) nconns, sizeof *conns);
	out_buf = malloc(MAX_SIZE);
	in_buf = malloc(MAX_SIZE);
	if (!conns || !out_buf || !in_buf) return 1;
	memset(out_buf, 'x', MAX_SIZE);
	for (int i = 0; i < nconns; i++) conns[i].fd = -1;
	epfd = epoll_create1(0);

	if (strcmp(mode, "idle") == 0) {
		uint64_t deadline = now_ns() + (uint64_t) (duration * 1e9);
		int open = 0;
		for (int i = 0; i < nconns && now_ns() < deadline; i++) {
			conns[i].fd = open_stream();
			if (conns[i].fd < 0) errors++; else open++;
		}
		printf("open %d errors=%llu\n", open, (unsigned long long) errors);
		fflush(stdout);
		while (now_ns() < deadline) {
			uint64_t left = (deadline - now_ns()) / 1000000000ull;
			sleep(left > 1 ? 1 : (unsigned) left + 1);
		}
		return 0;
	}

	void (*on_event)(int, uint32_t);
	if (strcmp(mode, "tcp") == 0) {
		on_event = tcp_event;
		for (int i = 0; i < nconns; i++) tcp_reopen(i);
	} else if (strcmp(mode, "conn") == 0) {
		on_event = session_event;
		for (int i = 0; i < nconns; i++) session_start(i);
	} else if (strcmp(mode, "udp") == 0) {
		on_event = udp_event;
		size = 64;
		udp_seq = calloc((size_t) nconns, sizeof *udp_seq);
		for (int i = 0; i < nconns; i++) {
			int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
			struct sockaddr_in a = target();
			if (fd < 0 || connect(fd, (struct sockaddr *) &a, sizeof a) < 0) { fprintf(stderr, "udp socket failed\n"); return 1; }
			conns[i].fd = fd;
			watch(i, EPOLLIN, EPOLL_CTL_ADD);
			udp_send(i);
		}
	} else {
		usage();
	}

	struct epoll_event events[1024];
	uint64_t start = now_ns();
	uint64_t measure_from = start + (uint64_t) (warmup * 1e9);
	uint64_t end = measure_from + (uint64_t) (duration * 1e9);
	uint64_t run0 = 0, wait0 = 0, t0 = 0, last_scan = start, server0 = 0;
	for (;;) {
		uint64_t now = now_ns();
		if (!measuring && now >= measure_from) {
			measuring = 1;
			completed = errors = timeouts = 0;
			schedstat(&run0, &wait0);
			if (server_pid) server0 = process_cpu_ns(server_pid);
			t0 = now_ns();
		}
		if (now >= end) break;
		int n = epoll_wait(epfd, events, 1024, busy_poll ? 0 : 10);
		if (n == 0 && busy_poll && measuring) idle_ns += now_ns() - now;
		for (int k = 0; k < n; k++) on_event((int) events[k].data.u32, events[k].events);
		if (on_event == udp_event && now - last_scan > 10000000ull) {
			udp_check_timeouts();
			last_scan = now;
		}
	}
	uint64_t t1 = now_ns(), run1, wait1;
	schedstat(&run1, &wait1);
	uint64_t server1 = server_pid ? process_cpu_ns(server_pid) : 0;
	int alive = 0;
	for (int i = 0; i < nconns; i++) if (conns[i].fd >= 0) alive++;
	/* close cleanly: wait (1 s at most) for the replies under way, so that no socket is closed with
	   unread data, which would reset the connection instead of ending it */
	draining = 1;
	if (on_event != udp_event) {
		uint64_t drain_end = t1 + 1000000000ull;
		while (now_ns() < drain_end) {
			int busy_conns = 0;
			for (int i = 0; i < nconns; i++) if (conns[i].fd >= 0 && conns[i].state != IDLE_STATE) busy_conns++;
			if (!busy_conns) break;
			int n = epoll_wait(epfd, events, 1024, 10);
			for (int k = 0; k < n; k++) on_event((int) events[k].data.u32, events[k].events);
		}
	}
	double wall = (double) (t1 - t0) / 1e9;
	double runnable = (double) (t1 - t0) - (double) (wait1 - wait0);
	double work = (double) (run1 - run0) - (double) idle_ns;
	if (work < 0) work = 0;
	double busy = runnable > 0 ? work / runnable : 0;
	double cost_us = completed ? work / (double) completed / 1000.0 : 0;
	if (busy > 1) busy = 1;
	for (int i = 0; i < nconns; i++) if (conns[i].fd >= 0) conn_close(&conns[i]);
	double queued = (double) (wait1 - wait0) / (double) (t1 - t0);
	double server_ns = (server_pid && server1 >= server0 && server0) ? (double) (server1 - server0) : 0;
	printf("mode=%s conns=%d size=%zu rate=%.1f p50_us=%.1f p99_us=%.1f errors=%llu timeouts=%llu busy=%.3f queued=%.3f gen_us=%.2f server_us=%.2f server_core=%.3f alive=%d seconds=%.2f\n",
			mode, nconns, size, (double) completed / wall, percentile_us(0.50), percentile_us(0.99),
			(unsigned long long) errors, (unsigned long long) timeouts, busy, queued, cost_us,
			completed ? server_ns / (double) completed / 1000.0 : 0, server_ns / (double) (t1 - t0), alive, wall);
	return 0;
}
