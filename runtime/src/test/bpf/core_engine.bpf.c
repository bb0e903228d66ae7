// SPDX-License-Identifier: GPL-2.0
/*
 * CO-RE engine fixture: hand-written kernel type declarations (no vmlinux.h) with preserve_access_index,
 * relocated by io.bpfskel.core against /sys/kernel/btf/vmlinux and compared with libbpf (bpftool -d prog
 * loadall) in CoreEngineFixtureTest. One program per section, so libbpf's "relo #N" (numbered per section)
 * is the index in the program's relocation list.
 *
 * clang 14 has no TYPE_MATCHES (bpf_core_type_matches needs clang 15), and emits no ENUM64: the unit tests
 * cover those with synthetic BTF.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define __pai __attribute__((preserve_access_index))

struct list_head {
	struct list_head *next, *prev;
} __pai;

struct hlist_node {
	struct hlist_node *next, **pprev;
} __pai;

typedef int pid_t;

struct task_struct {
	/* declared first locally, far away in the kernel */
	pid_t pid;
	pid_t tgid;
	/* unsigned int in the kernel: LDX size 8 -> 4 */
	unsigned long flags;
	char comm[16];
	struct task_struct *real_parent;
	struct list_head tasks;
	struct hlist_node pid_links[4];
	/* bitfields */
	unsigned int in_execve: 1;
	unsigned int in_iowait: 1;
	unsigned int init_private_fork_class: 4;
} __pai;

/* a flavor: same kernel type, another local layout */
struct task_struct___flav {
	int tgid;
	struct task_struct___flav *parent;
} __pai;

/* a field no kernel has */
struct task_struct___nope {
	int no_such_field;
	int pid;
} __pai;

/* a type no kernel has */
struct bpfskel_no_such_type {
	int x;
} __pai;

/* anonymous unions/structs in the kernel, flat here */
struct sk_buff {
	struct sk_buff *next;
	unsigned int len;
} __pai;

enum pid_type {
	PIDTYPE_PID,
	PIDTYPE_TGID,
	PIDTYPE_PGID,
	PIDTYPE_SID,
	PIDTYPE_MAX,
};

enum pid_type___new {
	PIDTYPE_TGID___new = 7,
	PIDTYPE_BPFSKEL___new = 9,
};

long out[32];

SEC("tp_btf/sched_switch")
int core_direct(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task_btf();

	out[0] = t->pid;
	out[1] = t->flags;
	out[2] = t->real_parent->tgid;
	out[3] = (long)t->tasks.next;
	return 0;
}

SEC("raw_tp/sys_enter")
int core_probed(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct___flav *f = (void *)t;
	struct task_struct___nope *n = (void *)t;
	struct sk_buff *skb = (void *)ctx;

	out[0] = BPF_CORE_READ(t, pid);
	out[1] = BPF_CORE_READ(t, real_parent, tgid);
	out[2] = BPF_CORE_READ(t, comm[3]);
	out[3] = (long)BPF_CORE_READ(t, pid_links[2].pprev);
	out[4] = BPF_CORE_READ(f, tgid);
	out[5] = BPF_CORE_READ_BITFIELD_PROBED(t, in_execve);
	out[6] = BPF_CORE_READ_BITFIELD_PROBED(t, init_private_fork_class);
	out[7] = bpf_core_field_exists(n->no_such_field);
	if (bpf_core_field_exists(n->no_such_field))
		out[8] = BPF_CORE_READ(n, no_such_field);
	out[9] = bpf_core_field_exists(n->pid);
	out[10] = bpf_core_field_size(t->comm);
	out[11] = bpf_core_field_offset(t->tasks.prev);
	out[12] = bpf_core_type_exists(struct task_struct);
	out[13] = bpf_core_type_exists(struct bpfskel_no_such_type);
	out[14] = bpf_core_type_size(struct task_struct);
	out[15] = bpf_core_type_id_kernel(struct task_struct);
	out[16] = bpf_core_type_id_local(struct task_struct);
	out[17] = bpf_core_enum_value(enum pid_type, PIDTYPE_SID);
	out[18] = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_MAX);
	out[19] = bpf_core_enum_value_exists(enum pid_type___new, PIDTYPE_BPFSKEL___new);
	out[20] = bpf_core_enum_value_exists(enum pid_type___new, PIDTYPE_TGID___new);
	out[21] = (long)BPF_CORE_READ(skb, next);
	out[22] = BPF_CORE_READ(skb, len);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
