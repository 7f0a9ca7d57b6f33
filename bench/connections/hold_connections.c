/*
 * hold_connections: opens N established TCP connections over loopback (2N sockets)
 * and holds them until killed.
 *
 *   hold_connections [-n COUNT] [-p PORT] [-6]
 *
 * Two processes share the work, so neither needs more than N+1 descriptors (containers
 * often cap RLIMIT_NOFILE at 20,000 without letting root raise it): the parent listens
 * and accepts, a forked child connects. Prints "ready SERVER_PID CLIENT_PID COUNT PORT"
 * once every connection is established, then both sleep in pause(); killing the parent's
 * process group (or SIGTERM to the parent) ends both. Only ever talks to 127.0.0.1
 * (or ::1 with -6).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child_pid;

static void stop(int signal_number) {
    (void)signal_number;
    if (child_pid > 0) kill(child_pid, SIGTERM);
    _exit(0);
}

static void die(const char *what) {
    fprintf(stderr, "hold_connections: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char **argv) {
    int count = 10000, port = 18250, ipv6 = 0, opt;
    while ((opt = getopt(argc, argv, "n:p:6")) != -1) {
        switch (opt) {
        case 'n': count = atoi(optarg); break;
        case 'p': port = atoi(optarg); break;
        case '6': ipv6 = 1; break;
        default:
            fprintf(stderr, "usage: hold_connections [-n COUNT] [-p PORT] [-6]\n");
            return 2;
        }
    }

    /* One descriptor per connection in each process, plus the listener and some slack. */
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) die("getrlimit");
    rlim_t needed = (rlim_t)count + 64;
    if (limit.rlim_cur < needed) {
        if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) limit.rlim_max = needed;
        limit.rlim_cur = needed;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) die("setrlimit(RLIMIT_NOFILE) (raise the hard limit or use a smaller -n)");
    }

    struct sockaddr_storage address;
    socklen_t length;
    memset(&address, 0, sizeof address);
    if (ipv6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&address;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((unsigned short)port);
        a->sin6_addr = in6addr_loopback;
        length = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&address;
        a->sin_family = AF_INET;
        a->sin_port = htons((unsigned short)port);
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        length = sizeof *a;
    }

    int listener = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) die("socket");
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listener, (struct sockaddr *)&address, length) != 0) die("bind");
    if (listen(listener, 4096) != 0) die("listen");

    int ready[2];
    if (pipe(ready) != 0) die("pipe");
    child_pid = fork();
    if (child_pid < 0) die("fork");
    if (child_pid == 0) {
        close(listener);
        close(ready[0]);
        for (int i = 0; i < count; i++) {
            int client = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (client < 0) die("socket (client)");
            if (connect(client, (struct sockaddr *)&address, length) != 0) die("connect");
        }
        if (write(ready[1], "c", 1) != 1) die("write");
        close(ready[1]);
        for (;;) pause();
    }
    close(ready[1]);
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    for (int i = 0; i < count; i++) {
        int server = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (server < 0) die("accept");
    }
    char byte;
    if (read(ready[0], &byte, 1) != 1) { errno = EPIPE; die("the connecting process failed"); }

    printf("ready %d %d %d %d\n", (int)getpid(), (int)child_pid, count, port);
    fflush(stdout);
    for (;;) pause();
}
