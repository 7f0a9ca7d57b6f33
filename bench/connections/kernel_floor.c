/*
 * kernel_floor: how long the kernel itself takes to answer the netlink dumps porttutor
 * sends, measured from C with the smallest possible parsing (count the messages). This
 * is the floor under any socket-table reader, ss included.
 *
 *   kernel_floor [ROUNDS]
 *
 * Prints the median over ROUNDS (default 15) of: a TCP dump over IPv4, over IPv6, and
 * the older two-family TCP request porttutor uses (one walk of the hash tables).
 */
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buffer[65536];

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int drain(int fd) {
    int count = 0;
    for (;;) {
        int n = (int)recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return -1;
        for (struct nlmsghdr *h = (void *)buffer; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) return count;
            if (h->nlmsg_type == NLMSG_ERROR) return -1;
            count++;
        }
    }
}

static int dump_v2(int fd, int family) {
    struct { struct nlmsghdr h; struct inet_diag_req_v2 r; } q;
    memset(&q, 0, sizeof q);
    q.h.nlmsg_len = sizeof q;
    q.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    q.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    q.r.sdiag_family = family;
    q.r.sdiag_protocol = IPPROTO_TCP;
    q.r.idiag_states = 0xfff;
    if (send(fd, &q, sizeof q, 0) < 0) return -1;
    return drain(fd);
}

static int dump_both(int fd) {
    struct { struct nlmsghdr h; struct inet_diag_req r; } q;
    memset(&q, 0, sizeof q);
    q.h.nlmsg_len = sizeof q;
    q.h.nlmsg_type = TCPDIAG_GETSOCK;
    q.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    q.r.idiag_family = AF_INET;
    q.r.idiag_states = 0xfff;
    if (send(fd, &q, sizeof q, 0) < 0) return -1;
    return drain(fd);
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 15;
    if (rounds < 1 || rounds > 1000) rounds = 15;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) { perror("socket"); return 1; }
    double v4[1000], v6[1000], both[1000];
    int n4 = 0, n6 = 0, nb = 0;
    for (int i = 0; i < rounds; i++) {
        double t0 = now_ms(); n4 = dump_v2(fd, AF_INET);
        double t1 = now_ms(); n6 = dump_v2(fd, AF_INET6);
        double t2 = now_ms(); nb = dump_both(fd);
        double t3 = now_ms();
        v4[i] = t1 - t0; v6[i] = t2 - t1; both[i] = t3 - t2;
    }
    qsort(v4, rounds, sizeof(double), compare);
    qsort(v6, rounds, sizeof(double), compare);
    qsort(both, rounds, sizeof(double), compare);
    printf("tcp_ipv4 sockets=%d median_ms=%.2f\n", n4, v4[rounds / 2]);
    printf("tcp_ipv6 sockets=%d median_ms=%.2f\n", n6, v6[rounds / 2]);
    printf("tcp_both sockets=%d median_ms=%.2f\n", nb, both[rounds / 2]);
    return 0;
}
