// SPDX-License-Identifier: GPL-2.0
/* probes.bpf.c - USDT and multi-probe programs: the skeleton gets attach<Program>(...) methods for them. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

__u64 hits;

SEC("usdt/libjvm.so:hotspot:gc__begin")
int BPF_USDT(on_gc_begin, int full)
{
	hits += full;
	return 0;
}

SEC("usdt")
int on_any_usdt(struct pt_regs *ctx)
{
	hits++;
	return 0;
}

SEC("uprobe.multi")
int on_many(void *ctx)
{
	hits++;
	return 0;
}

SEC("kprobe.multi")
int on_kernel_many(void *ctx)
{
	hits++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
