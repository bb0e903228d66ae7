// SPDX-License-Identifier: GPL-2.0
/*
 * maps.bpf.c - BTF-defined maps in SEC(".maps"), one of every kind a skeleton must model.
 *
 * Covers:
 *   hash (struct key/value), hash with BPF_F_NO_PREALLOC, array, percpu_hash, percpu_array,
 *   lru_hash, lru_percpu_hash, ringbuf, perf_event_array (max_entries omitted: libbpf sets it to
 *   the number of possible CPUs), queue and stack (no key), bloom_filter (no key, map_extra),
 *   a map sized with key_size/value_size instead of __type, a map pinned with LIBBPF_PIN_BY_NAME,
 *   array_of_maps and hash_of_maps declared with __array(values, ...) and initial .values,
 *   prog_array with initial .values pointing at programs (tail calls).
 * Programs: maps_syscall (SEC("syscall"), touches every map a sleepable program may use),
 *   maps_tp (tracepoint: perf_event_output + bloom filter, which sleepable programs may not use),
 *   xdp_dispatch + xdp_tail_0/xdp_tail_1 (tail calls through the prog_array).
 * Note: loading pins pinned_counts at /sys/fs/bpf/pinned_counts (libbpf's default pin root);
 *   remove it after a test. bpffs must be mounted there.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__s32 last_len;
	char tag[4];
};

struct event {
	__u32 seq;
	__u32 kind;
	__u64 value;
};

/* hash with struct key and struct value */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} flows SEC(".maps");

/* hash with map_flags: not preallocated */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} sparse SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* sizes given as numbers, no key/value BTF types */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, 4);
	__uint(value_size, 24);
} raw_sized SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} pcpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct flow_stats);
} pcpu_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32);
	__type(key, __u64);
	__type(value, __u32);
} lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} lru_pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);	/* bytes, power of 2 and page multiple */
} events SEC(".maps");

/* max_entries omitted on purpose: libbpf fills in libbpf_num_possible_cpus() */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

/* queue and stack: no key */
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__type(value, __u32);
} fifo SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 16);
	__type(value, struct event);
} lifo SEC(".maps");

/* bloom filter: no key, map_extra = number of hash functions */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__uint(map_extra, 3);
	__type(value, __u32);
} seen SEC(".maps");

/* pinned by name under the pin root (default /sys/fs/bpf/pinned_counts) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__type(key, __u32);
	__type(value, __u64);
} pinned_counts SEC(".maps");

/* inner maps for the map-in-map outers below */
struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
};

struct inner_array inner_a SEC(".maps");
struct inner_array inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} inner_h SEC(".maps");

/* array of maps: slots 0 and 2 pre-populated, slot 1 and 3 empty */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_arr SEC(".maps") = {
	.values = {
		[0] = &inner_a,
		[2] = &inner_b,
	},
};

/* hash of maps: inner definition written inline (anonymous struct), key i -> values[i] */
struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_HASH);
		__uint(max_entries, 8);
		__type(key, __u32);
		__type(value, __u64);
	});
} outer_hash SEC(".maps") = {
	.values = {
		[1] = (void *)&inner_h,
	},
};

/* tail calls: slots 0 and 1 point at programs of this object, slot 2 stays empty */
int xdp_tail_0(struct xdp_md *ctx);
int xdp_tail_1(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[0] = (void *)&xdp_tail_0,
		[1] = (void *)&xdp_tail_1,
	},
};

/* results for a test to read back */
__u64 syscall_runs = 0;
__u32 inner_a_seen = 0;
__u32 inner_b_seen = 0;
__u32 outer_arr_empty_slot_is_null = 0;
__u64 inner_h_seen = 0;
__u32 queue_popped = 0;
__u32 stack_popped_seq = 0;

SEC("syscall")
int maps_syscall(void *ctx)
{
	struct flow_key fk = { .saddr = 0x0a000001, .daddr = 0x0a000002, .sport = 1234, .dport = 80, .proto = 6 };
	struct flow_stats fs = { .packets = 1, .bytes = 64, .last_len = -1, .tag = "abc" };
	struct flow_stats *fsp;
	__u32 k0 = 0, k1 = 1, k2 = 2, k3 = 3;
	__u64 one = 1, *vp;
	__u32 *ip;
	void *inner;
	struct event ev = { .seq = 7, .kind = 2, .value = 99 }, *evp;
	char raw[24] = {};

	fsp = bpf_map_lookup_elem(&flows, &fk);
	if (fsp) {
		fsp->packets++;
		fsp->bytes += 64;
	} else {
		bpf_map_update_elem(&flows, &fk, &fs, BPF_NOEXIST);
	}

	bpf_map_update_elem(&sparse, &k1, &one, BPF_ANY);

	vp = bpf_map_lookup_elem(&counters, &k0);
	if (vp)
		__sync_fetch_and_add(vp, 1);

	raw[0] = 'r';
	bpf_map_update_elem(&raw_sized, &k3, raw, BPF_ANY);

	vp = bpf_map_lookup_elem(&pcpu_hash, &k2);
	if (vp)
		*vp += 1;
	else
		bpf_map_update_elem(&pcpu_hash, &k2, &one, BPF_ANY);

	fsp = bpf_map_lookup_elem(&pcpu_array, &k1);
	if (fsp)
		fsp->packets += 1;

	__u64 lkey = 42;
	__u32 lval = 4242;
	bpf_map_update_elem(&lru, &lkey, &lval, BPF_ANY);
	bpf_map_update_elem(&lru_pcpu, &k0, &one, BPF_ANY);

	evp = bpf_ringbuf_reserve(&events, sizeof(*evp), 0);
	if (evp) {
		evp->seq = (__u32)syscall_runs;
		evp->kind = 1;
		evp->value = 0x1122334455667788ULL;
		bpf_ringbuf_submit(evp, 0);
	}
	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);

	__u32 qv = 1000 + (__u32)syscall_runs;
	bpf_map_push_elem(&fifo, &qv, BPF_EXIST);
	bpf_map_push_elem(&lifo, &ev, BPF_EXIST);
	if (bpf_map_pop_elem(&fifo, &qv) == 0)
		queue_popped = qv;
	if (bpf_map_peek_elem(&lifo, &ev) == 0)
		stack_popped_seq = ev.seq;

	vp = bpf_map_lookup_elem(&pinned_counts, &k0);
	if (vp)
		__sync_fetch_and_add(vp, 1);

	inner = bpf_map_lookup_elem(&outer_arr, &k0);
	if (inner) {
		ip = bpf_map_lookup_elem(inner, &k0);
		if (ip)
			inner_a_seen = ++*ip;
	}
	inner = bpf_map_lookup_elem(&outer_arr, &k2);
	if (inner) {
		ip = bpf_map_lookup_elem(inner, &k0);
		if (ip)
			inner_b_seen = ++*ip;
	}
	outer_arr_empty_slot_is_null = bpf_map_lookup_elem(&outer_arr, &k1) == NULL;

	inner = bpf_map_lookup_elem(&outer_hash, &k1);
	if (inner) {
		bpf_map_update_elem(inner, &k3, &one, BPF_ANY);
		vp = bpf_map_lookup_elem(inner, &k3);
		if (vp)
			inner_h_seen = *vp;
	}

	syscall_runs++;
	return 0;
}

/* perf_event_output and the bloom filter need a non-sleepable program */
SEC("tracepoint/syscalls/sys_enter_getpid")
int maps_tp(void *ctx)
{
	struct event ev = { .seq = 1, .kind = 3, .value = bpf_get_current_pid_tgid() };
	__u32 pid = ev.value >> 32;

	if (bpf_map_peek_elem(&seen, &pid) != 0) {
		bpf_map_push_elem(&seen, &pid, BPF_ANY);
		bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &ev, sizeof(ev));
	}
	return 0;
}

/* tail-call entry: XDP_PASS(2) if the jump succeeds into tail 0 (which returns XDP_PASS),
 * XDP_DROP(1) from tail 1, XDP_ABORTED(0) when the slot is empty. Slot = first packet byte. */
SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 slot = 0;

	if (data + 1 <= end)
		slot = *(__u8 *)data;
	bpf_tail_call(ctx, &jmp_table, slot);
	return XDP_ABORTED;
}

SEC("xdp")
int xdp_tail_0(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int xdp_tail_1(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
