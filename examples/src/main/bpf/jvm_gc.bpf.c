// SPDX-License-Identifier: GPL-2.0
/*
 * jvm_gc.bpf.c - a running JVM's garbage collections, from the USDT probes HotSpot's libjvm.so carries
 * (provider "hotspot"; they fire without any JVM flag):
 *
 *   gc__begin(bool full)  ...  gc__end()            one collection, at the safepoint
 *   mem__pool__gc__begin / mem__pool__gc__end(manager, manager_len, pool, pool_len,
 *                                             initial, used, committed, max)   per memory pool, inside it
 *   class__loaded(name, name_len, loader_id, shared)                           the smaller view
 *
 * Written against libbpf's <bpf/usdt.bpf.h> exactly as a libbpf user would. Per JVM (tgid) a collection in
 * flight collects the pools' used bytes before and after; gc__end sends one event through a ring buffer and
 * counts its duration in a log2 histogram of microseconds.
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

#define NAME_LEN 32		/* power of two: lengths are masked with NAME_LEN - 1 */
#define CLASS_LEN 128
#define SLOTS 32

struct gc_event {
	__u32 pid;
	__u32 full;
	__u64 duration_ns;
	__u64 used_before;	/* sum over the collected pools, bytes */
	__u64 used_after;
	__u32 pools;
	char manager[NAME_LEN];	/* e.g. "G1 Young Generation" */
};

struct class_event {
	__u32 pid;
	__u32 shared;		/* loaded from the CDS archive */
	char name[CLASS_LEN];
};

struct gc_state {
	__u64 start_ns;
	__u64 used_before;
	__u64 used_after;
	__u32 full;
	__u32 pools;
	char manager[NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct gc_state);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} classes SEC(".maps");

__u64 hist[SLOTS];		/* collections by log2(duration in microseconds) */
__u64 collections;
__u64 classes_loaded;
__u64 dropped;

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) r += 1;
	return r;
}

static __always_inline __u32 tgid(void)
{
	return bpf_get_current_pid_tgid() >> 32;
}

SEC("usdt/libjvm.so:hotspot:gc__begin")
int BPF_USDT(gc_begin, bool full)
{
	struct gc_state s = {};
	__u32 pid = tgid();

	s.start_ns = bpf_ktime_get_ns();
	s.full = full;
	bpf_map_update_elem(&inflight, &pid, &s, BPF_ANY);
	return 0;
}

SEC("usdt/libjvm.so:hotspot:mem__pool__gc__begin")
int BPF_USDT(pool_begin, const char *manager, long manager_len, const char *pool, long pool_len,
	     long initial, long used, long committed, long max)
{
	__u32 pid = tgid();
	struct gc_state *s = bpf_map_lookup_elem(&inflight, &pid);

	if (!s)
		return 0;
	s->used_before += used;
	if (s->pools++ == 0) {
		/* HotSpot passes (pointer, length) without a terminating NUL; the state starts zeroed */
		__u32 len = manager_len < NAME_LEN - 1 ? manager_len : NAME_LEN - 1;

		bpf_probe_read_user(s->manager, len & (NAME_LEN - 1), manager);
	}
	return 0;
}

SEC("usdt/libjvm.so:hotspot:mem__pool__gc__end")
int BPF_USDT(pool_end, const char *manager, long manager_len, const char *pool, long pool_len,
	     long initial, long used, long committed, long max)
{
	__u32 pid = tgid();
	struct gc_state *s = bpf_map_lookup_elem(&inflight, &pid);

	if (s)
		s->used_after += used;
	return 0;
}

SEC("usdt/libjvm.so:hotspot:gc__end")
int BPF_USDT(gc_end)
{
	__u32 pid = tgid();
	struct gc_state *s = bpf_map_lookup_elem(&inflight, &pid);
	struct gc_event *e;
	__u64 ns;
	__u32 slot;

	if (!s)
		return 0;
	ns = bpf_ktime_get_ns() - s->start_ns;
	slot = log2_u64(ns / 1000);
	if (slot < SLOTS)
		__sync_fetch_and_add(&hist[slot], 1);
	__sync_fetch_and_add(&collections, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = pid;
		e->full = s->full;
		e->duration_ns = ns;
		e->used_before = s->used_before;
		e->used_after = s->used_after;
		e->pools = s->pools;
		__builtin_memcpy(e->manager, s->manager, NAME_LEN);
		bpf_ringbuf_submit(e, 0);
	} else {
		__sync_fetch_and_add(&dropped, 1);
	}
	bpf_map_delete_elem(&inflight, &pid);
	return 0;
}

SEC("usdt/libjvm.so:hotspot:class__loaded")
int BPF_USDT(class_loaded, const char *name, long name_len, long loader_id, bool shared)
{
	struct class_event *e;
	__u32 len;

	__sync_fetch_and_add(&classes_loaded, 1);
	e = bpf_ringbuf_reserve(&classes, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = tgid();
	e->shared = shared;
	len = name_len < CLASS_LEN - 1 ? name_len : CLASS_LEN - 1;
	__builtin_memset(e->name, 0, CLASS_LEN);
	bpf_probe_read_user(e->name, len & (CLASS_LEN - 1), name);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
