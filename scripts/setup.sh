#!/usr/bin/env bash
# Prepares a Debian 12 (bookworm) machine for building and testing bpfskel. Idempotent.
#
#   scripts/setup.sh           check; as root install whatever is missing and mount tracefs/bpffs
#   scripts/setup.sh --check   only check and report, never install or mount (exit 1 if something is missing)
#   scripts/setup.sh --force   as root, run apt-get even if everything looks present
#
# Needs: clang (>= 14), llvm (llvm-readelf), gcc, binutils, systemtap-sdt-dev (<sys/sdt.h>), libbpf-dev >= 1.4 and bpftool >= 7.5 (bookworm-backports on
# Debian 12), linux-libc-dev, iproute2, a JDK >= 17 (javac) and Maven; tracefs mounted at
# /sys/kernel/tracing and bpffs at /sys/fs/bpf.
# Fast path: if all of that is present, apt is not touched at all.
# Not root and something missing: prints what is missing and the commands to fix it, exits 1.
set -euo pipefail

mode=install
case "${1:-}" in
  --check) mode=check ;;
  --force) mode=force ;;
  "") ;;
  *) echo "usage: $0 [--check|--force]" >&2; exit 2 ;;
esac

MIN_LIBBPF=1.4
MIN_BPFTOOL=7.5
MIN_CLANG=14
MIN_JAVA=17

. /etc/os-release 2>/dev/null || true
codename=${VERSION_CODENAME:-bookworm}
backports_line="deb http://deb.debian.org/debian ${codename}-backports main"
backports_file=/etc/apt/sources.list.d/${codename}-backports.list
# Debian 12 ships libbpf 1.1 and bpftool 7.1: take both from backports there; newer releases have them.
use_backports=0
[ "$codename" = bookworm ] && use_backports=1

export PATH="$PATH:/usr/sbin:/sbin"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")

# version_ge A B: true if dotted version A >= B
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

missing_pkgs=()        # packages from the default suite
missing_bp_pkgs=()     # packages from backports (on bookworm)
missing_mounts=()      # "type:path"
report=()

add_pkg() { missing_pkgs+=("$1"); report+=("$2"); }
add_bp_pkg() {
  if [ $use_backports = 1 ]; then missing_bp_pkgs+=("$1"); else missing_pkgs+=("$1"); fi
  report+=("$2")
}

check_all() {
  missing_pkgs=(); missing_bp_pkgs=(); missing_mounts=(); report=()

  if command -v clang >/dev/null 2>&1; then
    v=$(clang --version | sed -n 's/.*clang version \([0-9][0-9.]*\).*/\1/p' | head -n1)
    version_ge "${v:-0}" "$MIN_CLANG" || add_pkg clang "clang >= $MIN_CLANG (found ${v:-unknown})"
  else
    add_pkg clang "clang (not found)"
  fi
  command -v llvm-readelf >/dev/null 2>&1 || add_pkg llvm "llvm-readelf (package llvm, not found)"
  # DifferentialTest compiles scripts/libbpf-ref/bpfrun.c against the system libbpf; the attach tests compile
  # uprobe targets with gcc and check symbol offsets with readelf/strip.
  command -v gcc >/dev/null 2>&1 || add_pkg gcc "gcc (not found; builds the libbpf reference runner and uprobe test targets)"
  { command -v readelf >/dev/null 2>&1 && command -v strip >/dev/null 2>&1; } || add_pkg binutils "binutils (readelf/strip not found)"
  # The USDT tests build probe targets with <sys/sdt.h>.
  { [ -f /usr/include/sys/sdt.h ] || [ -f "/usr/include/$multiarch/sys/sdt.h" ]; } \
    || add_pkg systemtap-sdt-dev "<sys/sdt.h> (package systemtap-sdt-dev, not found; builds the USDT test targets)"

  if [ -f /usr/include/linux/bpf.h ] && [ -f "/usr/include/$multiarch/asm/types.h" ]; then :; else
    add_pkg linux-libc-dev "Linux UAPI headers (/usr/include/linux/bpf.h, /usr/include/$multiarch/asm/types.h)"
  fi

  local hv=/usr/include/bpf/libbpf_version.h
  if [ -f "$hv" ] && [ -f /usr/include/bpf/bpf_helpers.h ]; then
    v="$(sed -n 's/#define LIBBPF_MAJOR_VERSION \([0-9]*\)/\1/p' "$hv").$(sed -n 's/#define LIBBPF_MINOR_VERSION \([0-9]*\)/\1/p' "$hv")"
    version_ge "$v" "$MIN_LIBBPF" || add_bp_pkg libbpf-dev "libbpf-dev >= $MIN_LIBBPF (found $v)"
  else
    add_bp_pkg libbpf-dev "libbpf-dev >= $MIN_LIBBPF (headers not found in /usr/include/bpf)"
  fi

  if command -v bpftool >/dev/null 2>&1; then
    v=$(bpftool version 2>/dev/null | sed -n 's/^bpftool v\([0-9][0-9.]*\).*/\1/p' | head -n1)
    version_ge "${v:-0}" "$MIN_BPFTOOL" || add_bp_pkg bpftool "bpftool >= $MIN_BPFTOOL (found ${v:-unknown})"
  else
    add_bp_pkg bpftool "bpftool >= $MIN_BPFTOOL (not found)"
  fi

  { command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1; } || add_pkg iproute2 "iproute2 (ip/tc not found)"

  if command -v javac >/dev/null 2>&1; then
    v=$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p' | head -n1)
    version_ge "${v:-0}" "$MIN_JAVA" || add_pkg openjdk-17-jdk-headless "JDK >= $MIN_JAVA (found javac ${v:-unknown})"
  else
    add_pkg openjdk-17-jdk-headless "JDK >= $MIN_JAVA (javac not found)"
  fi
  command -v mvn >/dev/null 2>&1 || add_pkg maven "Maven (mvn not found)"

  mounted tracefs /sys/kernel/tracing || { missing_mounts+=("tracefs:/sys/kernel/tracing"); report+=("tracefs not mounted at /sys/kernel/tracing"); }
  mounted bpf /sys/fs/bpf || { missing_mounts+=("bpf:/sys/fs/bpf"); report+=("bpffs not mounted at /sys/fs/bpf"); }
}

# mounted TYPE PATH
mounted() { awk -v t="$1" -v p="$2" '$2 == p && $3 == t { found = 1 } END { exit !found }' /proc/mounts; }

has_backports_source() {
  grep -rqsE "^[^#]*${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}

print_fix() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo "
  echo "Missing:" >&2
  for r in "${report[@]}"; do echo "  - $r" >&2; done
  echo "Fix: run '${sudo}$0' as root, or by hand:" >&2
  if [ ${#missing_bp_pkgs[@]} -gt 0 ] && ! has_backports_source; then
    echo "  echo '$backports_line' | ${sudo}tee $backports_file" >&2
  fi
  if [ ${#missing_pkgs[@]} -gt 0 ] || [ ${#missing_bp_pkgs[@]} -gt 0 ]; then
    echo "  ${sudo}apt-get update" >&2
  fi
  [ ${#missing_pkgs[@]} -gt 0 ] && echo "  ${sudo}apt-get install -y ${missing_pkgs[*]}" >&2
  [ ${#missing_bp_pkgs[@]} -gt 0 ] && echo "  ${sudo}apt-get install -y -t ${codename}-backports ${missing_bp_pkgs[*]}" >&2
  for m in "${missing_mounts[@]}"; do echo "  ${sudo}mount -t ${m%%:*} ${m%%:*} ${m#*:}" >&2; done
  return 0
}

check_all
if [ ${#report[@]} -eq 0 ] && [ $mode != force ]; then
  echo "setup: all prerequisites present"
  [ -r /sys/kernel/btf/vmlinux ] || echo "setup: warning: /sys/kernel/btf/vmlinux not readable; kernel tests need a kernel with CONFIG_DEBUG_INFO_BTF=y" >&2
  exit 0
fi

if [ $mode = check ] || [ "$(id -u)" != 0 ]; then
  print_fix
  exit 1
fi

# ---- root: install and mount ----
export DEBIAN_FRONTEND=noninteractive
pkgs=("${missing_pkgs[@]}")
bp_pkgs=("${missing_bp_pkgs[@]}")
if [ $mode = force ]; then
  pkgs=(clang llvm gcc binutils systemtap-sdt-dev linux-libc-dev iproute2 openjdk-17-jdk-headless maven)
  if [ $use_backports = 1 ]; then bp_pkgs=(bpftool libbpf-dev); else pkgs+=(bpftool libbpf-dev); bp_pkgs=(); fi
fi
if [ ${#pkgs[@]} -gt 0 ] || [ ${#bp_pkgs[@]} -gt 0 ]; then
  if [ ${#bp_pkgs[@]} -gt 0 ] && ! has_backports_source; then
    echo "setup: adding $backports_file"
    echo "$backports_line" > "$backports_file"
  fi
  echo "setup: apt-get update"
  apt-get update -q || echo "setup: warning: apt-get update reported errors, trying to install anyway" >&2
  if [ ${#pkgs[@]} -gt 0 ]; then
    echo "setup: apt-get install ${pkgs[*]}"
    apt-get install -y -q --no-install-recommends "${pkgs[@]}"
  fi
  if [ ${#bp_pkgs[@]} -gt 0 ]; then
    echo "setup: apt-get install -t ${codename}-backports ${bp_pkgs[*]}"
    apt-get install -y -q --no-install-recommends -t "${codename}-backports" "${bp_pkgs[@]}"
  fi
fi

for m in "${missing_mounts[@]}"; do
  t=${m%%:*}; p=${m#*:}
  echo "setup: mounting $t at $p"
  mkdir -p "$p"
  mount -t "$t" "$t" "$p"
done

check_all
if [ ${#report[@]} -gt 0 ]; then
  echo "setup: still missing after installation:" >&2
  print_fix
  exit 1
fi
echo "setup: all prerequisites present"
