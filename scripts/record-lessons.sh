#!/bin/sh
# Regenerates the recordings the lessons ship (Lessons/*.pcap except tls-on-loopback.pcap):
# the traffic of lesson 5's packet steps, made with the real nc, curl and tcpdump on the
# loopback of a private network namespace, so no other program's packets get in.
# Demo mode plays them where porttutor may not capture (see docs/LESSON-FORMAT.md).
# Usage, as root (unshare and tcpdump need it): scripts/record-lessons.sh [OUTPUT-DIR]
set -eu
if [ "${RECORD_IN_NAMESPACE:-}" != 1 ]; then
    exec env RECORD_IN_NAMESPACE=1 unshare --net sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
out=$(cd "${1:-$(dirname "$0")/../Lessons}" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

# tcpdump writes FILE while the commands run; -U so nothing is lost when it stops.
record() { # FILE FILTER
    tcpdump -Z root -i lo -U -n -w "$out/$1" "$2" 2>/dev/null 3>&- 4>&- & dump=$!
    sleep 1
}
stop() { sleep 1; kill -INT $dump; wait $dump 2>/dev/null || true; }

# A conversation like lesson 2's: nc listens on 8080, a client (nc, as telnet would) calls.
# The fifos stand for the two keyboards (3 and 4 write to them; no other program may
# hold them open, or closing one would not hang up).
mkfifo listener-keys client-keys
nc -N -l 127.0.0.1 8080 < listener-keys > listener-screen 3>&- 4>&- & listener=$!
exec 3> listener-keys
sleep 0.5
nc -N 127.0.0.1 8080 < client-keys > client-screen 3>&- 4>&- & client=$!
exec 4> client-keys
sleep 0.5

record chat-words.pcap 'tcp port 8080'
printf 'my password is swordfish\r\n' >&4
stop

record chat-reply.pcap 'tcp port 8080'
printf 'I can read you\n' >&3
stop

# Hang up, listen again and call again: the FIN packets, then the handshake.
record chat-handshake.pcap 'tcp port 8080'
exec 4>&-
sleep 0.5
exec 3>&-
wait $client 2>/dev/null || true
wait $listener 2>/dev/null || true
nc -N -l 127.0.0.1 8080 < listener-keys > listener-screen 3>&- 4>&- & listener=$!
exec 3> listener-keys
sleep 0.5
nc -N 127.0.0.1 8080 < client-keys > client-screen 3>&- 4>&- & client=$!
exec 4> client-keys
stop

# Only one direction passes `dst port 8080`: the client's line, not the listener's.
record chat-one-way.pcap 'tcp dst port 8080'
printf 'can you see me\r\n' >&4
sleep 0.5
printf 'and me\n' >&3
stop
exec 4>&- 3>&-

# A web request to port 8088, answered by nc playing the server, fetched by curl.
record web-request.pcap 'tcp dst port 8088'
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nWelcome to porttutor.\r\n' > answer
nc -N -l 127.0.0.1 8088 < answer > /dev/null 3>&- 4>&- & server=$!
sleep 0.5
curl -s --max-time 5 -o /dev/null http://localhost:8088/welcome || true
stop
kill $server 2>/dev/null || true

for f in chat-words chat-reply chat-handshake chat-one-way web-request; do
    echo "== $f.pcap"; tcpdump -A -nn -r "$out/$f.pcap" 2>/dev/null
done
