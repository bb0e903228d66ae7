// SPDX-License-Identifier: GPL-2.0
/*
 * ExternResolverTest: a weak __kconfig extern whose name starts with neither CONFIG_ nor LINUX_. libbpf treats
 * every such name as an unknown virtual extern and fails the load even though the extern is weak.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int BPFSKEL_NOT_CONFIG __kconfig __weak;

__s32 out;

SEC("syscall")
int kconfig_name(void *ctx)
{
	out = BPFSKEL_NOT_CONFIG;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
