// SPDX-License-Identifier: GPL-2.0
/*
 * ExternResolverTest: a strong LINUX_* kconfig extern that is not one of the virtual externs libbpf knows
 * (LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER). libbpf fails the load with
 * "unrecognized virtual extern" (a weak one would be set to 0, see externs.bpf.c's LINUX_BPFSKEL_UNKNOWN).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int LINUX_BPFSKEL_STRONG __kconfig;

__s32 out;

SEC("syscall")
int linux_strong(void *ctx)
{
	out = LINUX_BPFSKEL_STRONG;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
