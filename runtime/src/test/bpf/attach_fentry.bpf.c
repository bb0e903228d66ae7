// SPDX-License-Identifier: GPL-2.0
/*
 * attach_fentry.bpf.c - an fentry program (attach_btf_id: FUNC do_unlinkat). On kernels without
 * BPF trampolines the load fails; the loader must say the kernel lacks fentry.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 fentry_hits;

SEC("fentry/do_unlinkat")
int BPF_PROG(on_unlinkat_entry, int dfd)
{
	__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
