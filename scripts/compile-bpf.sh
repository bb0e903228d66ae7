#!/usr/bin/env bash
# Compiles every *.bpf.c in SRC_DIR to OUT_DIR/<target>/<name>.bpf.o for each target (bpfel, bpfeb).
# Usage: compile-bpf.sh CLANG SRC_DIR OUT_DIR TARGETS(comma-separated)
# Incremental: an object newer than its source and every header in SRC_DIR is kept.
set -euo pipefail
clang_bin=${1:?clang}; src=${2:?src dir}; out=${3:?out dir}; targets=${4:-bpfel}

if ! command -v "$clang_bin" >/dev/null 2>&1; then
  echo "compile-bpf.sh: '$clang_bin' not found. Install it: apt-get install -y clang libbpf-dev" >&2
  exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "compile-bpf.sh: /usr/include/bpf/bpf_helpers.h not found. Install it: apt-get install -y libbpf-dev" >&2
  exit 1
fi
[ -d "$src" ] || exit 0

case "$(uname -m)" in
  x86_64) arch=x86 ;; aarch64) arch=arm64 ;; s390x) arch=s390 ;; ppc64le) arch=powerpc ;; riscv64) arch=riscv ;; *) arch=$(uname -m) ;;
esac
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")

newest_header=$(find "$src" -name '*.h' -printf '%T@\n' 2>/dev/null | sort -n | tail -1)
shopt -s nullglob
IFS=',' read -ra tlist <<< "$targets"
for c in "$src"/*.bpf.c; do
  name=$(basename "$c" .c)
  for t in "${tlist[@]}"; do
    o="$out/$t/$name.o"
    mkdir -p "$out/$t"
    if [ -f "$o" ] && [ "$o" -nt "$c" ]; then
      if [ -z "$newest_header" ] || [ "$(stat -c %Y "$o")" -ge "${newest_header%.*}" ]; then continue; fi
    fi
    "$clang_bin" -O2 -g -target "$t" -D__TARGET_ARCH_$arch \
      -I"$src" -I/usr/include/"$multiarch" -Wall -Wno-unused-variable -Wno-unused-function \
      -c "$c" -o "$o.tmp"
    mv "$o.tmp" "$o"
  done
done
