// SPDX-License-Identifier: GPL-2.0
/*
 * core_runqlat.bpf.c - run-queue latency histograms in the style of libbpf-tools' runqlat (its raw_tp
 * flavour), on hand-written CO-RE kernel types (no vmlinux.h).
 *
 * A task is stamped when it is woken up (sched_wakeup, sched_wakeup_new) or preempted while runnable
 * (sched_switch with prev still TASK_RUNNING); when it is switched in, the time since the stamp goes into a
 * log2 histogram, per process (default), per thread or per pid namespace.
 *
 * CO-RE covered: task->tgid / pid, the task state field that was renamed in 5.14 (bpf_core_field_exists on
 * task_struct.__state, else the flavor task_struct___o.state, as libbpf-tools' core_fixes.bpf.h does),
 * BPF_CORE_READ_STR_INTO(comm), the chain task->nsproxy->pid_ns_for_children->ns.inum, bpf_core_type_exists.
 * handle_switch is a static __noinline function: its relocations live in .text (a subprogram).
 *
 * Programs (raw_tp args as in the kernel's TP_PROTO):
 *   handle_sched_wakeup (raw_tp/sched_wakeup): (struct task_struct *p)
 *   handle_sched_wakeup_new (raw_tp/sched_wakeup_new): (struct task_struct *p)
 *   handle_sched_switch (raw_tp/sched_switch): (bool preempt, struct task_struct *prev,
 *     struct task_struct *next, unsigned int prev_state)
 * All are runnable with BPF_PROG_TEST_RUN given real task pointers (see core_execsnoop's task_self; this
 * object has its own task_self).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <stdbool.h>

#define __pai __attribute__((preserve_access_index))

#define TASK_COMM_LEN 16
#define MAX_SLOTS 26
#define TASK_RUNNING 0

typedef int pid_t;

struct ns_common {
	unsigned int inum;
} __pai;

struct pid_namespace {
	struct ns_common ns;
} __pai;

struct nsproxy {
	struct pid_namespace *pid_ns_for_children;
} __pai;

struct task_struct {
	unsigned int __state;
	pid_t pid;
	pid_t tgid;
	struct nsproxy *nsproxy;
	char comm[TASK_COMM_LEN];
	struct task_struct *real_parent;
} __pai;

/* before 5.14 */
struct task_struct___o {
	volatile long state;
} __pai;

struct hist {
	__u32 slots[MAX_SLOTS];
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

const volatile bool targ_per_process = true;	/* key = tgid; the default of this fixture */
const volatile bool targ_per_thread = false;	/* key = pid */
const volatile bool targ_per_pidns = false;	/* key = pid namespace inode number */
const volatile bool targ_ms = false;
const volatile pid_t targ_tgid = 0;		/* 0 = any */

struct hist zero;
__u64 self_task, self_parent_task;
__u64 enqueued, recorded;
__s64 last_prev_state = -1;
__u32 has_state, has_nsproxy;

static __always_inline __s64 get_task_state(void *task)
{
	struct task_struct *t = task;

	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___o *)task, state);
}

/* floor(log2(v)) without loops, by halving the search range */
static __always_inline unsigned int log2_32(__u32 v)
{
	unsigned int r, shift;

	r = (v > 0xFFFF) << 4;
	v >>= r;
	shift = (v > 0xFF) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xF) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline unsigned int log2l(__u64 v)
{
	__u32 hi = v >> 32;

	return hi ? log2_32(hi) + 32 : log2_32(v);
}

static __always_inline int trace_enqueue(__u32 tgid, __u32 pid)
{
	__u64 ts;

	if (!pid)
		return 0;
	if (targ_tgid && targ_tgid != tgid)
		return 0;
	ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
	__sync_fetch_and_add(&enqueued, 1);
	return 0;
}

static __always_inline unsigned int pid_namespace(struct task_struct *task)
{
	return BPF_CORE_READ(task, nsproxy, pid_ns_for_children, ns.inum);
}

static __noinline int handle_switch(__u64 preempt, struct task_struct *prev, struct task_struct *next)
{
	struct hist *histp;
	__u64 *tsp, slot;
	__u32 pid, hkey;
	__s64 delta, state;

	state = get_task_state(prev);
	last_prev_state = state;
	if (state == TASK_RUNNING)
		trace_enqueue(BPF_CORE_READ(prev, tgid), BPF_CORE_READ(prev, pid));

	pid = BPF_CORE_READ(next, pid);
	tsp = bpf_map_lookup_elem(&start, &pid);
	if (!tsp)
		return 0;
	delta = bpf_ktime_get_ns() - *tsp;
	if (delta < 0)
		goto cleanup;

	if (targ_per_process)
		hkey = BPF_CORE_READ(next, tgid);
	else if (targ_per_thread)
		hkey = pid;
	else if (targ_per_pidns)
		hkey = pid_namespace(next);
	else
		hkey = -1;
	histp = bpf_map_lookup_elem(&hists, &hkey);
	if (!histp) {
		bpf_map_update_elem(&hists, &hkey, &zero, BPF_NOEXIST);
		histp = bpf_map_lookup_elem(&hists, &hkey);
		if (!histp)
			goto cleanup;
		BPF_CORE_READ_STR_INTO(&histp->comm, next, comm);
	}
	if (targ_ms)
		delta /= 1000000U;
	else
		delta /= 1000U;
	slot = log2l(delta);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	__sync_fetch_and_add(&histp->slots[slot], 1);
	__sync_fetch_and_add(&recorded, 1);

cleanup:
	bpf_map_delete_elem(&start, &pid);
	return 0;
}

SEC("raw_tp/sched_wakeup")
int handle_sched_wakeup(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];

	return trace_enqueue(BPF_CORE_READ(p, tgid), BPF_CORE_READ(p, pid));
}

SEC("raw_tp/sched_wakeup_new")
int handle_sched_wakeup_new(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];

	return trace_enqueue(BPF_CORE_READ(p, tgid), BPF_CORE_READ(p, pid));
}

SEC("raw_tp/sched_switch")
int handle_sched_switch(struct bpf_raw_tracepoint_args *ctx)
{
	return handle_switch(ctx->args[0], (struct task_struct *)ctx->args[1], (struct task_struct *)ctx->args[2]);
}

SEC("syscall")
int task_self(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	self_task = (__u64)task;
	self_parent_task = (__u64)BPF_CORE_READ(task, real_parent);
	has_state = bpf_core_field_exists(task->__state);
	has_nsproxy = bpf_core_type_exists(struct nsproxy);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
