// SPDX-License-Identifier: GPL-2.0
/*
 * extern_strong_mismatch.bpf.c - NEGATIVE: a STRONG kfunc extern whose prototype does not match the
 * kernel's. The kernel has int bpf_strlen(const char *s__ign); this declares an extra parameter.
 * libbpf: "extern (func ksym) 'bpf_strlen': func_proto [L] incompatible with vmlinux [K]", -EINVAL.
 * (The same declaration marked __weak would silently stay unresolved, see externs.bpf.c.)
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_strlen(const char *s, int extra) __ksym;

const volatile char msg[8] = "abc";
__s32 result;

SEC("syscall")
int strong_mismatch(void *ctx)
{
	result = bpf_strlen((const char *)msg, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
