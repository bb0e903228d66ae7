// SPDX-License-Identifier: GPL-2.0
/*
 * attach_multi.bpf.c - uprobe.multi and kprobe.multi programs for the attach tests (io.bpfskel.link.MultiAttachTest).
 * on_multi counts hits per bpf_get_attach_cookie() slot; the auto-attached one per function through a pattern.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SLOTS 16

__u64 cookie_hits[SLOTS];
__u64 pattern_hits;
__u64 ret_hits;
__u64 kmulti_hits;

SEC("uprobe.multi")
int on_multi(void *ctx)
{
	__u64 c = bpf_get_attach_cookie(ctx);

	if (c < SLOTS)
		__sync_fetch_and_add(&cookie_hits[c], 1);
	return 0;
}

SEC("uprobe.multi//tmp/bpfskel-usdt-autoattach/usdt_target:bpfskel_fire_*")
int on_fire_pattern(void *ctx)
{
	__sync_fetch_and_add(&pattern_hits, 1);
	return 0;
}

SEC("uretprobe.multi")
int on_multi_ret(void *ctx)
{
	__sync_fetch_and_add(&ret_hits, 1);
	return 0;
}

SEC("kprobe.multi")
int on_kmulti(void *ctx)
{
	__sync_fetch_and_add(&kmulti_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
