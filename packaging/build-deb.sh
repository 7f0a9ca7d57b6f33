#!/usr/bin/env bash
# Builds porttutor's Debian package with dpkg-deb alone (no debian/rules, no debhelper):
#   packaging/build-deb.sh STAGED-ROOT VERSION OUTPUT.deb
# DEB_MAINTAINER names the maintainer (default: a placeholder address).
# STAGED-ROOT holds what `make install-files DESTDIR=... PREFIX=/usr` put there; this adds
# the package's own files (control, maintainer scripts, copyright, changelog), compresses the
# man pages, strips the binary, computes Depends with dpkg-shlibdeps, and builds the .deb.
set -euo pipefail
root=$1 version=$2 output=$3
maintainer=${DEB_MAINTAINER:-porttutor developers <porttutor-maintainers@example.org>}
here=$(cd "$(dirname "$0")" && pwd)
binary="$root/usr/bin/porttutor"
[ -x "$binary" ] || { echo "build-deb: no porttutor in $root/usr/bin: stage it with make install-files first" >&2; exit 1; }

strip --strip-unneeded --remove-section=.comment --remove-section=.note "$binary"
find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9nf {} +

doc="$root/usr/share/doc/porttutor"
install -d "$doc" "$root/DEBIAN"
install -m 644 "$here/debian/copyright" "$doc/copyright"
commit=$(git -C "$here/.." rev-parse --short=12 HEAD 2>/dev/null || echo "unknown (not built from a git checkout)")
date=$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$here/.." log -1 --format=%ct 2>/dev/null || date +%s)}")
sed -e "s/@VERSION@/$version/g" -e "s/@COMMIT@/$commit/g" -e "s/@DATE@/$date/g" -e "s|@MAINTAINER@|$maintainer|g" "$here/debian/changelog.in" \
    | gzip -9n > "$doc/changelog.gz"
chmod 644 "$doc/changelog.gz"
# Yams carries libyaml inside it (its license is in copyright): say so to lintian.
install -d "$root/usr/share/lintian/overrides"
printf '%s\n' "porttutor: embedded-library libyaml [usr/bin/porttutor]" > "$root/usr/share/lintian/overrides/porttutor"
chmod 644 "$root/usr/share/lintian/overrides/porttutor"

# Depends: the shared libraries the binary really loads, named as dpkg-shlibdeps names them.
# A binary linked to the Swift toolchain's own libraries (a debug build) runs only where that
# toolchain is installed: said loudly, and those libraries are left out of Depends.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debian"
printf 'Source: porttutor\n\nPackage: porttutor\nArchitecture: any\n' > "$work/debian/control"
shlibdeps_flags=()
if objdump -p "$binary" | grep -q 'NEEDED *libswift'; then
    echo "build-deb: warning: $binary links the Swift toolchain's libraries dynamically; this package runs only where that toolchain is installed (make deb builds a standalone one)" >&2
    shlibdeps_flags+=(--ignore-missing-info)
fi
absolute_binary=$(cd "$(dirname "$binary")" && pwd)/porttutor
depends=$(cd "$work" && dpkg-shlibdeps -O "${shlibdeps_flags[@]}" -e "$absolute_binary" 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p') || {
    cat "$work/shlibdeps.log" >&2
    exit 1
}
# Packed relative relocations (DT_RELR, what make release links) need glibc 2.36's loader;
# the binary names that need as a version, not a symbol, so dpkg-shlibdeps does not see it.
if readelf -V "$binary" | grep -q GLIBC_ABI_DT_RELR; then
    libc=$(printf '%s\n' "$depends" | sed -n 's/.*libc6 (>= \([^)]*\)).*/\1/p')
    if [ -n "$libc" ] && dpkg --compare-versions "$libc" lt 2.36; then
        depends=$(printf '%s\n' "$depends" | sed "s/libc6 (>= $libc)/libc6 (>= 2.36)/")
    fi
fi
grep -v 'binaries to analyze should already be installed\|couldn.t find library\|no dependency information\|could avoid a useless dependency' "$work/shlibdeps.log" >&2 || true

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
arch=$(dpkg --print-architecture)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" -e "s|@MAINTAINER@|$maintainer|" \
    "$here/debian/control.in" > "$root/DEBIAN/control"
install -m 755 "$here/debian/postinst" "$here/debian/postrm" "$root/DEBIAN/"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/md5sums"

# DEB_COMPRESSION=gzip (or none) builds faster, for tests; xz gives the smallest package.
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$output" >/dev/null
echo "built $output (Depends: $depends)"
