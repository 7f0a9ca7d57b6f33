// The lab's process plumbing. Everything after a clone below runs in a copy of a
// multithreaded Swift process, so it makes system calls only: no malloc, no locks, no
// stdio, no Swift. Forks use the raw clone system call so no atfork handler runs either.
#define _GNU_SOURCE
#include "CLab.h"

#include <errno.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#define PT_MOUNT_ATTR_RDONLY 0x1
#define PT_MOUNT_ATTR_NOSUID 0x2
#define PT_MOUNT_ATTR_NODEV 0x4

/// mount_setattr(2)'s argument, spelled out so older C libraries build it too.
struct pt_mount_attr {
    unsigned long long attr_set;
    unsigned long long attr_clr;
    unsigned long long propagation;
    unsigned long long userns_fd;
};

/// The powers the lab's programs keep across exec as an ordinary user inside: the network's
/// (capture, interfaces and firewall, ports below 1024) and entering the lab's namespaces.
static const int lab_capabilities[] = { CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE, CAP_SYS_ADMIN };

/// Makes the lab's capabilities ambient, so programs started by exec keep them although
/// their user is not root (as `unshare --map-current-user --keep-caps` does). Best effort.
static void keep_capabilities_across_exec(void) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) != 0) return;
    for (size_t i = 0; i < sizeof lab_capabilities / sizeof lab_capabilities[0]; i++) {
        int cap = lab_capabilities[i];
        data[cap / 32].inheritable |= data[cap / 32].permitted & (1U << (cap % 32));
    }
    if (syscall(SYS_capset, &header, data) != 0) return;
    for (size_t i = 0; i < sizeof lab_capabilities / sizeof lab_capabilities[0]; i++) {
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, lab_capabilities[i], 0, 0);
    }
}

/// Keeps only the lab's capabilities, once the mounts are done. Every process of the lab
/// then holds the same set, so each may look at the others' /proc/PID/ns (the kernel lets a
/// process inspect another of its user only when it holds every capability that one holds).
static void limit_capabilities_to_lab(void) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    for (size_t i = 0; i < sizeof lab_capabilities / sizeof lab_capabilities[0]; i++) {
        int cap = lab_capabilities[i];
        data[cap / 32].permitted |= 1U << (cap % 32);
    }
    for (int word = 0; word < 2; word++) {
        data[word].effective = data[word].permitted;
        data[word].inheritable = data[word].permitted;
    }
    (void)syscall(SYS_capset, &header, data);
}

/// fork(2) without glibc's atfork handlers, optionally into new namespaces.
static pid_t raw_clone(unsigned long flags) {
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static void report(int fd, int stage, int error) {
    pt_lab_failure failure = { stage, error };
    (void)!write(fd, &failure, sizeof failure);
}

static _Noreturn void fail(int fd, int stage) {
    report(fd, stage, errno);
    _exit(127);
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == (ssize_t)length ? 0 : -1;
}

/// A new network namespace starts with its loopback down; this is `ip link set lo up`.
static int loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    int rc = ioctl(s, SIOCGIFFLAGS, &request);
    if (rc == 0) {
        request.ifr_flags |= IFF_UP;
        rc = ioctl(s, SIOCSIFFLAGS, &request);
    }
    int saved = errno;
    close(s);
    errno = saved;
    return rc;
}

/// What a freshly started program expects: no signal blocked or ignored, and no
/// descriptor but the standard three.
static void clean_for_exec(void) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    struct sigaction standard;
    memset(&standard, 0, sizeof standard);
    standard.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &standard, NULL);
    }
#ifdef SYS_close_range
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
#endif
}

/// Closes every descriptor from 3 up except `keep_a` and `keep_b` (-1: none). A helper
/// forked from porttutor must not hold porttutor's sockets for as long as it waits: a
/// listener the Listener pane stops would stay bound, held by a process that never
/// accepts (`ss -ltnp` would show porttutor on a port nobody serves).
static void close_all_but(int keep_a, int keep_b) {
    int low = keep_a < keep_b ? keep_a : keep_b;
    int high = keep_a < keep_b ? keep_b : keep_a;
    unsigned from = 3;
    for (int keep = 0; keep < 2; keep++) {
        int fd = keep == 0 ? low : high;
        if (fd < (int)from) continue;
        if ((unsigned)fd > from) {
#ifdef SYS_close_range
            if (syscall(SYS_close_range, from, (unsigned)fd - 1, 0U) != 0)
#endif
                for (unsigned each = from; each < (unsigned)fd; each++) close((int)each);
        }
        from = (unsigned)fd + 1;
    }
#ifdef SYS_close_range
    if (syscall(SYS_close_range, from, ~0U, 0U) == 0) return;
#endif
    for (unsigned each = from; each < 65536; each++) close((int)each);
}

static volatile pid_t forward_target = 0;

static void forward_signal(int sig) {
    if (forward_target > 0) kill(forward_target, sig);
}

/// SIGTERM and SIGHUP go on to `target`; SIGINT and SIGQUIT from the terminal reach it
/// directly (same process group), so they are ignored here.
static void forward_signals_to(pid_t target) {
    forward_target = target;
    struct sigaction forward, ignore;
    memset(&forward, 0, sizeof forward);
    memset(&ignore, 0, sizeof ignore);
    forward.sa_handler = forward_signal;
    sigemptyset(&forward.sa_mask);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGTERM, &forward, NULL);
    sigaction(SIGHUP, &forward, NULL);
    sigaction(SIGINT, &ignore, NULL);
    sigaction(SIGQUIT, &ignore, NULL);
}

static int exit_code(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// The lab's PID 2: the second computer's network namespace lives as long as it does.
static _Noreturn void keep_server(int ready_fd) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (unshare(CLONE_NEWNET) != 0 || loopback_up() != 0) _exit(1);
    if (unshare(CLONE_NEWUTS) == 0) (void)sethostname("server", 6);
    char ready = 1;
    (void)!write(ready_fd, &ready, 1);
    close(ready_fd);
    for (;;) pause();
}

/// The lab's PID 1. When it ends, the kernel ends every process of the lab's PID
/// namespace, and with them its network namespaces.
static _Noreturn void lab_init(const pt_lab_plan *plan, int status_fd, const char *uid_map, const char *gid_map) {
    // PID 1 and PID 2 live as long as the lab: a copy of a socket the process that made the
    // lab had open would keep its connection from closing (no FIN when that process closes it).
    close_all_but(status_fd, -1);
    if (plan->new_user_namespace) {
        if (write_file("/proc/self/setgroups", "deny") != 0) fail(status_fd, PT_LAB_SETGROUPS);
        if (write_file("/proc/self/uid_map", uid_map) != 0) fail(status_fd, PT_LAB_UID_MAP);
        if (write_file("/proc/self/gid_map", gid_map) != 0) fail(status_fd, PT_LAB_GID_MAP);
    }
    // Set after the maps: the kernel clears it when credentials change.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail(status_fd, PT_LAB_MOUNT_PRIVATE);
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) fail(status_fd, PT_LAB_MOUNT_PROC);
    // Best effort: /sys/class/net then lists the lab's interfaces, not the host's.
    (void)mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    // Best effort: server.lab resolves for every program in the lab.
    if (plan->hosts_file) (void)mount(plan->hosts_file, "/etc/hosts", NULL, MS_BIND, NULL);
    if (loopback_up() != 0) fail(status_fd, PT_LAB_LOOPBACK);
    // Prompts (user@lab, user@server) tell the learner's terminals apart.
    (void)sethostname("lab", 3);
    if (plan->new_user_namespace) {
        limit_capabilities_to_lab();
        keep_capabilities_across_exec();
        // Changing capabilities made this process undumpable (so no one but the host's
        // root could open its /proc/PID/ns) and cleared its parent-death signal: put both back.
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
    }

    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) fail(status_fd, PT_LAB_FORK);
    pid_t server = raw_clone(0);
    if (server == 0) {
        close(ready[0]);
        close(status_fd);
        keep_server(ready[1]);
    }
    close(ready[1]);
    if (server > 0) {
        char byte;
        while (read(ready[0], &byte, 1) < 0 && errno == EINTR) {}
    }
    close(ready[0]);

    pid_t tutorial = raw_clone(0);
    if (tutorial == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        clean_for_exec();
        execve(plan->executable, plan->argv, plan->envp);
        fail(status_fd, PT_LAB_EXEC);
    }
    if (tutorial < 0) fail(status_fd, PT_LAB_FORK);
    close(status_fd);
    forward_signals_to(tutorial);
    for (;;) {
        int status = 0;
        pid_t ended = waitpid(-1, &status, 0);
        if (ended == tutorial) _exit(exit_code(status));
        if (ended < 0 && errno != EINTR) _exit(1);
    }
}

/// Reads the child's failure report; end of file (every copy closed at exec) is success.
static int read_failure(int fd, pt_lab_failure *failure) {
    pt_lab_failure received;
    ssize_t n;
    do { n = read(fd, &received, sizeof received); } while (n < 0 && errno == EINTR);
    close(fd);
    if (n == (ssize_t)sizeof received) {
        *failure = received;
        return -1;
    }
    return 0;
}

pid_t pt_lab_start(const pt_lab_plan *plan, pt_lab_failure *failure) {
    char uid_map[48], gid_map[48];
    // The learner stays themselves inside (their own uid and gid), holding the lab's
    // powers as capabilities: a program that drops root to a user of its own (tcpdump)
    // would fail as the lab's root, since only one user exists there and setgroups is
    // denied; as an ordinary user it never tries.
    snprintf(uid_map, sizeof uid_map, "%u %u 1\n", plan->outer_uid, plan->outer_uid);
    snprintf(gid_map, sizeof gid_map, "%u %u 1\n", plan->outer_gid, plan->outer_gid);
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) {
        *failure = (pt_lab_failure){ PT_LAB_FORK, errno };
        return -1;
    }
    unsigned long flags = CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS;
    if (plan->new_user_namespace) flags |= CLONE_NEWUSER;
    pid_t init = raw_clone(flags);
    if (init == 0) {
        close(status[0]);
        lab_init(plan, status[1], uid_map, gid_map);
    }
    int saved = errno;
    close(status[1]);
    if (init < 0) {
        close(status[0]);
        *failure = (pt_lab_failure){ PT_LAB_CLONE, saved };
        return -1;
    }
    if (read_failure(status[0], failure) != 0) {
        while (waitpid(init, NULL, 0) < 0 && errno == EINTR) {}
        return -1;
    }
    return init;
}

int pt_lab_wait(pid_t child) {
    struct sigaction old_term, old_hup, old_int, old_quit;
    sigaction(SIGTERM, NULL, &old_term);
    sigaction(SIGHUP, NULL, &old_hup);
    sigaction(SIGINT, NULL, &old_int);
    sigaction(SIGQUIT, NULL, &old_quit);
    forward_signals_to(child);
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) { status = -1; break; }
    }
    forward_target = 0;
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    return status;
}


/// The powers a lesson's program keeps: the network's only. Without CAP_SYS_ADMIN it cannot
/// undo its read-only mounts, mount, or enter another namespace.
static const int lesson_capabilities[] = { CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE };

static int lesson_may_keep(int cap) {
    for (size_t i = 0; i < sizeof lesson_capabilities / sizeof lesson_capabilities[0]; i++) {
        if (lesson_capabilities[i] == cap) return 1;
    }
    return 0;
}

/// Leaves the process with the network's capabilities only, for good: out of the bounding
/// set where it may (as root, where a later exec would otherwise give every power back),
/// and no exec may add any (no setuid, no file capabilities).
static int keep_lesson_capabilities_only(void) {
    for (int cap = 0; cap <= 63; cap++) {
        if (!lesson_may_keep(cap)) (void)prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    }
    (void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    struct __user_cap_data_struct kept[2];
    memset(kept, 0, sizeof kept);
    for (size_t i = 0; i < sizeof lesson_capabilities / sizeof lesson_capabilities[0]; i++) {
        int cap = lesson_capabilities[i];
        unsigned bit = 1U << (cap % 32);
        if (data[cap / 32].permitted & bit) {
            kept[cap / 32].permitted |= bit;
            kept[cap / 32].effective |= bit;
            kept[cap / 32].inheritable |= bit;
        }
    }
    if (syscall(SYS_capset, &header, kept) != 0) return -1;
    for (size_t i = 0; i < sizeof lesson_capabilities / sizeof lesson_capabilities[0]; i++) {
        (void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, lesson_capabilities[i], 0, 0);
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    // Proof rather than trust: the power to remount must be gone.
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    unsigned admin = 1U << (CAP_SYS_ADMIN % 32);
    if ((data[CAP_SYS_ADMIN / 32].permitted | data[CAP_SYS_ADMIN / 32].effective) & admin) {
        errno = EPERM;
        return -1;
    }
    return 0;
}

static int is_directory(const char *path) {
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/// A fresh, empty, bounded tmpfs over `path`, the program's own.
static int fresh_tmpfs(const char *path, const char *options) {
    return mount("porttutor-lesson", path, "tmpfs", MS_NOSUID | MS_NODEV, options);
}

/// A lesson's program in a box of its own files: run in a new mount, PID and IPC namespace
/// (the caller made them) as that PID namespace's first process, it mounts a /proc that
/// shows only its own processes (no /proc/PID/root into a writable namespace), makes every
/// mount read-only, device-less and setuid-less at once (mount_setattr, AT_RECURSIVE:
/// Linux 5.12), gives back the harmless devices (/dev/null and kin), covers /tmp, /var/tmp,
/// /run, /dev/shm and the learner's home with fresh tmpfs, works in that home (or /tmp),
/// and drops every capability but the network's. Returns a stage on failure (errno set).
static int enter_lesson_box(const char *home) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return PT_LAB_BOX_NAMESPACES;
    if (mount("proc", "/proc", "proc", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return PT_LAB_BOX_PROC;
    struct pt_mount_attr locked = { PT_MOUNT_ATTR_RDONLY | PT_MOUNT_ATTR_NOSUID | PT_MOUNT_ATTR_NODEV, 0, 0, 0 };
    if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &locked, sizeof locked) != 0) return PT_LAB_BOX_READ_ONLY;
    static const char *const devices[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom" };
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        // Best effort: a device left out is refused to the program, never more.
        if (mount(devices[i], devices[i], NULL, MS_BIND, NULL) != 0) continue;
        struct pt_mount_attr device = { PT_MOUNT_ATTR_RDONLY | PT_MOUNT_ATTR_NOSUID, PT_MOUNT_ATTR_NODEV, 0, 0 };
        (void)syscall(SYS_mount_setattr, AT_FDCWD, devices[i], 0, &device, sizeof device);
    }
    static const char *const scratch = "size=32m,nr_inodes=4096,mode=1777";
    if (fresh_tmpfs("/tmp", scratch) != 0) return PT_LAB_BOX_TMPFS;
    static const char *const others[] = { "/var/tmp", "/run", "/dev/shm" };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        // One that is missing or cannot be covered stays read-only: safe, only less roomy.
        if (is_directory(others[i])) (void)fresh_tmpfs(others[i], scratch);
    }
    // The home (else hidden already under /tmp, or the root itself, read-only) is covered
    // so that nothing of the learner's can be read there either.
    int in_home = 0;
    if (home != NULL && home[0] == '/' && home[1] != '\0' && is_directory(home)) {
        if (fresh_tmpfs(home, "size=32m,nr_inodes=4096,mode=0700") != 0) return PT_LAB_BOX_HOME;
        in_home = chdir(home) == 0;
    }
    if (!in_home && chdir("/tmp") != 0) return PT_LAB_BOX_TMPFS;
    if (keep_lesson_capabilities_only() != 0) return PT_LAB_BOX_CAPABILITIES;
    return PT_LAB_OK;
}

/// The box's PID 1: makes the box, then runs the program as PID 2 and passes SIGTERM and
/// SIGHUP on to it (a PID 1 would ignore them). When it ends, the box's PID 1 ends, and the
/// kernel ends whatever the program left running in the box (`server &`).
static _Noreturn void run_in_lesson_box(int fd, const char *home, int stdio_fd, const char *path,
                                        char *const *argv, char *const *envp) {
    int stage = enter_lesson_box(home);
    if (stage != PT_LAB_OK) fail(fd, stage);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // No controlling terminal: the learner's terminal is porttutor's, not the lesson's.
    (void)setsid();
    pid_t program = raw_clone(0);
    if (program == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (stdio_fd >= 0) {
            for (int standard = 0; standard < 3; standard++) dup2(stdio_fd, standard);
        }
        clean_for_exec();
        execve(path, argv, envp);
        fail(fd, PT_LAB_EXEC);
    }
    if (program < 0) fail(fd, PT_LAB_FORK);
    close(fd);
    forward_signals_to(program);
    for (;;) {
        int status = 0;
        pid_t ended = waitpid(-1, &status, 0);
        if (ended == program) _exit(exit_code(status));
        if (ended < 0 && errno != EINTR) _exit(1);
    }
}

pid_t pt_lab_join(int user_fd, int mount_fd, int pid_fd, int uts_fd, int net_fd, int on_server, int stdio_fd,
                  const char *cwd, int boxed, const char *home, const char *path, char *const *argv, char *const *envp,
                  pt_lab_failure *failure) {
    int status[2];
    if (pipe2(status, O_CLOEXEC) != 0) {
        *failure = (pt_lab_failure){ PT_LAB_FORK, errno };
        return -1;
    }
    pid_t helper = raw_clone(0);
    if (helper == 0) {
        int fd = status[1];
        close(status[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (user_fd >= 0 && setns(user_fd, CLONE_NEWUSER) != 0) fail(fd, PT_LAB_SETNS_USER);
        if (mount_fd >= 0 && setns(mount_fd, CLONE_NEWNS) != 0) fail(fd, PT_LAB_SETNS_MOUNT);
        if (cwd == NULL || chdir(cwd) != 0) (void)!chdir("/");
        if (pid_fd >= 0 && setns(pid_fd, CLONE_NEWPID) != 0) fail(fd, PT_LAB_SETNS_PID);
        if (on_server) {
            // The lab's own /proc, now that this process is in its mount namespace.
            int name = open("/proc/2/ns/uts", O_RDONLY | O_CLOEXEC);
            if (name >= 0) {
                (void)setns(name, CLONE_NEWUTS);  // its host name, `server`: best effort
                close(name);
            }
            int server = open("/proc/2/ns/net", O_RDONLY | O_CLOEXEC);
            if (server < 0) fail(fd, PT_LAB_OPEN_SERVER);
            if (setns(server, CLONE_NEWNET) != 0) fail(fd, PT_LAB_SETNS_NET);
            close(server);
        } else {
            if (uts_fd >= 0) (void)setns(uts_fd, CLONE_NEWUTS);
            if (net_fd >= 0 && setns(net_fd, CLONE_NEWNET) != 0) fail(fd, PT_LAB_SETNS_NET);
        }
        close_all_but(fd, stdio_fd);
        keep_capabilities_across_exec();
        // A lesson's program: its own mount, PID and IPC namespaces, entered by its child.
        if (boxed && unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC) != 0) fail(fd, PT_LAB_BOX_NAMESPACES);
        pid_t child = raw_clone(0);  // the first process born inside the lab's PID namespace
        if (child == 0) {
            if (boxed) run_in_lesson_box(fd, home, stdio_fd, path, argv, envp);
            if (stdio_fd >= 0) {
                for (int standard = 0; standard < 3; standard++) dup2(stdio_fd, standard);
            }
            clean_for_exec();
            execve(path, argv, envp);
            fail(fd, PT_LAB_EXEC);
        }
        if (child < 0) fail(fd, PT_LAB_FORK);
        close(fd);
        forward_signals_to(child);
        int st = 0;
        while (waitpid(child, &st, 0) < 0) {
            if (errno != EINTR) _exit(1);
        }
        _exit(exit_code(st));
    }
    int saved = errno;
    close(status[1]);
    if (helper < 0) {
        close(status[0]);
        *failure = (pt_lab_failure){ PT_LAB_FORK, saved };
        return -1;
    }
    if (read_failure(status[0], failure) != 0) {
        while (waitpid(helper, NULL, 0) < 0 && errno == EINTR) {}
        return -1;
    }
    return helper;
}

int pt_lab_probe_user_namespace(void) {
    char uid_map[48];
    snprintf(uid_map, sizeof uid_map, "0 %u 1\n", (unsigned)geteuid());
    pid_t child = raw_clone(CLONE_NEWUSER | CLONE_NEWNET);
    if (child < 0) return errno;
    if (child == 0) {
        close_all_but(-1, -1);
        // Some systems (Ubuntu's AppArmor rule) let the namespace be made but not used.
        if (write_file("/proc/self/setgroups", "deny") != 0) _exit(errno & 0xff);
        if (write_file("/proc/self/uid_map", uid_map) != 0) _exit(errno & 0xff);
        if (loopback_up() != 0) _exit(errno & 0xff);
        _exit(0);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) return errno;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
}

int pt_setns_net(int fd) {
    return setns(fd, CLONE_NEWNET);
}

int pt_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
