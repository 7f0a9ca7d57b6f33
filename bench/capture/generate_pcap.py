#!/usr/bin/env python3
"""Writes a synthetic loopback capture for the printer benchmark.

Realistic traffic shapes, not random bytes: TCP conversations over IPv4 and IPv6 with
handshakes, timestamps options, text and binary payloads of varied sizes, ACKs and
FIN/RST endings, plus UDP datagrams, DNS queries and answers with EDNS (over UDP, and
some over TCP) and ARP requests and replies. Deterministic (fixed seed), Ethernet link type as
Linux `lo` captures it. Usage: generate_pcap.py OUT.pcap [PACKETS]
"""
import random
import struct
import sys

def checksum_free_ipv4(payload, proto, src, dst, ident):
    return struct.pack('>BBHHHBBHII', 0x45, 0, 20 + len(payload), ident & 0xFFFF, 0x4000, 64, proto, 0, src, dst) + payload

def ipv6(payload, nh, src, dst):
    return struct.pack('>IHBB', 0x60000000, len(payload), nh, 64) + src + dst + payload

def tcp(sport, dport, seq, ack, flags, win, opts, data):
    off = (20 + len(opts)) // 4
    return struct.pack('>HHIIBBHHH', sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, win, 0, 0) + opts + data

def udp(sport, dport, data):
    return struct.pack('>HHHH', sport, dport, 8 + len(data), 0) + data

def dns_name(name):
    return b''.join(bytes([len(l)]) + l for l in name.split(b'.')) + b'\0'

def dns_message(rng, ident, query, qtype):
    """A query (RD, one EDNS OPT with a cookie) or its answer (A/AAAA/CNAME records)."""
    name = rng.choice([b'example.test', b'www.example.test', b'mail.lan', b'api.service.internal'])
    question = dns_name(name) + struct.pack('>HH', qtype, 1)
    opt = b'\0' + struct.pack('>HHIH', 41, 1232, 0, 12) + struct.pack('>HH', 10, 8) + bytes(rng.getrandbits(8) for _ in range(8))
    if query:
        return struct.pack('>HHHHHH', ident, 0x0120, 1, 0, 0, 1) + question + opt
    answers = b''
    count = rng.randint(1, 4)
    for i in range(count):
        if qtype == 28:
            answers += b'\xc0\x0c' + struct.pack('>HHIH', 28, 1, 300, 16) + b'\xfd' + bytes(14) + bytes([i + 1])
        elif i == 0 and count > 1:
            answers += b'\xc0\x0c' + struct.pack('>HHIH', 5, 1, 300, 7) + b'\x04edge\xc0\x0c'
        else:
            answers += b'\xc0\x0c' + struct.pack('>HHIH', 1, 1, 300, 4) + bytes([10, 0, rng.randint(0, 255), i + 1])
    return struct.pack('>HHHHHH', ident, 0x8180, 1, count, 0, 1) + question + answers + opt[:-12] + b'\0\0'

def arp(op, sha, spa, tha, tpa):
    return struct.pack('>HHBBH', 1, 0x0800, 6, 4, op) + sha + spa + tha + tpa

def ts_opt(val, ecr):
    return b'\x01\x01\x08\x0a' + struct.pack('>II', val & 0xFFFFFFFF, ecr & 0xFFFFFFFF)

SYN_OPTS = b'\x02\x04\xff\xd7\x04\x02\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x00\x01\x03\x03\x0a'
WORDS = b'GET POST HTTP/1.1 Host: localhost:8080 hello world the quick brown fox jumps over lazy dog port socket'.split()

def text_payload(rng, n):
    out = bytearray()
    while len(out) < n:
        out += rng.choice(WORDS) + (b'\r\n' if rng.random() < 0.15 else b' ')
    return bytes(out[:n])

def binary_payload(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))

def main():
    path = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 300000
    rng = random.Random(42)
    frames = []
    t = 1_700_000_000_000_000
    lo4 = 0x7F000001
    lo6 = b'\x00' * 15 + b'\x01'
    ident = 1
    binary_cache = [binary_payload(rng, 1448) for _ in range(8)]
    while len(frames) < target:
        v6 = rng.random() < 0.25
        roll = rng.random()
        if roll < 0.01:
            # ARP: a request and its reply on a LAN segment.
            a, b = bytes([2, 0, 0, 0, 0, rng.randint(1, 200)]), bytes([2, 0, 0, 0, 1, rng.randint(1, 200)])
            ipa, ipb = bytes([10, 9, 0, rng.randint(1, 254)]), bytes([10, 9, 0, rng.randint(1, 254)])
            t += rng.randint(1, 400)
            frames.append((t, ('arp', b'\xff' * 6 + a + b'\x08\x06' + arp(1, a, ipa, bytes(6), ipb) + bytes(18))))
            t += rng.randint(1, 100)
            frames.append((t, ('arp', a + b + b'\x08\x06' + arp(2, b, ipb, a, ipa) + bytes(18))))
            continue
        if roll < 0.06:
            # DNS: a query and its answer, over UDP (over TCP as one segment each way, rarely).
            ident += 1
            qtype = rng.choice([1, 1, 28, 15])
            cport = rng.randint(32768, 60999)
            for query in (True, False):
                msg = dns_message(rng, ident & 0xFFFF, query, qtype)
                s_, d_ = (cport, 53) if query else (53, cport)
                if rng.random() < 0.05:
                    seg = tcp(s_, d_, 1000, 2000, 0x18, 512, ts_opt(1, 2), struct.pack('>H', len(msg)) + msg)
                    proto = 6
                else:
                    seg = udp(s_, d_, msg)
                    proto = 17
                pkt = ipv6(seg, proto, lo6, lo6) if v6 else checksum_free_ipv4(seg, proto, lo4, lo4, ident)
                t += rng.randint(1, 400)
                frames.append((t, pkt))
            continue
        if rng.random() < 0.08:
            data = text_payload(rng, rng.randint(1, 200))
            seg = udp(rng.randint(32768, 60999), 18100 + rng.randint(0, 99), data)
            pkt = ipv6(seg, 17, lo6, lo6) if v6 else checksum_free_ipv4(seg, 17, lo4, lo4, ident)
            ident += 1
            t += rng.randint(1, 400)
            frames.append((t, pkt))
            continue
        cport, sport = rng.randint(32768, 60999), rng.choice([8080, 18100, 18101, 80])
        cseq, sseq = rng.getrandbits(32), rng.getrandbits(32)
        tsv = rng.getrandbits(32)
        def emit(src_is_client, flags, seq, ack, data=b'', opts=None, win=512):
            nonlocal t, ident
            if opts is None:
                opts = ts_opt(tsv + len(frames), tsv + len(frames) - 1)
            s, d = (cport, sport) if src_is_client else (sport, cport)
            seg = tcp(s, d, seq, ack, flags, win, opts, data)
            pkt = ipv6(seg, 6, lo6, lo6) if v6 else checksum_free_ipv4(seg, 6, lo4, lo4, ident)
            ident += 1
            t += rng.randint(1, 300)
            frames.append((t, pkt))
        emit(True, 0x02, cseq, 0, opts=SYN_OPTS, win=65495)
        emit(False, 0x12, sseq, cseq + 1, opts=SYN_OPTS, win=65483)
        emit(True, 0x10, cseq + 1, sseq + 1)
        c, s = cseq + 1, sseq + 1
        for _ in range(rng.randint(2, 40)):
            from_client = rng.random() < 0.5
            n = rng.choice([5, 12, 40, 120, 512, 1448, rng.randint(1, 1448)])
            data = text_payload(rng, n) if rng.random() < 0.6 else binary_cache[rng.randrange(8)][:n]
            if from_client:
                emit(True, 0x18, c, s, data); c += n
                emit(False, 0x10, s, c)
            else:
                emit(False, 0x18, s, c, data); s += n
                emit(True, 0x10, c, s)
        if rng.random() < 0.9:
            emit(True, 0x11, c, s); emit(False, 0x11, s, c + 1); emit(True, 0x10, c + 1, s + 1)
        else:
            emit(True, 0x14, c, s, opts=b'')
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for ts, pkt in frames[:target]:
            if isinstance(pkt, tuple):
                frame = pkt[1]
            else:
                frame = b'\x00' * 12 + (b'\x86\xdd' if pkt[0] >> 4 == 6 else b'\x08\x00') + pkt
            f.write(struct.pack('<IIII', ts // 1_000_000, ts % 1_000_000, len(frame), len(frame)))
            f.write(frame)

if __name__ == '__main__':
    main()
