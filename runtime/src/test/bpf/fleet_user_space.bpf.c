/*
 * fleet_user_space.bpf.c - an object whose load depends on user space: its hash map has no max_entries
 * (0 in the object), as tools do that size a map from a command-line option with bpf_map__set_max_entries()
 * before loading. Loaded as is, the kernel refuses the map (EINVAL); the fleet check classifies it as
 * "depends on user space" on every kernel.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
} sized_by_user SEC(".maps");

SEC("syscall")
int count(void *ctx)
{
	__u32 key = 0;
	__u64 one = 1;

	bpf_map_update_elem(&sized_by_user, &key, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
