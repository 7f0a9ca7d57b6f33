#ifndef PORTTUTOR_CPCAP_SHIM_H
#define PORTTUTOR_CPCAP_SHIM_H

#include <pcap/pcap.h>
#ifdef __linux__
#include <signal.h>
#include <sys/signalfd.h>
#endif

/* Macros and constants Swift cannot import directly. */
static inline int pt_pcap_errbuf_size(void) { return PCAP_ERRBUF_SIZE; }
static inline int pt_pcap_error(void) { return PCAP_ERROR; }
static inline int pt_pcap_error_perm_denied(void) { return PCAP_ERROR_PERM_DENIED; }
static inline int pt_pcap_error_no_such_device(void) { return PCAP_ERROR_NO_SUCH_DEVICE; }
static inline int pt_pcap_error_activated(void) { return PCAP_ERROR_ACTIVATED; }
static inline int pt_pcap_warning(void) { return PCAP_WARNING; }
static inline unsigned int pt_pcap_netmask_unknown(void) { return PCAP_NETMASK_UNKNOWN; }

static inline int pt_pcap_error_iface_not_up(void) { return PCAP_ERROR_IFACE_NOT_UP; }
static inline int pt_pcap_error_promisc_perm_denied(void) { return PCAP_ERROR_PROMISC_PERM_DENIED; }
static inline int pt_pcap_warning_promisc_not_sup(void) { return PCAP_WARNING_PROMISC_NOTSUP; }
static inline int pt_pcap_tstamp_precision_micro(void) { return PCAP_TSTAMP_PRECISION_MICRO; }

/* Field access that Swift finds awkward through the opaque struct. */
static inline long pt_pkthdr_sec(const struct pcap_pkthdr *h) { return (long)h->ts.tv_sec; }
static inline long pt_pkthdr_usec(const struct pcap_pkthdr *h) { return (long)h->ts.tv_usec; }

/* For the headless live capture: SIGINT and SIGTERM delivered as a pollable descriptor
   (signalfd) instead of a handler, so Ctrl-C stops the capture loop cleanly.
   Returns -1 where signalfd does not exist (then the default action applies). */
static inline int pt_stop_signals_fd(void) {
#ifdef __linux__
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
#else
    return -1;
#endif
}

#endif
