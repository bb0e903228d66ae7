#!/usr/bin/env bash
# Fetches the kernels of the fleet-check tests once: Debian's linux-image for 6.1 (bookworm) and 6.12
# (bookworm-backports), and keeps of each only its vmlinux BTF and its config, in a cache outside the source tree:
#
#   $BPFSKEL_FLEET_DIR (default /var/cache/bpfskel/fleet)/<release>.btf      raw BTF (the vmlinux .BTF section)
#                                                       /<release>.config   /boot/config-<release>
#
# Idempotent: a release whose two files exist is not fetched again. Needs apt-get (Debian), dpkg-deb, xz/zstd/gzip
# and llvm-objcopy (scripts/setup.sh installs llvm). Tests that need these kernels say so loudly when they are
# absent and fail under -Dbpfskel.requireKernel=true.
#
# Usage: scripts/fetch-kernels.sh [--check]   (--check: report what is cached, fetch nothing; exit 1 if incomplete)
set -euo pipefail

dest=${BPFSKEL_FLEET_DIR:-/var/cache/bpfskel/fleet}
check_only=0
[ "${1:-}" = --check ] && check_only=1

# The version series to fetch: the linux-image-amd64 metapackage points at the current kernel of each.
series=(6.1 6.12)

log() { echo "fetch-kernels: $*" >&2; }

# image_package SERIES: the linux-image-<release> package that linux-image-amd64 of that series depends on
image_package() {
  apt-cache show linux-image-amd64 2>/dev/null | awk -v s="$1" '
    /^Version:/ { v = $2 }
    /^Depends:/ && index(v, s ".") == 1 { for (i = 2; i <= NF; i++) if ($i ~ /^linux-image-/) { sub(/,$/, "", $i); print $i; exit } }'
}

cached() { [ -s "$dest/$1.btf" ] && [ -s "$dest/$1.config" ]; }

if [ $check_only = 1 ]; then
  n=$(ls "$dest"/*.btf 2>/dev/null | wc -l)
  log "$n kernel BTF file(s) in $dest"
  ls -la "$dest" 2>/dev/null >&2 || true
  [ "$n" -ge ${#series[@]} ]
  exit
fi

# extract_btf VMLINUZ OUT: finds the compressed vmlinux inside a bzImage, decompresses it and dumps its .BTF section
extract_btf() {
  local vmlinuz=$1 out=$2 tmp=$3
  local magic tool off
  for spec in 'fd377a585a00:xz -dc' '28b52ffd:zstd -dcq' '1f8b0800:gzip -dc'; do
    magic=${spec%%:*}; tool=${spec#*:}
    for off in $(LC_ALL=C grep -obUaP "$(echo "$magic" | sed 's/../\\x&/g')" "$vmlinuz" | cut -d: -f1); do
      tail -c +$((off + 1)) "$vmlinuz" | $tool > "$tmp/vmlinux" 2>/dev/null || true
      if [ "$(head -c 4 "$tmp/vmlinux" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
        if llvm-objcopy --dump-section .BTF="$out" "$tmp/vmlinux" "$tmp/discard" 2>/dev/null && [ -s "$out" ]; then
          rm -f "$tmp/vmlinux" "$tmp/discard"
          return 0
        fi
      fi
    done
  done
  rm -f "$tmp/vmlinux" "$tmp/discard"
  return 1
}

pkgs=()
for s in "${series[@]}"; do
  p=$(image_package "$s")
  if [ -z "$p" ]; then
    log "no linux-image-amd64 of series $s in the package lists; running apt-get update"
    apt-get update -q >/dev/null 2>&1 || log "warning: apt-get update reported errors"
    p=$(image_package "$s")
  fi
  if [ -z "$p" ]; then
    log "cannot find Debian's kernel image of series $s (6.12 needs bookworm-backports in the apt sources)"
    exit 1
  fi
  pkgs+=("$p")
done

mkdir -p "$dest"
for p in "${pkgs[@]}"; do
  release=${p#linux-image-}
  if cached "$release"; then
    log "$release: cached in $dest"
    continue
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  log "$release: apt-get download $p"
  (cd "$tmp" && apt-get download -q "$p" >/dev/null 2>&1) || { log "apt-get download $p failed"; exit 1; }
  deb=$(ls "$tmp"/*.deb)
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./boot/vmlinuz-$release" "./boot/config-$release"
  rm -f "$deb"
  if ! extract_btf "$tmp/boot/vmlinuz-$release" "$tmp/$release.btf" "$tmp"; then
    log "$release: no vmlinux with a .BTF section found in vmlinuz-$release"
    exit 1
  fi
  mv "$tmp/$release.btf" "$dest/$release.btf.part" && mv "$dest/$release.btf.part" "$dest/$release.btf"
  cp "$tmp/boot/config-$release" "$dest/$release.config"
  log "$release: $(stat -c %s "$dest/$release.btf") bytes of BTF, config in $dest"
  rm -rf "$tmp"
  trap - EXIT
done
