// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe.bpf.c - trace a C library function with its arguments and its result.
 *
 * libc's  int mkdir(const char *path, mode_t mode);
 * A uprobe on its entry saves the arguments per thread; a uretprobe on its return pairs them with the
 * result and sends one event through the ring buffer. Java attaches both to the libc the processes
 * use (every process calling mkdir(), or one pid: .rodata target_pid).
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define PATH_LEN 128

struct mkdir_event {
	__u32 pid;
	__u32 mode;
	__s32 ret;
	char comm[16];
	char path[PATH_LEN];
};

struct mkdir_call {
	__u32 mode;
	char path[PATH_LEN];
};

/* calls in flight: thread id -> arguments */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct mkdir_call);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

const volatile __u32 target_pid = 0;	/* 0: every process */

/* events that did not fit in the ring buffer */
__u64 dropped;

SEC("uprobe")
int BPF_UPROBE(mkdir_entry, const char *path, __u32 mode)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct mkdir_call call = {};

	if (target_pid && (id >> 32) != target_pid)
		return 0;
	call.mode = mode;
	bpf_probe_read_user_str(call.path, sizeof(call.path), path);
	bpf_map_update_elem(&calls, &tid, &call, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(mkdir_return, int ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct mkdir_call *call;
	struct mkdir_event *e;

	call = bpf_map_lookup_elem(&calls, &tid);
	if (!call)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = id >> 32;
		e->mode = call->mode;
		e->ret = ret;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		__builtin_memcpy(e->path, call->path, sizeof(e->path));
		bpf_ringbuf_submit(e, 0);
	} else {
		__sync_fetch_and_add(&dropped, 1);
	}
	bpf_map_delete_elem(&calls, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
