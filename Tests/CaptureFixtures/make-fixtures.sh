#!/bin/sh
# Regenerates porttutor's printer fixtures: real traffic made by real tools (dig against a
# small local resolver, ping, ping -6, arping on a veth pair) inside a private network
# namespace, recorded by the real tcpdump; crafted malformed and truncated packets and the
# other link types (craft-packets.py); then the real tcpdump's output for every flag set
# the conformance test compares (CaptureTests/FixtureConformanceTests.swift).
#
# Run as root from anywhere: Tests/CaptureFixtures/make-fixtures.sh
# Needs: unshare, nsenter, ip, tcpdump, dig (dnsutils), ping (iputils-ping), arping, ssh,
# telnet, logger, nc, python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# tcpdump's output for every fixture and flag set (also: make-fixtures.sh --outputs-only,
# after editing flag-sets.txt, without recording again).
write_outputs() {
    tcpdump --version 2>&1 | head -2 > TCPDUMP-VERSION
    for pcap in *.pcap; do
        base=${pcap%.pcap}
        while IFS='|' read -r name flags; do
            # shellcheck disable=SC2086
            TZ=UTC tcpdump $flags -r "$pcap" > "$base.$name.txt" 2>/dev/null || true
        done < flag-sets.txt
    done
}
if [ "${1:-}" = --outputs-only ]; then
    cd "$here"
    write_outputs
    exit 0
fi
if [ "${PORTTUTOR_FIXTURE_NETNS:-}" != 1 ]; then
    exec env PORTTUTOR_FIXTURE_NETNS=1 unshare --net sh "$here/make-fixtures.sh"
fi
cd "$here"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

ip link set lo up
# The far end of the veth pair lives in a second namespace, so that ARP and neighbour
# discovery really cross the link.
unshare --net sleep 60 &
peer=$!
sleep 0.2
in_peer() { nsenter --net=/proc/$peer/ns/net "$@"; }
ip link add v0 type veth peer name v1
ip link set v1 netns $peer
ip link set v0 address 02:00:00:00:00:01
in_peer ip link set v1 address 02:00:00:00:00:02
sysctl -qw net.ipv6.conf.v0.router_solicitations=0 2>/dev/null || true
in_peer sysctl -qw net.ipv6.conf.v1.router_solicitations=0 2>/dev/null || true
ip addr add 10.9.0.1/24 dev v0
in_peer ip addr add 10.9.0.2/24 dev v1
ip addr add fd00::1/64 dev v0 nodad
in_peer ip addr add fd00::2/64 dev v1 nodad
ip link set v0 up
in_peer ip link set lo up
in_peer ip link set v1 up

# The resolver: one answering process per port (DNS, mDNS, LLMNR).
for port in 53 5353 5355; do
    python3 "$here/dns-responder.py" $port > "$work/dns-$port.log" 2>&1 &
done
sleep 1

# Loopback: DNS over UDP and TCP, mDNS, LLMNR, a closed port, ping and ping -6.
tcpdump -i lo -U -w "$work/loopback.pcap" 'port 53 or port 5353 or port 5355 or icmp or icmp6 or udp port 18590' 2>/dev/null &
dump=$!
sleep 1
q="dig +tries=1 +time=1 @127.0.0.1"
$q example.test A > /dev/null
$q +tcp example.test MX > /dev/null
$q example.test AAAA > /dev/null
$q +noedns example.test TXT > /dev/null
$q example.test CNAME > /dev/null
$q missing.example.test A > /dev/null || true
$q -p 5353 example.test A > /dev/null
$q -p 5355 +noedns example.test A > /dev/null
$q -p 18590 example.test A > /dev/null || true   # nobody listens: ICMP port unreachable
ping -q -c 2 -i 0.2 127.0.0.1 > /dev/null
ping -q -6 -c 2 -i 0.2 ::1 > /dev/null
sleep 1
kill $dump; wait $dump 2>/dev/null || true

# Applications on loopback: an ssh client meeting a banner, a telnet client meeting
# option requests, logger sending syslog (BSD and RFC 5424 forms).
tcpdump -i lo -U -w "$work/applications.pcap" 'port 22 or port 23 or port 514' 2>/dev/null &
dump=$!
sleep 1
(printf 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'; sleep 1) | nc -l 127.0.0.1 22 > /dev/null &
sleep 0.3
timeout 2 ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=1 -p 22 127.0.0.1 true > /dev/null 2>&1 || true
(printf '\377\375\030\377\375\040\377\375\043\377\375\047'; sleep 1) | nc -l 127.0.0.1 23 > /dev/null &
sleep 0.3
(sleep 1.5) | timeout 2 telnet 127.0.0.1 23 > /dev/null 2>&1 || true
nc -u -l 127.0.0.1 514 > /dev/null &
sink=$!
sleep 0.3
logger --udp --server 127.0.0.1 --port 514 --rfc3164 -t porttutor "hello from logger"
logger --udp --server 127.0.0.1 --port 514 --rfc5424 -p local3.warning -t porttutor "structured hello"
sleep 0.5
kill $sink 2>/dev/null || true
sleep 0.5
kill $dump; wait $dump 2>/dev/null || true

# A veth pair: ARP, ICMP echo over Ethernet, IPv6 neighbour discovery.
tcpdump -i v0 -U -w "$work/veth.pcap" 'arp or icmp or (icmp6 and not dst ff02::16 and not dst ff02::2)' 2>/dev/null &
dump=$!
sleep 1
arping -q -c 2 -I v0 10.9.0.2 > /dev/null 2>&1 || true
ping -q -c 1 10.9.0.2 > /dev/null
ping -q -6 -c 1 fd00::2 > /dev/null
sleep 1
kill $dump; wait $dump 2>/dev/null || true

cp "$work/loopback.pcap" "$work/veth.pcap" "$work/applications.pcap" .
python3 "$here/craft-packets.py" "$here"

write_outputs
echo "fixtures written to $here"
