// SPDX-License-Identifier: GPL-2.0
/*
 * CO-RE fixture whose program reads a field no kernel has, without a bpf_core_field_exists() guard: the
 * relocation poisons the read, the verifier rejects the program, and libbpf rewrites the log line.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___nope {
	int pid;
	int bpfskel_no_such_field;
} __attribute__((preserve_access_index));

long out;

SEC("raw_tp/sys_enter")
int core_unguarded(void *ctx)
{
	struct task_struct___nope *t = (void *)bpf_get_current_task();

	out = BPF_CORE_READ(t, bpfskel_no_such_field);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
