// SPDX-License-Identifier: GPL-2.0
/*
 * typedmaps.bpf.c - map key/value types for the skeleton's typed map accessors: an enum key, a struct
 * value nesting a struct, a bool, a char array and an int array, and a union value (which stays bytes).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum color { RED = 1, GREEN = 2, BLUE = 40000 };

struct inner {
	__u16 a;
	__s8 b;
};

struct outer {
	struct inner in;
	_Bool on;
	char name[6];
	__u32 nums[2];
	__s64 big;
};

union either {
	__u32 u;
	float f;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, enum color);
	__type(value, struct outer);
} by_color SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, union either);
} unions SEC(".maps");

SEC("syscall")
int typedmaps_run(void *ctx)
{
	enum color c = GREEN;
	struct outer *o = bpf_map_lookup_elem(&by_color, &c);

	if (o)
		o->big++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
