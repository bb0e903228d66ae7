// SPDX-License-Identifier: GPL-2.0
/*
 * core_opensnoop.bpf.c - open() snooping in the style of libbpf-tools' opensnoop, on hand-written CO-RE
 * kernel types (no vmlinux.h).
 *
 * Like the real tool, the entry probe stashes the file name pointer and flags per thread in a hash map and
 * the exit probe emits one ring buffer event with the result. Two flavours of the probes:
 *   tp_enter_openat / tp_exit_openat (tp/syscalls/sys_{enter,exit}_openat): CO-RE'd tracepoint context
 *     structs (trace_event_raw_sys_enter.args[1], args[2]; trace_event_raw_sys_exit.ret).
 *   raw_enter / raw_exit (raw_tp/sys_enter, raw_tp/sys_exit): args = (struct pt_regs *regs, long id) and
 *     (struct pt_regs *regs, long ret); the openat arguments come from the user registers through CO-RE
 *     (x86-64 register names: di, si, dx). The syscall number is in .rodata (openat_nr, 257 on x86-64).
 *     raw_exit needs no syscall number: a thread's next sys_exit after an openat entry is that openat's.
 *     raw_exit is runnable with BPF_PROG_TEST_RUN: a test puts the entry into 'start' itself (key = the
 *     thread id, the file name pointing into the test's own memory).
 * CO-RE covered besides the above: task->real_parent->tgid (ppid), BPF_CORE_READ_STR_INTO(comm),
 * bpf_core_field_exists on a register that only x86 has (orig_ax).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <stdbool.h>

#define __pai __attribute__((preserve_access_index))

#define TASK_COMM_LEN 16
#define NAME_MAX 255
#define INVALID_UID ((uid_t)-1)

typedef int pid_t;
typedef unsigned int uid_t;

struct task_struct {
	struct task_struct *real_parent;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
} __pai;

/* x86-64 user registers, kernel names */
struct pt_regs {
	unsigned long orig_ax;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
} __pai;

struct trace_entry {
	unsigned short type;
} __pai;

struct trace_event_raw_sys_enter {
	struct trace_entry ent;
	long id;
	unsigned long args[6];
} __pai;

struct trace_event_raw_sys_exit {
	struct trace_entry ent;
	long id;
	long ret;
} __pai;

struct args_t {
	__u64 fname;		/* user pointer */
	__s32 flags;
	__s32 dfd;
};

struct event {
	__u64 ts;
	__u32 pid;		/* tgid */
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__s32 ret;
	__s32 flags;
	__s32 dfd;
	__u32 source;		/* 1 = raw_tp, 2 = tracepoint */
	char comm[TASK_COMM_LEN];
	char fname[NAME_MAX + 1];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct args_t);
} start SEC(".maps");

/* keeps struct event in BTF for user space, as libbpf-tools do */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

const volatile pid_t targ_pid = 0;		/* tgid, 0 = any */
const volatile pid_t targ_tid = 0;		/* 0 = any */
const volatile uid_t targ_uid = INVALID_UID;
const volatile bool targ_failed = false;	/* only failed opens */
const volatile long openat_nr = 257;		/* __NR_openat of the target architecture */

__u64 dropped;
__u32 has_orig_ax;

static __always_inline bool trace_allowed(__u32 tgid, __u32 tid)
{
	if (targ_pid && targ_pid != tgid)
		return false;
	if (targ_tid && targ_tid != tid)
		return false;
	if (targ_uid != INVALID_UID && targ_uid != (uid_t)bpf_get_current_uid_gid())
		return false;
	return true;
}

static __always_inline int trace_enter(__u64 fname, int flags, int dfd)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct args_t args = {};

	if (!trace_allowed(id >> 32, tid))
		return 0;
	args.fname = fname;
	args.flags = flags;
	args.dfd = dfd;
	bpf_map_update_elem(&start, &tid, &args, BPF_ANY);
	return 0;
}

static __always_inline int trace_exit(long ret, __u32 source)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct args_t *ap;
	struct event *e;

	ap = bpf_map_lookup_elem(&start, &tid);
	if (!ap)
		return 0;
	if (targ_failed && ret >= 0)
		goto cleanup;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		goto cleanup;
	}
	e->ts = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = tid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = bpf_get_current_uid_gid();
	e->ret = ret;
	e->flags = ap->flags;
	e->dfd = ap->dfd;
	e->source = source;
	BPF_CORE_READ_STR_INTO(&e->comm, task, comm);
	bpf_probe_read_user_str(&e->fname, sizeof(e->fname), (const void *)ap->fname);
	bpf_ringbuf_submit(e, 0);
cleanup:
	bpf_map_delete_elem(&start, &tid);
	return 0;
}

SEC("tp/syscalls/sys_enter_openat")
int tp_enter_openat(struct trace_event_raw_sys_enter *ctx)
{
	return trace_enter(ctx->args[1], (int)ctx->args[2], (int)ctx->args[0]);
}

SEC("tp/syscalls/sys_exit_openat")
int tp_exit_openat(struct trace_event_raw_sys_exit *ctx)
{
	return trace_exit(ctx->ret, 2);
}

SEC("raw_tp/sys_enter")
int raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];

	if ((long)ctx->args[1] != openat_nr)
		return 0;
	has_orig_ax = bpf_core_field_exists(regs->orig_ax);
	return trace_enter(BPF_CORE_READ(regs, si), (int)BPF_CORE_READ(regs, dx), (int)BPF_CORE_READ(regs, di));
}

SEC("raw_tp/sys_exit")
int raw_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return trace_exit((long)ctx->args[1], 1);
}

char LICENSE[] SEC("license") = "GPL";
