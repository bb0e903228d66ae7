// SPDX-License-Identifier: GPL-2.0
/*
 * core.bpf.c - CO-RE relocations against minimal local declarations (no vmlinux.h).
 *
 * Covers (relocation kinds in parentheses):
 *   BPF_CORE_READ chains through pointers (field byte offset), bpf_core_read_str into a buffer,
 *   BPF_CORE_READ_BITFIELD_PROBED (bitfield byte offset/size/lshift/rshift),
 *   bpf_core_field_exists on an existing field and on a field of a struct flavor
 *   task_struct___old that the kernel no longer has (field exists), bpf_core_field_size,
 *   bpf_core_field_offset, bpf_core_type_exists for a real and a made-up type (type exists),
 *   bpf_core_type_size (type size), bpf_core_type_id_kernel (target type id),
 *   bpf_core_enum_value_exists / bpf_core_enum_value on a kernel-internal enum declared locally
 *   with deliberately wrong values, and on an enum flavor whose enumerators carry ___flavor
 *   suffixes (enumval exists / enumval value).
 *   A version fallback: if task_struct has __state read it, else read task_struct___old.state; the
 *   else branch has a failing relocation that libbpf poisons (dead code on >= 5.14).
 * Programs:
 *   core_syscall (SEC("syscall")): reads the current task and fills .bss (test with TEST_RUN).
 *   core_raw_tp (SEC("raw_tp/sys_enter")) and core_tp (SEC("tracepoint/syscalls/sys_enter_getpid")):
 *   count events of the process whose tgid is in .rodata target_tgid (0 = any).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct mm_struct {
	unsigned long task_size;
} __attribute__((preserve_access_index));

struct task_struct {
	unsigned int __state;
	unsigned int flags;
	int prio;
	struct mm_struct *mm;
	unsigned int in_execve:1;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	char comm[16];
} __attribute__((preserve_access_index));

/* pre-5.14 layout: "state" was a long */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

/* a type no kernel has */
struct bpfskel_no_such_type {
	int x;
} __attribute__((preserve_access_index));

/* kernel-internal enum, local values deliberately differ from the kernel's (PIDTYPE_SID = 3) */
enum pid_type {
	PIDTYPE_SID = 100,
	PIDTYPE_BPFSKEL_NOPE = 101,
};

/* enum flavor: matches kernel enum bpf_map_type; enumerator names are matched by essential name */
enum bpf_map_type___local {
	BPF_MAP_TYPE_ARENA___local = 1000,
	BPF_MAP_TYPE_BPFSKEL_NOPE___local = 1001,
};

const volatile __s32 target_tgid = 0;	/* 0 = any process */

__s32 cur_pid = -1, cur_tgid = -1, parent_tgid = -1;
__u32 cur_state = 0xffffffff;
__u32 state_from_old = 0;		/* 1 if the task_struct___old branch ran */
char cur_comm[16];
__u64 mm_task_size;
__u64 in_execve = 0xff;

__u32 has_state, has_old_state, has_comm;
__u32 comm_size, pid_size, pid_offset;
__u32 has_task_struct, has_no_such_type;
__u64 task_struct_size;
__u32 task_struct_kernel_id;
__u32 has_pidtype_sid, has_pidtype_nope;
__s64 pidtype_sid = -1;
__u32 has_arena, has_map_nope;
__s64 map_type_arena = -1;

__u64 raw_tp_events, tp_events;

SEC("syscall")
int core_syscall(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	cur_pid = BPF_CORE_READ(task, pid);
	cur_tgid = BPF_CORE_READ(task, tgid);
	parent_tgid = BPF_CORE_READ(task, real_parent, tgid);
	bpf_core_read_str(cur_comm, sizeof(cur_comm), &task->comm);
	mm_task_size = BPF_CORE_READ(task, mm, task_size);
	in_execve = BPF_CORE_READ_BITFIELD_PROBED(task, in_execve);

	has_state = bpf_core_field_exists(task->__state);
	has_old_state = bpf_core_field_exists(((struct task_struct___old *)task)->state);
	has_comm = bpf_core_field_exists(task->comm);
	if (bpf_core_field_exists(task->__state)) {
		cur_state = BPF_CORE_READ(task, __state);
	} else {
		struct task_struct___old *old = (void *)task;

		cur_state = BPF_CORE_READ(old, state);
		state_from_old = 1;
	}

	comm_size = bpf_core_field_size(task->comm);
	pid_size = bpf_core_field_size(task->pid);
	pid_offset = bpf_core_field_offset(task->pid);

	has_task_struct = bpf_core_type_exists(struct task_struct);
	has_no_such_type = bpf_core_type_exists(struct bpfskel_no_such_type);
	task_struct_size = bpf_core_type_size(struct task_struct);
	task_struct_kernel_id = bpf_core_type_id_kernel(struct task_struct);

	has_pidtype_sid = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_SID);
	has_pidtype_nope = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_BPFSKEL_NOPE);
	if (has_pidtype_sid)
		pidtype_sid = bpf_core_enum_value(enum pid_type, PIDTYPE_SID);

	has_arena = bpf_core_enum_value_exists(enum bpf_map_type___local, BPF_MAP_TYPE_ARENA___local);
	has_map_nope = bpf_core_enum_value_exists(enum bpf_map_type___local, BPF_MAP_TYPE_BPFSKEL_NOPE___local);
	if (has_arena)
		map_type_arena = bpf_core_enum_value(enum bpf_map_type___local, BPF_MAP_TYPE_ARENA___local);
	return 0;
}

static __always_inline int is_target(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return target_tgid == 0 || BPF_CORE_READ(task, tgid) == target_tgid;
}

SEC("raw_tp/sys_enter")
int core_raw_tp(struct bpf_raw_tracepoint_args *ctx)
{
	if (is_target())
		__sync_fetch_and_add(&raw_tp_events, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int core_tp(void *ctx)
{
	if (is_target())
		__sync_fetch_and_add(&tp_events, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
