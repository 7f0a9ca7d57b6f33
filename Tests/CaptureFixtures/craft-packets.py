#!/usr/bin/env python3
"""Crafted fixtures for porttutor's printer, written next to the real captures.

Reads loopback.pcap and veth.pcap (recorded by make-fixtures.sh) and writes:
  linktypes-*.pcap   the same IP packets under the other link types tcpdump decodes
                     (BSD loopback DLT_NULL and DLT_LOOP as macOS lo0 records them, Linux
                     cooked SLL and SLL2, raw IP) and Ethernet with 802.1Q and QinQ tags;
  truncated.pcap     every real packet cut short at many lengths (snapshot ends);
  malformed.pcap     DNS, ARP, ICMP, IP and UDP packets that lie about themselves.
"""
import struct, sys, os

def read_pcap(path):
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(e + 'I', data[20:24])[0]
    off, packets = 24, []
    while off + 16 <= len(data):
        sec, usec, caplen, length = struct.unpack(e + 'IIII', data[off:off + 16])
        packets.append((sec, usec, data[off + 16:off + 16 + caplen], length))
        off += 16 + caplen
    return linktype, packets

def write_pcap(path, linktype, packets):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, linktype))
        for sec, usec, data, length in packets:
            f.write(struct.pack('<IIII', sec, usec, len(data), length) + data)

def csum(data):
    if len(data) % 2: data += b'\0'
    s = sum(struct.unpack('>%dH' % (len(data) // 2), data))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def ipv4(payload, proto, src=b'\x7f\0\0\x01', dst=b'\x7f\0\0\x01', ident=1, options=b'', ttl=64, flags=0x4000, bad_sum=False):
    ihl = 5 + len(options) // 4
    h = struct.pack('>BBHHHBBH4s4s', 0x40 | ihl, 0, 20 + len(options) + len(payload), ident, flags, ttl, proto, 0, src, dst) + options
    s = csum(h) ^ (0x1111 if bad_sum else 0)
    return h[:10] + struct.pack('>H', s) + h[12:] + payload

def udp(sport, dport, payload, src=b'\x7f\0\0\x01', dst=b'\x7f\0\0\x01', length=None):
    u = struct.pack('>HHHH', sport, dport, length if length is not None else 8 + len(payload), 0) + payload
    pseudo = src + dst + struct.pack('>BBH', 0, 17, len(u))
    s = csum(pseudo + u) or 0xffff
    return u[:6] + struct.pack('>H', s) + u[8:]

def tcp(sport, dport, payload, seq=1000, ack=2000, flags=0x18, src=b'\x7f\0\0\x01', dst=b'\x7f\0\0\x01'):
    t = struct.pack('>HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 512, 0, 0) + payload
    pseudo = src + dst + struct.pack('>BBH', 0, 6, len(t))
    return t[:16] + struct.pack('>H', csum(pseudo + t)) + t[18:]

def ether(payload, ethertype=0x0800, src=b'\x02\0\0\0\0\x01', dst=b'\x02\0\0\0\0\x02'):
    return dst + src + struct.pack('>H', ethertype) + payload

def name(*labels):
    return b''.join(bytes([len(l)]) + l for l in labels) + b'\0'

def dns(ident, flags, qd=b'', an=b'', ns=b'', ar=b'', counts=None):
    c = counts or (qd.count(b'?') if False else None)
    return struct.pack('>HHHHHH', ident, flags, *(counts or (1 if qd else 0, an.count(b'\xc0\x0c') if an else 0, 0, 0))) + qd + an + ns + ar

def rr(rtype, rdata, owner=b'\xc0\x0c', cls=1, ttl=60):
    return owner + struct.pack('>HHIH', rtype, cls, ttl, len(rdata)) + rdata

def main(folder):
    os.chdir(folder)
    _, loop = read_pcap('loopback.pcap')
    _, veth = read_pcap('veth.pcap')
    stamp = loop[0][0] if loop else 1700000000

    # Other link types: the IP packet of every loopback frame under each header.
    ips = [(s, u, d[14:], l - 14) for s, u, d, l in loop]
    def family(ip): return 2 if ip[0] >> 4 == 4 else 30  # AF_INET, macOS AF_INET6
    write_pcap('linktypes-null.pcap', 0, [(s, u, struct.pack('<I', family(d)) + d, l + 4) for s, u, d, l in ips])
    write_pcap('linktypes-loop.pcap', 108, [(s, u, struct.pack('>I', family(d)) + d, l + 4) for s, u, d, l in ips])
    write_pcap('linktypes-raw.pcap', 101, ips)
    def sll(d, outgoing):
        et = 0x0800 if d[0] >> 4 == 4 else 0x86dd
        return struct.pack('>HHH8sH', 4 if outgoing else 0, 772, 6, b'\0' * 8, et) + d
    def sll2(d, outgoing):
        et = 0x0800 if d[0] >> 4 == 4 else 0x86dd
        return struct.pack('>HHIHBB8s', et, 0, 1, 772, 4 if outgoing else 0, 6, b'\0' * 8) + d
    write_pcap('linktypes-sll.pcap', 113, [(s, u, sll(d, i % 2 == 0), l + 16) for i, (s, u, d, l) in enumerate(ips)])
    write_pcap('linktypes-sll2.pcap', 276, [(s, u, sll2(d, i % 2 == 0), l + 20) for i, (s, u, d, l) in enumerate(ips)])
    def tagged(d, tags):
        head = d[:12]
        for tpid, tci in tags: head += struct.pack('>HH', tpid, tci)
        return head + d[12:]
    vlan = [(s, u, tagged(d, [(0x8100, 10)]), l + 4) for s, u, d, l in veth]
    vlan += [(s, u, tagged(d, [(0x88a8, 0x2064), (0x8100, 0x300a)]), l + 8) for s, u, d, l in veth[:3]]
    write_pcap('linktypes-vlan.pcap', 1, vlan)
    # Netfilter log (what `tcpdump -i nflog:5` records; iptables is not installed here):
    # header, a hardware-protocol record, a prefix record, then the packet record.
    def tlv(t, data):
        size = 4 + len(data)
        return struct.pack('<HH', size, t) + data + bytes((4 - size % 4) % 4)
    def nflog(ip, family=None, version=0):
        fam = family if family is not None else (2 if ip[0] >> 4 == 4 else 10)
        return (struct.pack('>BBH', fam, version, 5) + tlv(1, struct.pack('>HBB', 0x0800 if fam == 2 else 0x86dd, 1, 0))
                + tlv(10, b'porttutor\0') + tlv(9, ip))
    logged = [(s, u, nflog(d), len(nflog(d))) for s, u, d, l in ips]
    sample = ips[0][2]
    for frame in [nflog(sample, version=1), nflog(sample, family=7), struct.pack('>BBH', 2, 0, 5) + struct.pack('<HH', 2, 1) + bytes(8),
                  struct.pack('>BBH', 2, 0, 5) + tlv(10, b'no packet'), nflog(sample)[:30], b'\x02\x00']:
        logged.append((stamp, len(logged), frame, len(frame)))
    write_pcap('linktypes-nflog.pcap', 239, logged)

    # Every real frame cut short at many snapshot lengths.
    cuts = []
    for s, u, d, l in loop + veth:
        for n in sorted({14, 18, 20, 30, 34, 38, 41, 42, 46, 50, 54, 58, 62, 66, 74, 80, 90, len(d) - 1}):
            if 0 < n < len(d): cuts.append((s, u, d[:n], l))
    write_pcap('truncated.pcap', 1, cuts)

    # Packets that lie.
    qname = name(b'example', b'test')
    q = qname + struct.pack('>HH', 1, 1)
    bad = []
    def add(frame): bad.append((stamp, len(bad), frame, len(frame)))
    def dnsudp(payload, sport=40000, dport=53): add(ether(ipv4(udp(sport, dport, payload), 17)))
    dnsudp(struct.pack('>HHHHHH', 1, 0x0100, 1, 0, 0, 0) + q)                            # plain query
    dnsudp(struct.pack('>HHHHHH', 2, 0x8180, 1, 1, 0, 0) + q + rr(1, bytes([10, 0, 0, 1])), 53, 40000)
    dnsudp(struct.pack('>HHHHHH', 3, 0x8180, 1, 3, 0, 0) + q + rr(1, bytes([10, 0, 0, 1])), 53, 40000)  # ancount lies
    dnsudp(struct.pack('>HHHHHH', 4, 0x8180, 1, 1, 0, 0) + q + rr(5, b'\xc0\x2a'), 53, 40000)           # pointer forward
    dnsudp(struct.pack('>HHHHHH', 5, 0x8180, 1, 1, 0, 0) + q + rr(5, b'\x03abc\xc0\x29'), 53, 40000)     # pointer to itself
    dnsudp(struct.pack('>HHHHHH', 6, 0x0100, 1, 0, 0, 0) + b'\x3fshort\0' + struct.pack('>HH', 1, 1))  # label runs off
    dnsudp(struct.pack('>HHHHHH', 7, 0x0100, 1, 0, 0, 0) + b'\x05a\x01b\xffc\0\0\x01\0\x01')            # odd bytes in a label
    dnsudp(struct.pack('>HHHHHH', 8, 0x0100, 1, 0, 0, 0) + b'\x80x\0\0\x01\0\x01')                      # unknown label type
    dnsudp(struct.pack('>HHHHHH', 9, 0x8583, 1, 0, 1, 0) + q + rr(6, name(b'ns', b'test') + name(b'host', b'test') + struct.pack('>IIIII', 1, 2, 3, 4, 5)), 53, 40000)
    dnsudp(struct.pack('>HHHHHH', 10, 0x8400, 1, 2, 0, 0) + q + rr(16, b'\x05hello\x05world') + rr(33, struct.pack('>HHH', 1, 2, 443) + name(b'srv', b'test')), 53, 40000)
    dnsudp(struct.pack('>HHHHHH', 11, 0x0100, 1, 0, 0, 1) + q + b'\0' + struct.pack('>HHIH', 41, 4096, 0x8000, 8) + struct.pack('>HH', 12, 4) + b'\0' * 4)
    dnsudp(struct.pack('>HHHHHH', 12, 0x0100, 1, 0, 0, 1) + q + b'\0' + struct.pack('>HHIH', 41, 1232, 0, 8) + struct.pack('>HH', 10, 4) + b'\1\2\3\4')  # cookie too short
    dnsudp(struct.pack('>HHHHHH', 13, 0x8400, 0, 1, 0, 0) + rr(1, bytes([10, 0, 0, 9]), owner=qname, cls=0x8001, ttl=120), 5353, 5353)  # mDNS cache flush
    dnsudp(struct.pack('>HHHHHH', 14, 0x0000, 1, 0, 0, 0) + qname + struct.pack('>HH', 28, 0x8001), 5353, 5353)  # mDNS QU question
    dnsudp(struct.pack('>HHHHHH', 15, 0x0000, 1, 0, 0, 0) + qname + struct.pack('>HH', 255, 3), 5355, 5355)      # LLMNR, class CHAOS
    dnsudp(struct.pack('>HHHHHH', 16, 0x7f3f, 2, 1, 1, 1) + q)                            # every odd flag, counts lie
    dnsudp(b'\0\x11\x01')                                                                     # shorter than a header
    dnsudp(struct.pack('>HHHHHH', 17, 0x8180, 1, 1, 0, 0) + q + rr(28, b'\xfd' + b'\0' * 14 + b'\x07'), 53, 40000)
    dnsudp(struct.pack('>HHHHHH', 18, 0x8180, 1, 1, 0, 0) + q + rr(15, struct.pack('>H', 5) + name(b'mx', b'test')), 53, 40000)
    # DNS over TCP: right prefix, a lying prefix, a lone byte.
    msg = struct.pack('>HHHHHH', 19, 0x0100, 1, 0, 0, 0) + q
    add(ether(ipv4(tcp(40001, 53, struct.pack('>H', len(msg)) + msg), 6)))
    add(ether(ipv4(tcp(40001, 53, struct.pack('>H', 99) + msg), 6)))
    add(ether(ipv4(tcp(40001, 53, b'\x01'), 6)))
    # UDP whose length field lies, and one with a zero checksum.
    add(ether(ipv4(udp(40000, 53, msg, length=200), 17)))
    add(ether(ipv4(udp(40000, 53, msg, length=4), 17)))
    u = udp(40000, 53, msg); add(ether(ipv4(u[:6] + b'\0\0' + u[8:], 17)))
    # IP: options (router alert, NOPs), a bad header checksum, a more-fragments flag.
    add(ether(ipv4(udp(40000, 53, msg), 17, options=b'\x94\x04\0\0\x01\x01\x01\0')))
    add(ether(ipv4(udp(40000, 53, msg), 17, bad_sum=True)))
    add(ether(ipv4(udp(40000, 53, msg), 17, flags=0x2000)))
    # ICMP: an echo with a wrong checksum, an unreachable quoting a cut packet.
    echo = struct.pack('>BBHHH', 8, 0, 0x1234, 7, 1) + b'ping'
    add(ether(ipv4(echo, 1)))
    inner = ipv4(udp(40000, 53, msg), 17)[:28]
    unreach = struct.pack('>BBHI', 3, 3, 0, 0) + inner
    unreach = unreach[:2] + struct.pack('>H', csum(unreach)) + unreach[4:]
    add(ether(ipv4(unreach, 1, ttl=64)))
    # ARP: a reply, a request with a target MAC, RARP, an unknown operation, odd lengths.
    def arp(op, hl=6, pl=4, pro=0x0800, hrd=1, sha=b'\x02\0\0\0\0\x01', spa=b'\x0a\x09\0\x01', tha=b'\0' * 6, tpa=b'\x0a\x09\0\x02'):
        return struct.pack('>HHBBH', hrd, pro, hl, pl, op) + sha[:hl].ljust(hl, b'\0') + spa[:pl].ljust(pl, b'\0') + tha[:hl].ljust(hl, b'\0') + tpa[:pl].ljust(pl, b'\0')
    add(ether(arp(2), 0x0806))
    add(ether(arp(1, tha=b'\x02\0\0\0\0\x02'), 0x0806))
    add(ether(arp(3), 0x8035))
    add(ether(arp(4), 0x8035))
    add(ether(arp(9), 0x0806))
    add(ether(arp(1, hl=8), 0x0806))
    add(ether(arp(1, pl=16, pro=0x86dd), 0x0806))
    add(ether(arp(1, hrd=6), 0x0806))
    write_pcap('malformed.pcap', 1, bad)
    write_pcap('tcp-options.pcap', 1, tcp_options(stamp))
    write_pcap('applications-crafted.pcap', 1, applications(stamp))
    write_pcap('icmp6-crafted.pcap', 1, icmp6_messages(stamp))

def icmp6_messages(stamp):
    """MLDv2 reports behind hop-by-hop options (router alert, pads, an unknown option) as a
    host sends them when an interface comes up, and router solicitations and advertisements
    with their options (link address, prefix, MTU, RDNSS, an unknown one)."""
    frames = []
    src = bytes.fromhex('fe800000000000000000000000000001')
    def ip6(payload, nh, dst, hlim):
        return struct.pack('>IHBB', 0x60000000, len(payload), nh, hlim) + src + dst + payload
    def icmp6(m, dst):
        pseudo = src + dst + struct.pack('>IxxxB', len(m), 58)
        return m[:2] + struct.pack('>H', csum(pseudo + m)) + m[4:]
    def add(frame): frames.append((stamp, len(frames), frame, len(frame)))
    mld_dst = bytes.fromhex('ff020000000000000000000000000016')
    group = bytes.fromhex('ff0200000000000000000001ff000001')
    reports = [icmp6(bytes([143, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0]) + group, mld_dst),
               icmp6(bytes([143, 0, 0, 0, 0, 0, 0, 2, 3, 0, 0, 1]) + group + bytes.fromhex('fd000000000000000000000000000009')
                     + bytes([1, 0, 0, 0]) + bytes.fromhex('ff0500000000000000000000000000fb'), mld_dst)]
    for opts in [b'\x05\x02\x00\x00\x01\x00', b'\x01\x04\x00\x00\x00\x00', b'\x00' * 6, b'\x1e\x04\x00\x00\x00\x00', b'\x05\x02\x00\x00\x00\x00']:
        for report in reports:
            add(ether(ip6(bytes([58, 0]) + opts + report, 0, mld_dst, 1), 0x86dd, dst=b'\x33\x33\x00\x00\x00\x16'))
    all_nodes = bytes.fromhex('ff020000000000000000000000000001')
    sll = bytes([1, 1, 2, 0, 0, 0, 0, 1])
    prefix = bytes([3, 4, 64, 0xc0]) + struct.pack('>III', 86400, 14400, 0) + bytes.fromhex('fd000000000000000000000000000000')
    mtu = bytes([5, 1, 0, 0]) + struct.pack('>I', 1500)
    rdnss = bytes([25, 3, 0, 0]) + struct.pack('>I', 0xffffffff) + bytes.fromhex('fd000000000000000000000000000001')
    for m in [bytes([133, 0, 0, 0, 0, 0, 0, 0]) + sll,
              bytes([134, 0, 0, 0, 64, 0x48, 0x07, 0x08]) + struct.pack('>II', 0, 0) + sll + prefix + mtu + rdnss,
              bytes([134, 0, 0, 0, 64, 0x1c, 0, 0]) + struct.pack('>II', 1000, 2000) + bytes([99, 1, 1, 2, 3, 4, 5, 6]),
              bytes([134, 0, 0, 0, 64, 0x80, 0, 0]) + struct.pack('>II', 0, 0) + bytes([3, 3]) + bytes(22)]:
        add(ether(ip6(icmp6(m, all_nodes), 58, all_nodes, 255), 0x86dd, dst=b'\x33\x33\x00\x00\x00\x01'))
    return frames

def applications(stamp):
    """Telnet option summaries, SSH banners, syslog and NTP messages no client here sends,
    or sends only in their ordinary form: suboptions, cut commands, binary banners,
    priorities out of range, every NTP mode, key ids and digests, short messages."""
    frames = []
    def add(frame): frames.append((stamp, len(frames), frame, len(frame)))
    def tcpseg(dport, payload, sport=40000): add(ether(ipv4(tcp(sport, dport, payload), 6)))
    def udpseg(sport, dport, payload): add(ether(ipv4(udp(sport, dport, payload), 17)))
    I = b'\xff'
    tcpseg(23, I + b'\xfb\x01' + I + b'\xfb\x03' + I + b'\xfd\x1f')              # WILL ECHO, WILL SGA, DO NAWS
    tcpseg(23, I + b'\xfa\x1f\x00\x50\x00\x18' + I + b'\xf0')                    # SB NAWS 80x24 SE
    tcpseg(23, I + b'\xfa\x18\x01' + I + b'\xf0')                                  # SB TERMINAL TYPE SEND
    tcpseg(23, I + b'\xfa\x18\x00xterm' + I + b'\xf0')                             # SB TERMINAL TYPE IS xterm
    tcpseg(23, I + b'\xf1' + I + b'\xf9' + I + I + I + b'\xf6')                    # NOP, GA, IAC IAC, AYT
    tcpseg(23, I + b'\xfd\x64')                                                    # DO an unknown option
    tcpseg(23, b'login: ' + I + b'\xfb\x01')                                       # data first: no summary
    tcpseg(23, I + b'\xfb')                                                         # command cut short
    tcpseg(23, I + b'\xfa\x18\x01')                                               # SB without SE
    tcpseg(23, I + b'\x10')                                                         # not a command
    tcpseg(23, I + b'\xfd\x25' + I + b'\xfa\x25\x00\x00\x00' + I + b'\xf0')    # AUTHENTICATION
    tcpseg(23, I + b'\xfa\x26\x01\x01\x02' + I + b'\xf0')                       # ENCRYPT SUPPORT
    tcpseg(22, b'SSH-2.0-OpenSSH_9.2\r\n')
    tcpseg(22, b'SSH-2.0-OpenSSH_9.2 no end')
    tcpseg(22, b'SSH-1.99-x\n')
    tcpseg(22, b'SSH-2.0-bin\x01ary\r\n')
    tcpseg(22, b'SSH-2.0-cr\rx\r\n')
    tcpseg(22, b'\x00\x00\x01\x0c\x05\x14')
    tcpseg(22, b'SSH')
    udpseg(40000, 514, b'<13>Dec  5 08:03:04 vm porttutor: hello')
    udpseg(40000, 514, b'<191>line one\nline two\ttab\x01\xff end')
    udpseg(40000, 514, b'<1234>too many digits')
    udpseg(40000, 514, b'no pri')
    udpseg(40000, 514, b'<30')
    udpseg(40000, 514, b'<30>')
    udpseg(40000, 514, b'<200>facility 25')
    ts = lambda s, f: struct.pack('>II', s, f)
    udpseg(40000, 123, bytes([0x23, 0, 6, 0xec]) + bytes(12) + ts(0, 0) * 3 + ts(3909200000, 0x80000000))
    udpseg(123, 40000, bytes([0x24, 2, 6, 0xe9]) + struct.pack('>II', 0x123, 0x10456) + bytes([192, 0, 2, 1])
           + ts(3909199990, 0x40000000) + ts(3909200000, 0x80000000) + ts(3909200001, 0x11111111) + ts(3909200001, 0x22222222))
    udpseg(123, 123, bytes([0x5c, 1, 10, 0xfa]) + struct.pack('>II', 0, 0x10) + b'GPS\0' + ts(3909199990, 0) * 4)
    udpseg(123, 40001, bytes([0xe4, 0, 0xfa, 0xe9]) + bytes(8) + b'RATE' + ts(0, 0) * 4)     # kiss o' death, poll -6
    udpseg(123, 40001, bytes([0x25, 16, 6, 0xe9]) + bytes(8) + b'\x7f\0\0\1' + ts(3909200002, 5) + ts(3909200003, 9) + ts(3909200001, 7) + ts(3909200001, 3))
    udpseg(40002, 123, bytes([0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]))                   # control message
    udpseg(40002, 123, bytes([0x16, 0xc2, 0, 1, 0x06, 0x15, 0, 3, 0, 0, 0, 4]) + b'abcd')  # control, with data
    udpseg(40003, 123, bytes([0x23, 0, 6]))                                                # too short
    udpseg(40000, 123, bytes([0x23, 0, 6, 0xec]) + bytes(12) + ts(0, 0) * 3 + ts(3909200000, 0) + struct.pack('>I', 7) + bytes(range(16)))
    udpseg(40000, 123, bytes([0x23, 0, 6, 0xec]) + bytes(12) + ts(0, 0) * 3 + ts(3909200000, 0) + struct.pack('>I', 7))
    udpseg(40000, 123, bytes([0x23, 0, 6, 0xec]) + bytes(12) + ts(0, 0) * 3 + ts(3909200000, 0) + bytes(10))
    # DHCP: a discover, an offer, a request, a release, odd options, a cut message.
    mac = b'\x02\x00\x00\x00\x00\x01'
    def bootp(op, xid, opts=b'', yiaddr=bytes(4), siaddr=bytes(4), flags=0x8000, secs=0, htype=1, hlen=6, sname=b'', file=b''):
        return (struct.pack('>BBBBIHH', op, htype, hlen, 0, xid, secs, flags) + bytes(4) + yiaddr + siaddr + bytes(4)
                + mac + bytes(10) + sname.ljust(64, b'\0') + file.ljust(128, b'\0') + b'\x63\x82\x53\x63' + opts)
    def dhcp(sport, dport, payload):
        add(ether(ipv4(udp(sport, dport, payload, src=bytes(4), dst=b'\xff' * 4), 17, src=bytes(4), dst=b'\xff' * 4), dst=b'\xff' * 6))
    dhcp(68, 67, bootp(1, 0x12345678, b'\x35\x01\x01\x3d\x07\x01' + mac + b'\x32\x04\x0a\x09\x00\x05\x0c\x04host'
                       b'\x37\x06\x01\x03\x06\x0f\x79\x2a\x39\x02\x05\xdc\xff'))
    dhcp(67, 68, bootp(2, 0x12345678, b'\x35\x01\x02\x36\x04\x0a\x09\x00\x01\x33\x04\x00\x00\x0e\x10\x01\x04\xff\xff\xff\x00'
                       b'\x03\x04\x0a\x09\x00\x01\x06\x08\x0a\x09\x00\x01\x08\x08\x08\x08\x0f\x04test'
                       b'\x79\x0d\x18\xc0\xa8\x01\x0a\x09\x00\x01\x00\x0a\x09\x00\x01\xff' + bytes(20),
                       yiaddr=b'\x0a\x09\x00\x05', siaddr=b'\x0a\x09\x00\x01'))
    dhcp(68, 67, bootp(1, 0x12345678, b'\x35\x01\x03\x32\x04\x0a\x09\x00\x05\x00\x00\xff', flags=0, secs=3))
    dhcp(68, 67, bootp(1, 0x1, b'\x35\x01\x07\x02\x04\xff\xff\xf1\xf0\x13\x01\x01\x2e\x01\x08\x3d\x04\x00abc'
                       b'\x1a\x03\x05\xdc\x00\xc8\x02\x01\x02\xff', sname=b'boot-server', file=b'pxelinux.0'))
    dhcp(68, 67, bootp(1, 0x2, b'\x35\x01\x63\x79\x03\x21\x00\x00\xff', htype=6, hlen=8))
    dhcp(68, 67, bootp(1, 0x3)[:100])
    dhcp(68, 67, bootp(1, 0x4, b'\x35\x01\x01\x0c\x09ab'))
    return frames

def tcp_options(stamp):
    """TCP segments carrying the options tcpdump names: MPTCP (every subtype, v0 and v1),
    TCP Fast Open (option 34 and the experimental 254 with magic f989), MD5 and TCP-AO,
    some with lengths that do not fit."""
    frames = []
    def add(opts, flags=0x10):
        while len(opts) % 4: opts += b'\x01'
        t = struct.pack('>HHIIBBHHH', 40000, 8080, 1000, 2000, (5 + len(opts) // 4) << 4, flags, 512, 0, 0) + opts
        frame = ether(ipv4(t, 6))
        frames.append((stamp, len(frames), frame, len(frame)))
    key, key2 = bytes(range(1, 9)), bytes(range(9, 17))
    add(b'\x1e\x0c\x01\x81' + key, 0x02)                 # capable v1, checksums, SYN
    add(b'\x1e\x04\x01\x01', 0x02)                       # capable v1 without key
    add(b'\x1e\x0c\x00\x81' + key, 0x02)                 # capable v0
    add(b'\x1e\x14\x01\x01' + key + key2, 0x10)          # capable, both keys (ACK)
    add(b'\x1e\x16\x01\x01' + key + key2 + b'\x00\x10', 0x18)
    add(b'\x1e\x0c\x03\x01' + key, 0x02)                 # unknown version
    add(b'\x1e\x0c\x11\x05' + b'\xaa\xbb\xcc\xdd\x01\x02\x03\x04', 0x02)  # join SYN, backup
    add(b'\x1e\x10\x10\x05' + key + b'\x01\x02\x03\x04', 0x12)
    add(b'\x1e\x18\x10\x00' + bytes(range(20)), 0x10)
    add(b'\x1e\x08\x20\x01' + b'\x00\x00\x10\x00', 0x10)          # dss ack
    add(b'\x1e\x14\x20\x1f' + key + key2[:4] + b'\x00\x10\x00\x20', 0x10)
    add(b'\x1e\x12\x20\x05' + struct.pack('>IIIH', 1, 2, 3, 16), 0x10)
    add(b'\x1e\x14\x20\x05' + struct.pack('>IIIHH', 1, 2, 3, 16, 0xbeef), 0x10)  # with csum
    add(b'\x1e\x08\x30\x05' + b'\x0a\x00\x00\x01', 0x10)          # add-addr
    add(b'\x1e\x10\x30\x05' + b'\x0a\x00\x00\x01' + key, 0x10)
    add(b'\x1e\x12\x31\x05' + b'\x0a\x00\x00\x01\x1f\x90' + key, 0x10)
    add(b'\x1e\x14\x36\x05' + b'\xfd' + bytes(14) + b'\x01', 0x10)   # add-addr v0 IPv6
    add(b'\x1e\x05\x40\x03\x04', 0x10)                               # rem-addr
    add(b'\x1e\x04\x51\x02', 0x10)                                    # prio
    add(b'\x1e\x03\x50', 0x10)
    add(b'\x1e\x0c\x60\x00' + key, 0x10)                              # fail
    add(b'\x1e\x0c\x70\x00' + key, 0x10)                              # fast-close
    add(b'\x1e\x04\x80\x00', 0x10)                                    # unknown subtype
    add(b'\x1e\x05\x00\x00\x00', 0x02)                               # lengths that do not fit
    add(b'\x1e\x0c\x10\x05' + key, 0x10)
    add(b'\x22\x02', 0x02)                                              # tfo cookiereq
    add(b'\x22\x0a' + key, 0x12)                                        # tfo cookie
    add(b'\x22\x05\x01\x02\x03', 0x12)                               # tfo, odd cookie
    add(b'\xfe\x04\xf9\x89', 0x02)                                    # exp-tfo cookiereq
    add(b'\xfe\x0c\xf9\x89' + key, 0x12)
    add(b'\xfe\x06\x12\x34\x00\x00', 0x10)                          # other experiment
    add(b'\x13\x12' + bytes(range(16)), 0x10)                           # md5
    add(b'\x1d\x10\x05\x07' + bytes(range(12)), 0x10)                 # tcp-ao
    add(b'\x1d\x04\x05\x07', 0x10)
    add(b'\x1d\x03\x05', 0x10)
    return frames

if __name__ == '__main__':
    main(sys.argv[1])
