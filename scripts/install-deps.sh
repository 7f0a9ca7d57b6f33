#!/usr/bin/env bash
# Installs what porttutor needs to build and test, when it is missing.
#   scripts/install-deps.sh          what building and running needs
#   scripts/install-deps.sh --test   plus the real tools the tests talk to
# Debian and Ubuntu: installs with apt-get. Other systems: prints what to run.
set -euo pipefail

want_test_tools=0
[ "${1:-}" = "--test" ] && want_test_tools=1

missing=()
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have() { command -v "$1" >/dev/null 2>&1; }

have pkg-config || missing+=(pkg-config)
have_pc ncursesw || missing+=(libncurses-dev)
have_pc libpcap || missing+=(libpcap-dev)
if [ "$want_test_tools" = 1 ]; then
    have tmux || missing+=(tmux)
    have tcpdump || missing+=(tcpdump)
    # The tests need OpenBSD netcat's options (-l PORT, -k, -u, -N).
    if ! have nc || ! nc -h 2>&1 | grep -qi openbsd; then missing+=(netcat-openbsd); fi
    have curl || missing+=(curl)
    have telnet || missing+=(telnet)
    have ss || missing+=(iproute2)
    have netstat || missing+=(net-tools)
    have python3 || missing+=(python3)
    have setpriv || missing+=(util-linux)
    # The lessons' own terminals: a DNS question, the port's holder found and stopped.
    have dig || missing+=(bind9-dnsutils)
    have lsof || missing+=(lsof)
    have fuser || missing+=(psmisc)
    have pkill || missing+=(procps)
    # Installing and packaging: the man page, the three shells' completions, the .deb.
    have man || missing+=(man-db)
    have groff || missing+=(groff-base)
    have dpkg-deb || missing+=(dpkg)
    have dpkg-shlibdeps || missing+=(dpkg-dev)
    have objdump || missing+=(binutils)
    [ -x /usr/bin/time ] || missing+=(time)   # bench/memory: peak RSS
    have setcap || missing+=(libcap2-bin)
    have zsh || missing+=(zsh)
    have fish || missing+=(fish)
    [ -f /usr/share/bash-completion/bash_completion ] || missing+=(bash-completion)
    # The lab's tests add a firewall rule inside the lab's own network.
    have nft || missing+=(nftables)
    # asciinema reads the --record test's file back (asciinema cat).
    have asciinema || missing+=(asciinema)
fi

if ! have swift; then
    echo "porttutor needs Swift 6 (swift.org/install, or 'swiftly install latest'); 'swift' is not on PATH." >&2
    exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if have apt-get; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi

echo "porttutor needs these packages (Debian names): ${missing[*]}" >&2
if have dnf; then
    echo "On Fedora: sudo dnf install ncurses-devel libpcap-devel tmux tcpdump nmap-ncat curl telnet iproute net-tools" >&2
elif have brew; then
    echo "On macOS: brew install ncurses libpcap tmux netcat curl telnet (tcpdump, netstat and lo0 come with macOS)" >&2
fi
exit 1
