#!/usr/bin/env bash
# Loads every compiled fixture with the reference loaders and checks load/fail against
# runtime/src/test/bpf/EXPECTED.md. Needs root, bpftool, gcc, libbpf-dev; run `mvn -q test-compile` first.
#
#   scripts/libbpf-ref/check-fixtures.sh [OUT_DIR]
#
# For each fixture it writes to OUT_DIR (default runtime/target/libbpf-ref):
#   NAME.bpftool.log  `bpftool -d prog loadall` output (bpftool's bundled libbpf; debug log)
#   NAME.bpfrun.log   bpfrun (system libbpf) load + test-run of the programs named below + data dump
# Pins go under /sys/fs/bpf/bpfskel_ref_* and are removed afterwards, as is /sys/fs/bpf/pinned_counts.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
objs=$root/runtime/target/test-classes/bpf/bpfel
out=${1:-$root/runtime/target/libbpf-ref}
mkdir -p "$out"

[ "$(id -u)" = 0 ] || { echo "check-fixtures.sh: needs root" >&2; exit 1; }
[ -d "$objs" ] || { echo "check-fixtures.sh: $objs missing; run mvn -q test-compile" >&2; exit 1; }
gcc -O1 -Wall -o "$out/bpfrun" "$root/scripts/libbpf-ref/bpfrun.c" -lbpf || exit 1

# name : expected result with bpftool (ok|fail) : expected result with bpfrun (ok|fail) : programs to test-run
fixtures=(
  "minimal:ok:ok:bump"
  "maps:ok:ok:maps_syscall"
  "globals:ok:ok:globals_run"
  "subprogs:fail:ok:sub_main sub_other"      # bpftool fails only at pinning the '?syscall' program
  "externs:ok:ok:ext_kfuncs ext_ksyms ext_kconfig"
  "core:ok:ok:core_syscall"
  "core_execsnoop:ok:ok:task_self"
  "core_opensnoop:ok:ok:"
  "core_runqlat:ok:ok:task_self"
  "core_tcpconnect:ok:ok:"
  "flavors:ok:ok:flavors_run"
  "ksym_typed:fail:fail:"                     # ok on kernels with CONFIG_KALLSYMS_ALL=y
  "extern_strong_missing:fail:fail:"
  "extern_strong_mismatch:fail:fail:"
  "extern_unguarded:fail:fail:"
  "extern_var_mismatch:fail:fail:"
  "resolver_linux_strong:fail:fail:"
  "resolver_kconfig_name:fail:fail:"
  "attach_trace:ok:ok:"
  "attach_net:ok:ok:"
  "attach_iter:ok:ok:"
  "attach_kprobe:ok:ok:"
  "attach_fentry:fail:fail:"                  # ok on kernels with BPF trampolines for fentry
  "attach_lsm:fail:fail:"                     # ok on kernels that accept BPF LSM programs
)

if zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_KALLSYMS_ALL=y' ||
   grep -q '^CONFIG_KALLSYMS_ALL=y' "/boot/config-$(uname -r)" 2>/dev/null; then
  kallsyms_all=1
else
  kallsyms_all=0
fi

status=0
for entry in "${fixtures[@]}"; do
  IFS=: read -r name want_tool want_run progs <<< "$entry"
  if [ "$name" = ksym_typed ] && [ $kallsyms_all = 1 ]; then want_tool=ok; want_run=ok; progs=ksym_percpu; fi
  obj=$objs/$name.bpf.o
  [ -f "$obj" ] || { echo "MISSING $name"; status=1; continue; }

  pin=/sys/fs/bpf/bpfskel_ref_$name
  rm -rf "$pin"
  if bpftool -d prog loadall "$obj" "$pin" > "$out/$name.bpftool.log" 2>&1; then got_tool=ok; else got_tool=fail; fi
  rm -rf "$pin" /sys/fs/bpf/pinned_counts

  got_run=ok
  : > "$out/$name.bpfrun.log"
  if [ -z "$progs" ]; then
    "$out/bpfrun" -v "$obj" >> "$out/$name.bpfrun.log" 2>&1 || got_run=fail
  else
    for p in $progs; do
      "$out/bpfrun" -v "$obj" "$p" >> "$out/$name.bpfrun.log" 2>&1 || got_run=fail
      rm -f /sys/fs/bpf/pinned_counts
    done
  fi

  verdict=PASS
  if [ "$got_tool" != "$want_tool" ] || [ "$got_run" != "$want_run" ]; then verdict=FAIL; status=1; fi
  printf '%-24s bpftool %-4s (want %-4s)  bpfrun %-4s (want %-4s)  %s\n' \
    "$name" "$got_tool" "$want_tool" "$got_run" "$want_run" "$verdict"
done
echo "logs in $out"
exit $status
