// SPDX-License-Identifier: GPL-2.0
/*
 * subprogs.bpf.c - BPF-to-BPF calls and program sections.
 *
 * Covers:
 *   static __noinline subprograms (also one calling another), global (non-static, __noinline)
 *   subprograms that the verifier checks on their own, a callback used with bpf_loop and one
 *   used with bpf_for_each_map_elem, two programs sharing the same static and global
 *   subprograms (the loader must append them to each program), and program sections:
 *   syscall, tracepoint/syscalls/sys_enter_getpid, raw_tp/sys_enter, xdp, tc, socket, and
 *   ?syscall (autoload off: libbpf does not load it unless asked).
 * The .text section holds all subprograms; programs live in their own sections.
 * Results go to .bss so a loader test can run sub_main / sub_other with BPF_PROG_TEST_RUN:
 *   sub_main returns 42 and sets loop_sum = 0+1+...+9 = 45, map_sum = 1+2+3+4 = 10,
 *   shared_result = sub_shared(5) = 3*5 + 7 = 22 (computed with scale(x)=3x and add7).
 *   sub_other returns sub_shared(1) = 10 and sets other_result = 10.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} nums SEC(".maps");

__u64 loop_sum;
__u64 map_sum;
__u64 shared_result;
__u64 other_result;
__u64 tp_hits;
__u64 raw_tp_hits;
__u32 disabled_ran;

/* static subprograms */
static __noinline int add7(int x)
{
	return x + 7;
}

static __noinline int scale(int x)
{
	return add7(x * 3) - 7;	/* nested static call */
}

/* global subprogram: verified independently of its callers, scalar args only */
__noinline int sub_shared(int x)
{
	return add7(scale(x));
}

__noinline int global_clamp(int x, int lo, int hi)
{
	if (x < lo)
		return lo;
	if (x > hi)
		return hi;
	return x;
}

/* bpf_loop callback */
struct loop_ctx {
	__u64 sum;
};

static int loop_cb(__u32 index, void *data)
{
	struct loop_ctx *lc = data;

	lc->sum += index;
	return 0;	/* 0 = continue */
}

/* bpf_for_each_map_elem callback */
struct bpf_map;

static __u64 sum_elem(struct bpf_map *map, __u32 *key, __u64 *val, void *data)
{
	__u64 *acc = data;

	*acc += *val;
	return 0;
}

SEC("syscall")
int sub_main(void *ctx)
{
	struct loop_ctx lc = {};
	__u64 acc = 0;

#pragma unroll
	for (__u32 i = 0; i < 4; i++) {
		__u32 k = i;
		__u64 v = i + 1;

		bpf_map_update_elem(&nums, &k, &v, BPF_ANY);
	}

	bpf_loop(10, loop_cb, &lc, 0);
	loop_sum = lc.sum;

	bpf_for_each_map_elem(&nums, sum_elem, &acc, 0);
	map_sum = acc;

	shared_result = sub_shared(5);
	return global_clamp(42, 0, 100);
}

/* second program sharing sub_shared (and through it add7/scale) */
SEC("syscall")
int sub_other(void *ctx)
{
	other_result = sub_shared(1);
	return other_result;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int sub_tp(void *ctx)
{
	tp_hits += add7(0) - 6;
	return 0;
}

SEC("raw_tp/sys_enter")
int sub_raw_tp(void *ctx)
{
	raw_tp_hits += global_clamp(1, 0, 1);
	return 0;
}

SEC("xdp")
int sub_xdp(struct xdp_md *ctx)
{
	return global_clamp(scale(1), XDP_ABORTED, XDP_PASS);	/* scale(1) = 3 -> clamped to XDP_PASS */
}

SEC("tc")
int sub_tc(struct __sk_buff *skb)
{
	return add7(skb->len) > 7 ? TC_ACT_OK : TC_ACT_SHOT;
}

SEC("socket")
int sub_socket(struct __sk_buff *skb)
{
	return global_clamp(skb->len, 0, 0xffff);
}

/* not loaded by default ('?' prefix); a loader must honour autoload=false */
SEC("?syscall")
int sub_disabled(void *ctx)
{
	disabled_ran = 1;
	return sub_shared(2);
}

char LICENSE[] SEC("license") = "GPL";
