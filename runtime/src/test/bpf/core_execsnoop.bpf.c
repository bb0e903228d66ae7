// SPDX-License-Identifier: GPL-2.0
/*
 * core_execsnoop.bpf.c - exec snooping in the style of libbpf-tools' execsnoop and libbpf-bootstrap's
 * bootstrap, on hand-written CO-RE kernel types (no vmlinux.h): every kernel struct below declares only
 * the fields read, in an order unrelated to the kernel's.
 *
 * CO-RE covered: BPF_CORE_READ chains through pointers (task->real_parent->tgid, task->cred->uid.val
 * through a typedef'd anonymous struct, task->signal->pids[PIDTYPE_SID]->numbers[0].nr into a flexible
 * array), BPF_CORE_READ_STR_INTO (comm), bpf_core_field_exists (task->loginuid needs CONFIG_AUDIT),
 * bpf_core_enum_value on a kernel-internal enum used as an array index, bpf_core_type_exists, and a CO-RE'd
 * tracepoint context struct (trace_event_raw_sched_process_exec.__data_loc_filename).
 * Maps: ring buffer of events (as the real tool), hash of exec counts per uid, .rodata filters.
 *
 * Programs:
 *   execsnoop_raw (raw_tp/sched_process_exec): args = (struct task_struct *p, pid_t old_pid,
 *     struct linux_binprm *bprm). Runnable with BPF_PROG_TEST_RUN: a test passes the task pointer that
 *     task_self stored (and bprm = 0: the filename stays empty).
 *   execsnoop_tp (tp/sched/sched_process_exec): the tracepoint flavour; filename through __data_loc,
 *     task from bpf_get_current_task() (current is the exec'ing task).
 *   task_self (syscall): stores the caller's task_struct address and its real_parent's in .bss, so that a
 *     test can hand real kernel task pointers to raw_tp programs in BPF_PROG_TEST_RUN.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define __pai __attribute__((preserve_access_index))

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 128
#define INVALID_UID ((uid_t)-1)

typedef int pid_t;
typedef unsigned int uid_t;
typedef struct {
	uid_t val;
} kuid_t;

enum pid_type {
	PIDTYPE_PID,
	PIDTYPE_TGID,
	PIDTYPE_PGID,
	PIDTYPE_SID,
	PIDTYPE_MAX,
};

struct upid {
	int nr;
} __pai;

struct pid {
	unsigned int level;
	struct upid numbers[];
} __pai;

struct signal_struct {
	struct pid *pids[PIDTYPE_MAX];
} __pai;

struct cred {
	kuid_t uid;
} __pai;

struct task_struct {
	char comm[TASK_COMM_LEN];
	const struct cred *cred;
	struct task_struct *real_parent;
	struct signal_struct *signal;
	kuid_t loginuid;
	pid_t tgid;
	pid_t pid;
} __pai;

struct linux_binprm {
	const char *filename;
} __pai;

struct trace_entry {
	unsigned short type;
} __pai;

struct trace_event_raw_sched_process_exec {
	struct trace_entry ent;
	unsigned int __data_loc_filename;
	pid_t pid;
	pid_t old_pid;
} __pai;

/* Byte-order independent layout: every field naturally aligned, total a multiple of 8. */
struct event {
	__u32 pid;		/* tgid */
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__u32 loginuid;		/* INVALID_UID when the kernel has no loginuid */
	__u32 old_pid;
	__s32 sid;		/* -1 when pid_type has no PIDTYPE_SID */
	__u32 source;		/* 1 = raw_tp, 2 = tracepoint */
	char comm[TASK_COMM_LEN];
	char filename[MAX_FILENAME_LEN];
};

/* keeps struct event in BTF for user space, as libbpf-tools do */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, uid_t);
	__type(value, __u64);
} execs_by_uid SEC(".maps");

const volatile pid_t targ_ppid = 0;		/* 0 = any parent */
const volatile uid_t targ_uid = INVALID_UID;	/* INVALID_UID = any user */

__u64 self_task, self_parent_task;
__u64 dropped;
__u32 has_linux_binprm;

static __always_inline int submit(struct task_struct *task, __u32 old_pid, struct event **out)
{
	pid_t ppid = BPF_CORE_READ(task, real_parent, tgid);
	uid_t uid = BPF_CORE_READ(task, cred, uid.val);
	struct event *e;
	__u64 one = 1, *cnt;

	if (targ_ppid && ppid != targ_ppid)
		return 0;
	if (targ_uid != INVALID_UID && uid != targ_uid)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->pid = BPF_CORE_READ(task, tgid);
	e->tid = BPF_CORE_READ(task, pid);
	e->ppid = ppid;
	e->uid = uid;
	e->old_pid = old_pid;
	if (bpf_core_field_exists(task->loginuid))
		e->loginuid = BPF_CORE_READ(task, loginuid.val);
	else
		e->loginuid = INVALID_UID;
	if (bpf_core_enum_value_exists(enum pid_type, PIDTYPE_SID) &&
	    bpf_core_enum_value(enum pid_type, PIDTYPE_SID) == PIDTYPE_SID)
		e->sid = BPF_CORE_READ(task, signal, pids[PIDTYPE_SID], numbers[0].nr);
	else
		e->sid = -1;
	BPF_CORE_READ_STR_INTO(&e->comm, task, comm);

	cnt = bpf_map_lookup_elem(&execs_by_uid, &uid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&execs_by_uid, &uid, &one, BPF_NOEXIST);
	*out = e;
	return 1;
}

SEC("raw_tp/sched_process_exec")
int execsnoop_raw(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	struct event *e;

	if (!submit(task, (__u32)ctx->args[1], &e))
		return 0;
	e->source = 1;
	/* a string behind a pointer field: read the pointer with CO-RE, then the string */
	bpf_probe_read_kernel_str(&e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp/sched/sched_process_exec")
int execsnoop_tp(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned int fname_off = ctx->__data_loc_filename & 0xFFFF;
	struct event *e;

	if (!submit(task, ctx->old_pid, &e))
		return 0;
	e->source = 2;
	bpf_probe_read_kernel_str(&e->filename, sizeof(e->filename), (void *)ctx + fname_off);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("syscall")
int task_self(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	self_task = (__u64)task;
	self_parent_task = (__u64)BPF_CORE_READ(task, real_parent);
	has_linux_binprm = bpf_core_type_exists(struct linux_binprm);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
