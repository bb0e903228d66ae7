// SPDX-License-Identifier: GPL-2.0
/*
 * usdt.bpf.c - USDT programs written against libbpf's <bpf/usdt.bpf.h>, unchanged, for the USDT tests
 * (io.bpfskel.link.UsdtAttachTest) and the differential test (expected attach type BPF_TRACE_UPROBE_MULTI).
 * on_usdt and on_usdt_perf record, per bpf_usdt_cookie() slot, the hit count, bpf_usdt_arg_cnt() and every bpf_usdt_arg().
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

#define SLOTS 16
#define NO_ARG 0x7eadbeefLL

struct rec {
	__s64 hits;
	__s64 cnt;
	__s64 args[BPF_USDT_MAX_ARG_CNT];
};

struct rec recs[SLOTS];
__s64 auto_hits;
__s64 auto_arg;

static __always_inline int record(struct pt_regs *ctx)
{
	__u64 slot = bpf_usdt_cookie(ctx);
	struct rec *r;

	if (slot >= SLOTS)
		return 0;
	r = &recs[slot];
	__sync_fetch_and_add(&r->hits, 1);
	r->cnt = bpf_usdt_arg_cnt(ctx);
	for (int i = 0; i < BPF_USDT_MAX_ARG_CNT; i++) {
		long v = 0;

		r->args[i] = bpf_usdt_arg(ctx, i, &v) == 0 ? v : NO_ARG;
	}
	return 0;
}

SEC("usdt")
int on_usdt(struct pt_regs *ctx)
{
	return record(ctx);
}

/*
 * The same reader in a plain uprobe program (no BPF_TRACE_UPROBE_MULTI at load): USDT attachments then take the
 * per-site perf-event path, with the spec id as the perf link's cookie and semaphores through the uprobe PMU.
 */
SEC("uprobe")
int on_usdt_perf(struct pt_regs *ctx)
{
	return record(ctx);
}

/* Auto-attached: the tests build usdt_target at this fixed path. */
SEC("usdt//tmp/bpfskel-usdt-autoattach/usdt_target:bpfskel:consts")
int BPF_USDT(on_consts, int a, int b, long c)
{
	__sync_fetch_and_add(&auto_hits, 1);
	auto_arg = a + b + c;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
