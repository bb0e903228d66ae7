// SPDX-License-Identifier: GPL-2.0
/*
 * attach_kprobe.bpf.c - kprobes for the attach tests (io.bpfskel.link). KPROBE programs load on a
 * kernel without CONFIG_KPROBES (uprobes share the program type), but attaching must fail with
 * BpfNotSupportedException naming the missing kprobe support.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 unlink_hits;

SEC("kprobe/do_unlinkat")
int on_unlinkat(void *ctx)
{
	__sync_fetch_and_add(&unlink_hits, 1);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int on_unlinkat_ret(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
