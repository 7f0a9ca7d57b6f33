#!/usr/bin/env python3
"""Sends UDP datagrams to 127.0.0.1:PORT as fast as it can for SECONDS (loopback only).
Prints how many it sent. Usage: flood.py PORT SECONDS [PAYLOAD_BYTES]"""
import socket
import sys
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
size = int(sys.argv[3]) if len(sys.argv) > 3 else 100
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = (b'flood ' * (size // 6 + 1))[:size]
sent = 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    for _ in range(1000):
        try:
            s.sendto(payload, ('127.0.0.1', port))
            sent += 1
        except OSError:
            pass
print(sent)
