// SPDX-License-Identifier: GPL-2.0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int counter = 0;

SEC("syscall")
int bump(void *ctx)
{
	__sync_fetch_and_add(&counter, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
