// SPDX-License-Identifier: GPL-2.0
/*
 * bench.bpf.c - maps and a producer for the map / ring buffer benchmarks (bench/), shared by the JMH
 * benchmarks and the libbpf harness in bench/c so that both measure the same kernel objects.
 *
 * amap: array u32 -> u64 (1024); hmap: hash u32 -> u64 (16384); rb: 1 MiB ring buffer;
 * produce (syscall): ctx->count records of struct brec into rb; gcounter: a .bss variable.
 * pevents: perf event array (one slot per CPU); produce_perf (xdp): ctx->count records of struct brec
 * through bpf_perf_event_output(BPF_F_CURRENT_CPU) into the ring of the CPU the test run is pinned to.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct brec {
	__u64 seq;
	__u64 value;
	__u64 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} amap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} hmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pevents SEC(".maps");

__u64 gcounter = 0;
__u64 produced = 0;

static long emit(__u32 i, void *data)
{
	struct brec *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);

	if (!r)
		return 1;
	r->seq = i;
	r->value = (__u64)i * 3;
	r->pad = 0;
	/* no wakeup: the consumer is not waiting, and the benchmark measures consumption only */
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	produced++;
	return 0;
}

struct bargs {
	__u32 count;
	__u32 unused;
};

SEC("syscall")
int produce(struct bargs *ctx)
{
	__u64 n = ctx->count;

	/* keep n zero-extended: the inlined bpf_loop checks all 64 bits of nr_loops */
	asm volatile("%0 <<= 32; %0 >>= 32" : "+r"(n));
	bpf_loop(n, emit, 0, 0);
	gcounter++;
	return 0;
}

__u64 perf_produced = 0;
__u64 perf_failed = 0;

struct perf_loop {
	struct xdp_md *ctx;
};

static long emit_perf(__u32 i, void *data)
{
	struct perf_loop *l = data;
	struct brec r = { .seq = i, .value = (__u64)i * 3, .pad = 0 };

	if (bpf_perf_event_output(l->ctx, &pevents, BPF_F_CURRENT_CPU, &r, sizeof(r)))
		perf_failed++;
	else
		perf_produced++;
	return 0;
}

/*
 * XDP, not syscall: syscall programs are sleepable and may not use perf event arrays. Run with
 * BPF_PROG_TEST_RUN on a packet whose first 4 bytes are the count (at least 14 bytes, an Ethernet header).
 */
SEC("xdp")
int produce_perf(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct perf_loop l = { .ctx = ctx };
	__u64 n;

	if (data + 4 > end)
		return XDP_ABORTED;
	n = *(__u32 *)data;
	asm volatile("%0 <<= 32; %0 >>= 32" : "+r"(n));
	bpf_loop(n, emit_perf, &l, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
