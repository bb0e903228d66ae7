// SPDX-License-Identifier: GPL-2.0
/*
 * extern_var_mismatch.bpf.c - NEGATIVE: a WEAK typed ksym variable whose local type does not match
 * the kernel's. Unlike kfuncs, libbpf has no weak exemption for variables: the kernel's
 * `runqueues` is a struct rq, the local declaration says int, so the load fails with EINVAL
 * ("extern (var ksym) 'runqueues': incompatible types ...") even though the extern is __weak.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern const int runqueues __ksym __weak;

__u32 has_runqueues;

SEC("syscall")
int var_mismatch(void *ctx)
{
	has_runqueues = bpf_ksym_exists(&runqueues);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
