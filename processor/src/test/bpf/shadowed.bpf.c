// SPDX-License-Identifier: GPL-2.0
/*
 * shadowed.bpf.c - types named like the classes generated code refers to (List, Set, Objects, String,
 * ByteBuffer, ByteOrder, Codec, Codecs, TypedMap, BpfMap, Error, Override, EnumSet, ...): the generated
 * skeleton nests a class of each name, so it must refer to the library types by their qualified names.
 * Also a kfunc with flavors whose names collide with the flavor enum's own members.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct list { __u32 a; };
struct set { __u32 a; };
struct objects { __u32 a; };
struct string { __u32 a; };
struct byte_buffer { __u32 a; };
struct byte_order { __u32 a; };
struct codec { __u32 a; };
struct codecs { __u32 a; };
struct typed_map { __u32 a; };
struct per_cpu_map { __u32 a; };
struct bpf_map { __u32 a; };
struct bpf_program { __u32 a; };
struct bpf_collection { __u32 a; };
struct bpf_open_options { __u32 a; };
struct bpf_link { __u32 a; };
struct extern_status { __u32 a; };
struct view_memory { __u32 a; };
struct skeleton_support { __u32 a; };
struct error { __u32 a; };
struct runtime_exception { __u32 a; };
struct override { __u32 a; };
struct enum_set { __u32 a; };
struct generated { __u32 a; };
struct illegal_state_exception { __u32 a; };
struct index_out_of_bounds_exception { __u32 a; };

enum flag { FLAG_A = 1 };

struct holder {
	struct list l;
	struct set s;
	struct objects o;
	struct string str;
	struct byte_buffer bb;
	struct byte_order bo;
	struct codec c;
	struct codecs cs;
	struct typed_map tm;
	struct per_cpu_map pcm;
	struct bpf_map bm;
	struct bpf_program bp;
	struct bpf_collection bc;
	struct bpf_open_options boo;
	struct bpf_link bl;
	struct extern_status es;
	struct view_memory vm;
	struct skeleton_support ss;
	struct error e;
	struct runtime_exception re;
	struct override ov;
	struct enum_set enumset;
	struct generated g;
	struct illegal_state_exception ise;
	struct index_out_of_bounds_exception ioobe;
	enum flag f;
	char name[8];
	__u32 arr[2];
};

struct holder holders[2];

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct string);
	__type(value, struct holder);
} by_string SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4);
	__type(key, enum flag);
	__type(value, struct list);
} per_cpu SEC(".maps");

extern int bpf_strlen___externName(const char *s) __ksym __weak;
extern int bpf_strlen___EXTERNNAME(const char *s, int x) __ksym __weak;

SEC("syscall")
int shadowed_run(void *ctx)
{
	struct string k = {};

	bpf_map_lookup_elem(&by_string, &k);
	if (bpf_ksym_exists(bpf_strlen___externName))
		return bpf_strlen___externName("x");
	if (bpf_ksym_exists(bpf_strlen___EXTERNNAME))
		return bpf_strlen___EXTERNNAME("x", 1);
	return holders[1].arr[1];
}

char LICENSE[] SEC("license") = "GPL";
