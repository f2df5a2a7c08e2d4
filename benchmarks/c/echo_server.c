/*
 * echo_server: the calibration server. One thread, epoll, level-triggered, bound to 127.0.0.1.
 *
 *   echo_server PORT [tcp|udp]
 *
 * TCP: echoes what each connection sends; a write the socket cannot take at once is kept and
 * the connection stops reading until it is flushed. UDP: sends each datagram back to its sender.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF (64 * 1024)

struct pending {
	char *data;
	size_t off, len;
};

static struct pending *pending; /* by fd */
static int max_fds;
static int epfd;
static char buf[BUF];

static void stop(int sig) {
	(void) sig;
	_exit(0);
}

static void set_events(int fd, uint32_t events, int op) {
	struct epoll_event e = {.events = events, .data.fd = fd};
	epoll_ctl(epfd, op, fd, &e);
}

static void close_conn(int fd) {
	free(pending[fd].data);
	pending[fd].data = NULL;
	pending[fd].off = pending[fd].len = 0;
	close(fd);
}

/* 0: all written; 1: some kept for EPOLLOUT; -1: failed */
static int send_all(int fd, const char *data, size_t len) {
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n > 0) { off += (size_t) n; continue; }
		if (n < 0 && errno == EAGAIN) {
			struct pending *p = &pending[fd];
			p->data = malloc(len - off);
			if (!p->data) return -1;
			memcpy(p->data, data + off, len - off);
			p->off = 0;
			p->len = len - off;
			set_events(fd, EPOLLOUT, EPOLL_CTL_MOD);
			return 1;
		}
		return -1;
	}
	return 0;
}

static void on_stream(int fd, uint32_t events) {
	struct pending *p = &pending[fd];
	if (p->data) {
		if (!(events & EPOLLOUT)) { if (events & (EPOLLERR | EPOLLHUP)) close_conn(fd); return; }
		while (p->off < p->len) {
			ssize_t n = write(fd, p->data + p->off, p->len - p->off);
			if (n > 0) { p->off += (size_t) n; continue; }
			if (n < 0 && errno == EAGAIN) return;
			close_conn(fd);
			return;
		}
		free(p->data);
		p->data = NULL;
		set_events(fd, EPOLLIN, EPOLL_CTL_MOD);
		return;
	}
	ssize_t n = read(fd, buf, BUF);
	if (n > 0) {
		if (send_all(fd, buf, (size_t) n) < 0) close_conn(fd);
		return;
	}
	if (n < 0 && errno == EAGAIN) return;
	close_conn(fd);
}

int main(int argc, char **argv) {
	if (argc < 2) { fprintf(stderr, "usage: echo_server PORT [tcp|udp]\n"); return 2; }
	int port = atoi(argv[1]);
	int udp = argc > 2 && strcmp(argv[2], "udp") == 0;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, stop);
	signal(SIGINT, stop);
	max_fds = 1 << 17;
	pending = calloc((size_t) max_fds, sizeof *pending);
	epfd = epoll_create1(0);

	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t) port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int one = 1;
	int s = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s, (struct sockaddr *) &a, sizeof a) < 0 || (!udp && listen(s, 4096) < 0)) {
		perror("bind/listen");
		return 1;
	}
	set_events(s, EPOLLIN, EPOLL_CTL_ADD);

	struct epoll_event events[1024];
	for (;;) {
		int n = epoll_wait(epfd, events, 1024, -1);
		for (int k = 0; k < n; k++) {
			int fd = events[k].data.fd;
			if (fd != s) { on_stream(fd, events[k].events); continue; }
			if (udp) {
				for (;;) {
					struct sockaddr_in from;
					socklen_t len = sizeof from;
					ssize_t r = recvfrom(s, buf, BUF, 0, (struct sockaddr *) &from, &len);
					if (r < 0) break;
					sendto(s, buf, (size_t) r, 0, (struct sockaddr *) &from, len);
				}
				continue;
			}
			for (;;) {
				int c = accept4(s, NULL, NULL, SOCK_NONBLOCK);
				if (c < 0) break;
				if (c >= max_fds) { close(c); continue; }
				setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
				set_events(c, EPOLLIN, EPOLL_CTL_ADD);
			}
		}
	}
}
