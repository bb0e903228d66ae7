// SPDX-License-Identifier: GPL-2.0
/*
 * attach_iter.bpf.c - BPF iterators for the attach tests (io.bpfskel.link); both auto-attach.
 * The loader resolves their attach_btf_id (FUNC bpf_iter_task / bpf_iter_bpf_map in vmlinux BTF).
 *
 *   dump_tasks (iter/task): one line "<tgid> <comm>" per thread-group leader.
 *   dump_maps (iter/bpf_map): one line "map <id> <name>" per BPF map.
 * Kernel structs are minimal CO-RE declarations.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
} __attribute__((preserve_access_index));

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} __attribute__((preserve_access_index));

struct bpf_map {
	__u32 id;
	char name[16];
} __attribute__((preserve_access_index));

struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
} __attribute__((preserve_access_index));

__u64 tasks_seen;

SEC("iter/task")
int dump_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task || task->pid != task->tgid)
		return 0;
	__sync_fetch_and_add(&tasks_seen, 1);
	BPF_SEQ_PRINTF(seq, "%d %s\n", task->tgid, task->comm);
	return 0;
}

SEC("iter/bpf_map")
int dump_maps(struct bpf_iter__bpf_map *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct bpf_map *map = ctx->map;

	if (!map)
		return 0;
	BPF_SEQ_PRINTF(seq, "map %u %s\n", map->id, map->name);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
