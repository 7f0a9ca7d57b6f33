#ifndef PORTTUTOR_CPCAP_SHIM_H
#define PORTTUTOR_CPCAP_SHIM_H

#include <pcap/pcap.h>

/* Macros and constants Swift cannot import directly. */
static inline int pt_pcap_errbuf_size(void) { return PCAP_ERRBUF_SIZE; }
static inline int pt_pcap_error(void) { return PCAP_ERROR; }
static inline int pt_pcap_error_perm_denied(void) { return PCAP_ERROR_PERM_DENIED; }
static inline int pt_pcap_error_no_such_device(void) { return PCAP_ERROR_NO_SUCH_DEVICE; }
static inline int pt_pcap_error_activated(void) { return PCAP_ERROR_ACTIVATED; }
static inline int pt_pcap_warning(void) { return PCAP_WARNING; }
static inline unsigned int pt_pcap_netmask_unknown(void) { return PCAP_NETMASK_UNKNOWN; }

#endif
