#!/usr/bin/env python3
"""A tiny DNS responder for fixtures: answers A/AAAA/TXT/MX/CNAME questions over UDP and TCP."""
import socket, struct, sys, threading, select

def name_end(msg, off):
    while True:
        l = msg[off]
        if l == 0: return off + 1
        if l & 0xC0 == 0xC0: return off + 2
        off += 1 + l

def answer(query):
    if len(query) < 12: return None
    ident, flags, qd, an, ns, ar = struct.unpack('>HHHHHH', query[:12])
    qend = name_end(query, 12)
    qtype, qclass = struct.unpack('>HH', query[qend:qend+4])
    question = query[12:qend+4]
    answers = b''
    count = 0
    ptr = b'\xc0\x0c'
    if qtype == 1:
        answers += ptr + struct.pack('>HHIH', 1, 1, 300, 4) + bytes([10, 0, 0, 7]); count += 1
        answers += ptr + struct.pack('>HHIH', 1, 1, 300, 4) + bytes([10, 0, 0, 8]); count += 1
    elif qtype == 28:
        answers += ptr + struct.pack('>HHIH', 28, 1, 60, 16) + socket.inet_pton(socket.AF_INET6, 'fd00::7'); count += 1
    elif qtype == 5 or qtype == 15:
        target = b'\x04mail\xc0\x0c'
        if qtype == 15:
            answers += ptr + struct.pack('>HHIH', 15, 1, 3600, 2 + len(target)) + struct.pack('>H', 10) + target
        else:
            answers += ptr + struct.pack('>HHIH', 5, 1, 3600, len(target)) + target
        count += 1
    elif qtype == 16:
        txt = b'\x0bhello world'
        answers += ptr + struct.pack('>HHIH', 16, 1, 30, len(txt)) + txt; count += 1
    rcode = 3 if b'\x07missing' in question else 0
    if rcode: answers, count = b'', 0
    opt = b''
    arcount = 0
    if ar:  # echo EDNS with a 1232-byte payload size
        opt = b'\x00' + struct.pack('>HHIH', 41, 1232, 0, 0); arcount = 1
    hdr = struct.pack('>HHHHHH', ident, 0x8180 | rcode | (flags & 0x0100), 1, count, 0, arcount)
    return hdr + question + answers + opt

def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 53
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM); tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(('127.0.0.1', port)); tcp.listen(4)
    print('ready', flush=True)
    while True:
        r, _, _ = select.select([udp, tcp], [], [])
        if udp in r:
            q, addr = udp.recvfrom(4096)
            a = answer(q)
            if a: udp.sendto(a, addr)
        if tcp in r:
            c, _ = tcp.accept()
            data = b''
            while len(data) < 2 or len(data) < 2 + struct.unpack('>H', data[:2])[0]:
                chunk = c.recv(4096)
                if not chunk: break
                data += chunk
            if len(data) >= 2:
                a = answer(data[2:])
                if a: c.sendall(struct.pack('>H', len(a)) + a)
            c.close()

main()
