#ifndef PORTTUTOR_CLAB_H
#define PORTTUTOR_CLAB_H

// The few steps of porttutor's lab that must run in C: between clone/fork and exec a
// child may only make system calls (Swift's runtime, malloc and locks are off limits),
// and a process must have a single thread to enter a user namespace.

#include <sys/types.h>
#include <sys/socket.h>
#include <linux/netlink.h>

/// Which step of making or joining the lab failed (reported with errno).
enum pt_lab_stage {
    PT_LAB_OK = 0,
    PT_LAB_CLONE = 1,
    PT_LAB_SETGROUPS,
    PT_LAB_UID_MAP,
    PT_LAB_GID_MAP,
    PT_LAB_MOUNT_PRIVATE,
    PT_LAB_MOUNT_PROC,
    PT_LAB_LOOPBACK,
    PT_LAB_FORK,
    PT_LAB_EXEC,
    PT_LAB_SETNS_USER,
    PT_LAB_SETNS_MOUNT,
    PT_LAB_SETNS_PID,
    PT_LAB_SETNS_NET,
    PT_LAB_OPEN_SERVER,
    PT_LAB_BOX_NAMESPACES,
    PT_LAB_BOX_PROC,
    PT_LAB_BOX_READ_ONLY,
    PT_LAB_BOX_TMPFS,
    PT_LAB_BOX_HOME,
    PT_LAB_BOX_CAPABILITIES,
};

typedef struct {
    int stage;   // enum pt_lab_stage
    int error;   // errno
} pt_lab_failure;

/// What the lab is made of: a new user namespace (not as root), network, PID and mount
/// namespaces. Its PID 1 is a small C init that reaps orphans, keeps the second
/// computer's network namespace in PID 2, and runs `executable` as PID 3.
typedef struct {
    int new_user_namespace;       // 0 when already root
    unsigned int outer_uid;
    unsigned int outer_gid;
    const char *hosts_file;       // bind-mounted over /etc/hosts inside; NULL for none
    const char *executable;
    char *const *argv;
    char *const *envp;
} pt_lab_plan;

/// Starts the lab; returns its init's PID (as this process sees it), or -1 with `failure`.
pid_t pt_lab_start(const pt_lab_plan *plan, pt_lab_failure *failure);

/// Waits for `child`, forwarding SIGTERM and SIGHUP to it and ignoring SIGINT and SIGQUIT
/// meanwhile (as system(3) does); returns its wait status.
int pt_lab_wait(pid_t child);

/// Runs `path` inside a running lab: enters the namespaces given as descriptors (-1 to
/// skip one), in the order user, mount, PID, host name (UTS), network; with `on_server`,
/// the host name and network are those of the lab's PID 2 (the second computer) instead. `stdio_fd`, when
/// not -1, becomes the program's standard input, output and error. With `boxed` (a
/// lesson's `start:` program) the program runs in a box of its own: every file read-only,
/// fresh empty tmpfs over /tmp, /var/tmp, /run, /dev/shm and `home` (NULL for none), its
/// own PID and IPC namespaces, the network's capabilities only; if the box cannot be made
/// (Linux before 5.12) the program is not run. Returns the PID to wait for with
/// pt_lab_wait (SIGTERM to it reaches the program), or -1 with `failure`.
pid_t pt_lab_join(int user_fd, int mount_fd, int pid_fd, int uts_fd, int net_fd, int on_server, int stdio_fd,
                  const char *cwd, int boxed, const char *home, const char *path, char *const *argv, char *const *envp,
                  pt_lab_failure *failure);

/// Probes whether this process may make a user namespace, in a throwaway child.
/// Returns 0 when it may, or the errno that refused it.
int pt_lab_probe_user_namespace(void);

/// A descriptor that becomes readable when `pid` ends (pidfd_open), or -1.
int pt_pidfd_open(pid_t pid);

/// Enters another network namespace on the calling thread (the lab's one-thread loop).
int pt_setns_net(int fd);

#endif
