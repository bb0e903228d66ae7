// SPDX-License-Identifier: GPL-2.0
/*
 * extern_unguarded.bpf.c - NEGATIVE: a WEAK kfunc that cannot resolve, called WITHOUT a
 * bpf_ksym_exists() guard. libbpf accepts the object (weak -> unresolved, call poisoned as helper
 * call #2002000000 + extern index), but the verifier reaches the poisoned call and rejects the
 * program ("invalid func unknown#2002000000"); libbpf rewrites that log tail to
 * "<invalid kfunc call>" / "kfunc 'bpf_bpfskel_unguarded' is referenced but wasn't resolved".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_bpfskel_unguarded(int x) __ksym __weak;

__s32 result;

SEC("syscall")
int unguarded(void *ctx)
{
	result = bpf_bpfskel_unguarded(7);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
