/*
 * firstconnect: how long a server takes from process start to its first accepted connection.
 *
 *   firstconnect -p PORT [-q PORT2] [-t TIMEOUT_S] [-l LOG] -- COMMAND ARGS...
 *
 * Takes the time, forks and execs COMMAND (its output to LOG, /dev/null by default), then tries a
 * TCP connect to 127.0.0.1:PORT (and PORT2) every 0.5 ms until one succeeds. Prints
 * "ready_ms=<PORT's> second_ms=<PORT2's, or 0>", then stops the server (SIGTERM, SIGKILL after 10 s).
 * Exits 1, printing why, when the server exits first or TIMEOUT_S (60 by default) passes.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t) t.tv_sec * 1000000000ull + (uint64_t) t.tv_nsec;
}

static int accepts(int port) {
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) return 0;
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t) port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ok = connect(fd, (struct sockaddr *) &a, sizeof a) == 0;
	close(fd);
	return ok;
}

static pid_t child;

static void stop_child(void) {
	if (child <= 0) return;
	kill(child, SIGTERM);
	for (int i = 0; i < 1000; i++) {
		if (waitpid(child, NULL, WNOHANG) == child) { child = 0; return; }
		usleep(10000);
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	child = 0;
}

int main(int argc, char **argv) {
	int port = 0, second = 0;
	double timeout = 60;
	const char *log = "/dev/null";
	int opt;
	while ((opt = getopt(argc, argv, "+p:q:t:l:")) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'q': second = atoi(optarg); break;
		case 't': timeout = atof(optarg); break;
		case 'l': log = optarg; break;
		default: goto usage;
		}
	}
	if (port <= 0 || port > 65535 || second < 0 || second > 65535 || optind >= argc || timeout <= 0 || timeout > 600) goto usage;
	if (strcmp(argv[optind], "--") == 0) optind++;
	if (optind >= argc) goto usage;

	uint64_t start = now_ns();
	child = fork();
	if (child < 0) { perror("fork"); return 1; }
	if (child == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
		execvp(argv[optind], argv + optind);
		perror("exec");
		_exit(127);
	}
	uint64_t deadline = start + (uint64_t) (timeout * 1e9);
	uint64_t ready = 0, second_ready = 0;
	while (now_ns() < deadline) {
		int status;
		if (waitpid(child, &status, WNOHANG) == child) {
			child = 0;
			printf("exited=%d before it accepted a connection on port %d\n",
					WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ready ? second : port);
			return 1;
		}
		if (!ready && accepts(port)) ready = now_ns();
		if (second && !second_ready && accepts(second)) second_ready = now_ns();
		if (ready && (!second || second_ready)) break;
		usleep(500);
	}
	if (!ready || (second && !second_ready)) {
		printf("timeout=%.0f s: no connection accepted on port %d\n", timeout, ready ? second : port);
		stop_child();
		return 1;
	}
	printf("ready_ms=%.1f second_ms=%.1f\n", (double) (ready - start) / 1e6,
			second ? (double) (second_ready - start) / 1e6 : 0.0);
	fflush(stdout);
	stop_child();
	return 0;

usage:
	fprintf(stderr, "usage: firstconnect -p PORT [-q PORT2] [-t TIMEOUT_S] [-l LOG] -- COMMAND ARGS...\n");
	return 2;
}
