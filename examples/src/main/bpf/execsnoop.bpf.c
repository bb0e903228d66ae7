// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop.bpf.c - every execve() on the machine, as typed events through a ring buffer.
 *
 * Tracepoint syscalls/sys_enter_execve: the file name and first arguments as the caller passed them,
 * the caller's pid, uid and command, and its parent's pid, read from the kernel's task_struct with
 * CO-RE (the loader fits the field offsets to the running kernel's BTF).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define FILENAME_LEN 128
#define ARG_LEN 48
#define ARGS 4

/* the tracepoint's record: /sys/kernel/tracing/events/syscalls/sys_enter_execve/format */
struct sys_enter_execve_args {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

/* just the fields used; CO-RE finds them in the running kernel's struct task_struct */
struct task_struct {
	struct task_struct *real_parent;
	__s32 tgid;
} __attribute__((preserve_access_index));

struct exec_event {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 argc;		/* arguments copied, at most ARGS (argv[0] included) */
	char comm[16];
	char filename[FILENAME_LEN];
	char args[ARGS][ARG_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* events that did not fit in the ring buffer */
__u64 dropped;

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_enter(struct sys_enter_execve_args *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exec_event *e;
	const char *arg;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_user_str(e->filename, sizeof(e->filename), ctx->filename) < 0)
		e->filename[0] = 0;
	e->argc = 0;
	for (int i = 0; i < ARGS; i++) {
		e->args[i][0] = 0;
		if (bpf_probe_read_user(&arg, sizeof(arg), &ctx->argv[i]) || !arg)
			break;
		if (bpf_probe_read_user_str(e->args[i], ARG_LEN, arg) < 0)
			break;
		e->argc = i + 1;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
