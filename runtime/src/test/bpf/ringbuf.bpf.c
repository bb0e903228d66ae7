// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf.bpf.c - producers for the ring buffer, perf buffer and user ring buffer consumers.
 *
 * produce (syscall): reserves ctx->count records of struct rec in rb_a or rb_b (ctx->ring), discarding
 *   every ctx->discard_every-th sequence number; counts submitted/discarded/dropped in .bss.
 *   A record with its header takes 40 bytes, so records straddle the end of the 4096-byte rb_a.
 * produce_var (syscall): bpf_ringbuf_output of records of 1..61 bytes into rb_b (length = seq % 61 + 1,
 *   byte j = seq + j), to exercise the 8-byte rounding of variable-length records.
 * perf_out (xdp): ctx->count (first 4 packet bytes) samples of struct rec through
 *   bpf_perf_event_output(BPF_F_CURRENT_CPU); counts perf_sent/perf_failed.
 * drain (syscall): bpf_user_ringbuf_drain of user_rb; sums the u64 records into drained_sum.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct rec {
	__u32 seq;
	__u32 ring;
	__u64 square;
	__u8 bytes[16];
};

/*
 * The verifier inlines bpf_loop and checks nr_loops as a 64-bit register, while clang, seeing a __u32
 * parameter, may pass a register whose upper half holds a neighbouring struct field. Keep the count
 * zero-extended and opaque to clang.
 */
static __always_inline __u64 loop_count(__u32 count)
{
	__u64 n = count;

	asm volatile("%0 <<= 32; %0 >>= 32" : "+r"(n));
	return n;
}

struct args {
	__u32 count;
	__u32 discard_every;
	__u32 ring;
	__u32 start;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8192);
} rb_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} user_rb SEC(".maps");

__u64 submitted = 0;
__u64 discarded = 0;
__u64 dropped = 0;
__u64 perf_sent = 0;
__u64 perf_failed = 0;
__u64 drained_sum = 0;
__u64 drained_count = 0;
__u64 drained_bad = 0;

static void fill(struct rec *r, __u32 seq, __u32 ring)
{
	r->seq = seq;
	r->ring = ring;
	r->square = (__u64)seq * seq;
#pragma unroll
	for (int j = 0; j < 16; j++)
		r->bytes[j] = (__u8)(seq + j);
}

static long emit(__u32 i, void *data)
{
	struct args *a = data;
	__u32 seq = a->start + i;
	struct rec *r;

	if (a->ring == 0)
		r = bpf_ringbuf_reserve(&rb_a, sizeof(*r), 0);
	else
		r = bpf_ringbuf_reserve(&rb_b, sizeof(*r), 0);
	if (!r) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	fill(r, seq, a->ring);
	if (a->discard_every && seq % a->discard_every == 0) {
		bpf_ringbuf_discard(r, 0);
		__sync_fetch_and_add(&discarded, 1);
	} else {
		bpf_ringbuf_submit(r, 0);
		__sync_fetch_and_add(&submitted, 1);
	}
	return 0;
}

SEC("syscall")
int produce(struct args *ctx)
{
	struct args a = *ctx;

	bpf_loop(loop_count(a.count), emit, &a, 0);
	return 0;
}

static long emit_var(__u32 i, void *data)
{
	struct args *a = data;
	__u32 seq = a->start + i;
	__u8 buf[64];
	__u32 len = seq % 61 + 1;

#pragma unroll
	for (int j = 0; j < 64; j++)
		buf[j] = (__u8)(seq + j);
	/* clang knows len <= 61 and would drop a plain bound check; the verifier needs one it can see */
	asm volatile("" : "+r"(len));
	len &= 63;
	if (bpf_ringbuf_output(&rb_b, buf, len, 0) == 0)
		__sync_fetch_and_add(&submitted, 1);
	else
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

SEC("syscall")
int produce_var(struct args *ctx)
{
	struct args a = *ctx;

	bpf_loop(loop_count(a.count), emit_var, &a, 0);
	return 0;
}

struct perf_ctx {
	struct xdp_md *xdp;
	__u32 start;
};

static long emit_perf(__u32 i, void *data)
{
	struct perf_ctx *p = data;
	struct rec r;

	fill(&r, p->start + i, 99);
	if (bpf_perf_event_output(p->xdp, &perf_events, BPF_F_CURRENT_CPU, &r, sizeof(r)) == 0)
		__sync_fetch_and_add(&perf_sent, 1);
	else
		__sync_fetch_and_add(&perf_failed, 1);
	return 0;
}

/* packet: __u32 count, __u32 start */
SEC("xdp")
int perf_out(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct perf_ctx p = { .xdp = ctx };
	__u32 count;

	if (data + 8 > end)
		return XDP_ABORTED;
	count = ((__u32 *)data)[0];
	p.start = ((__u32 *)data)[1];
	bpf_loop(loop_count(count), emit_perf, &p, 0);
	return XDP_PASS;
}

static long drain_one(struct bpf_dynptr *dynptr, void *ctx)
{
	__u64 v;

	if (bpf_dynptr_read(&v, sizeof(v), dynptr, 0, 0)) {
		__sync_fetch_and_add(&drained_bad, 1);
		return 0;
	}
	drained_sum += v;
	drained_count++;
	return 0;
}

SEC("syscall")
int drain(void *ctx)
{
	long n = bpf_user_ringbuf_drain(&user_rb, drain_one, NULL, 0);

	return n < 0 ? (int)n : (int)n;
}

char LICENSE[] SEC("license") = "GPL";
