// SPDX-License-Identifier: GPL-2.0
/*
 * tools.bpf.c - an object shaped like the published BPF tools users bring to the skeleton generator
 * (bcc libbpf-tools' biolatency, tcpconnect, runqslower, biostacks), written for the processor's tests:
 * - many maps with struct keys and values, enum members in both (a map value struct with enum members
 *   once produced a codec that javac refused), log2 histogram arrays, a per-CPU array, a perf array;
 * - tracepoint, raw_tp, tp_btf and kprobe programs;
 * - names that collide after snake_case -> camelCase: a kernel function and its "__" variant
 *   (blk_account_io_start / __blk_account_io_start), runqslower's handle__sched_wakeup next to
 *   handle_sched_wakeup, and "__" twins among maps, variables, ksyms and struct members;
 * - struct members named like the generated code's own identifiers (v, b, p, value, CODEC, encode).
 * Only compiled, never loaded.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#define MAX_SLOTS 27
#define TASK_COMM_LEN 16

enum hist_unit { UNIT_USEC = 0, UNIT_MSEC = 1 };
enum ip_family { FAMILY_V4 = 2, FAMILY_V6 = 10 };
enum conn_state : __u8 { CONN_NEW = 1, CONN_ESTABLISHED = 2, CONN_CLOSED = 7 };

/* biolatency: per-disk, per-flag histograms */
struct hist_key {
	__u32 dev;
	__u32 cmd_flags;
	enum hist_unit unit;
};

struct hist {
	__u32 slots[MAX_SLOTS];
};

/* tcpconnect: connection counts per destination; the value has enum members */
struct ipv4_flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 dport;
	enum ip_family family;
};

struct conn_stats {
	__u64 count;
	enum ip_family family;
	enum conn_state state;
	char comm[TASK_COMM_LEN];
};

/* members named like the codec's parameters, locals and helpers */
struct shadowing {
	__u32 v;
	__u32 b;
	__u32 p;
	enum conn_state value;
	__u64 CODEC;
	__u16 encode;
	__u16 decode;
	enum hist_unit unit;
};

/* runqslower: the event it sends to user space */
struct event {
	char task[TASK_COMM_LEN];
	char prev_task[TASK_COMM_LEN];
	__u64 delta_us;
	__s32 pid;
	__s32 prev_pid;
};

/* a CO-RE style task view with the 5.14 rename: state and __state side by side */
struct task_state {
	long state;
	unsigned int __state;
	__u32 task_bytes;
	char task[TASK_COMM_LEN];
};

const volatile __u64 min_us = 0;
const volatile __s32 targ_pid = 0;
const volatile __s32 targ_tgid = 0;
const volatile _Bool targ_per_disk = 0;
const volatile enum hist_unit targ_unit = UNIT_USEC;
/* a variable and its "__" twin in the same section */
const volatile __u64 __min_us = 0;

extern const void per_cpu_offset __ksym __weak;
extern const void __per_cpu_offset __ksym __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

/* the "__" twin of start: biostacks keeps a second table for the __ variant */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} __start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct hist_key);
	__type(value, struct hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct ipv4_flow_key);
	__type(value, struct conn_stats);
} ipv4_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, enum conn_state);
	__type(value, struct shadowing);
} shadows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, struct task_state);
} tasks SEC(".maps");

/* a map named like another map's typed accessor */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tasks_typed SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} cpu_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

static __always_inline int trace_rq_start(__u32 dev)
{
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &dev, &ts, BPF_ANY);
	return 0;
}

static __always_inline int account(void *map, __u32 dev)
{
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(map, &dev, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/block/block_rq_insert")
int block_rq_insert(void *ctx)
{
	return trace_rq_start(1);
}

SEC("raw_tp/block_rq_issue")
int block_rq_issue(struct bpf_raw_tracepoint_args *ctx)
{
	return trace_rq_start((__u32)ctx->args[0]);
}

SEC("tracepoint/block/block_rq_complete")
int block_rq_complete(void *ctx)
{
	__u32 dev = 1;
	struct hist_key hkey = { .dev = dev, .unit = targ_unit };
	struct hist *h;
	__u64 *tsp = bpf_map_lookup_elem(&start, &dev);

	if (!tsp)
		return 0;
	h = bpf_map_lookup_elem(&hists, &hkey);
	if (h)
		__sync_fetch_and_add(&h->slots[0], 1);
	h = bpf_map_lookup_elem(&cpu_hist, &dev);
	if (h)
		h->slots[1]++;
	bpf_map_delete_elem(&start, &dev);
	return 0;
}

/* a kernel function and its "__" variant, as biostacks and biotop attach both */
SEC("kprobe/blk_account_io_start")
int blk_account_io_start(void *ctx)
{
	return account(&start, 2);
}

SEC("kprobe/__blk_account_io_start")
int __blk_account_io_start(void *ctx)
{
	return account(&__start, 2);
}

/* runqslower: the tp_btf handler and its raw_tp fallback */
SEC("tp_btf/sched_wakeup")
int handle__sched_wakeup(__u64 *ctx)
{
	struct task_state *t;
	__u32 pid = 1;

	t = bpf_map_lookup_elem(&tasks, &pid);
	if (t)
		t->__state = 0;
	return 0;
}

SEC("raw_tp/sched_wakeup")
int handle_sched_wakeup(struct bpf_raw_tracepoint_args *ctx)
{
	struct event e = {};

	e.delta_us = min_us + __min_us;
	e.pid = targ_pid;
	e.prev_pid = targ_tgid;
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

SEC("raw_tp/inet_sock_set_state")
int tcp_set_state(struct bpf_raw_tracepoint_args *ctx)
{
	struct ipv4_flow_key key = { .dport = 80, .family = FAMILY_V4 };
	struct conn_stats zero = { .state = CONN_NEW }, *val;
	enum conn_state st = CONN_ESTABLISHED;
	struct shadowing *s;

	val = bpf_map_lookup_elem(&ipv4_count, &key);
	if (!val) {
		bpf_map_update_elem(&ipv4_count, &key, &zero, BPF_NOEXIST);
		return 0;
	}
	__sync_fetch_and_add(&val->count, 1);
	s = bpf_map_lookup_elem(&shadows, &st);
	if (s)
		s->CODEC++;
	if (targ_per_disk && bpf_ksym_exists(&per_cpu_offset) && bpf_ksym_exists(&__per_cpu_offset))
		return 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
