// SPDX-License-Identifier: GPL-2.0
/*
 * extern_strong_missing.bpf.c - NEGATIVE: a STRONG kfunc extern that no kernel has.
 * libbpf fails the load before any program reaches the kernel:
 * "extern (func ksym) 'bpf_bpfskel_missing_kfunc': not found in kernel or module BTFs",
 * and the object load fails with -EINVAL (the lookup's -ESRCH is reported as -22).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_bpfskel_missing_kfunc(int x) __ksym;

__s32 result;

SEC("syscall")
int strong_missing(void *ctx)
{
	result = bpf_bpfskel_missing_kfunc(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
