// SPDX-License-Identifier: GPL-2.0
/*
 * names.bpf.c - C names chosen to collide with the identifiers generated code uses itself: Java keywords,
 * '_' (a keyword since Java 9), methods of Object, the views' mem/base/SIZE/wrap, the enums' cValue/value/of,
 * the records' CODEC next to codec, index and setter parameter names (i, j, value), and twins
 * that stay equal after every naming step (numbered). Only compiled; EveryFixtureTest checks that the
 * skeleton compiles without a javac warning.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum odd { cValue = 1, value = 2, of = 3, values = 4, valueOf = 5, e = 6, ordinal = 7 };

struct tricky {
	__u32 mem;
	__u32 base;
	__u32 SIZE;
	__u32 wrap;
	__u32 value;
	__u32 i[2][2];
	__u32 CODEC;
	__u32 codec;
	__u32 encode;
	char name[4];
	__u8 name_bytes;
	enum odd odd;
};

struct tricky tricky_one;
__u32 _;
__u32 __;
__u32 ___;
__u32 hashCode;
__u32 wait;
__u32 obj;
__u32 maps;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, enum odd);
	__type(value, struct tricky);
} class SEC(".maps");

SEC("syscall")
int open(void *ctx)
{
	enum odd k = value;

	bpf_map_lookup_elem(&class, &k);
	return _ + __ + ___ + hashCode + wait + obj + maps + tricky_one.i[1][1];
}

SEC("syscall")
int __open(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
