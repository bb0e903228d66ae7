// SPDX-License-Identifier: GPL-2.0
/*
 * Reader edge cases: the BTF kinds clang emits for BPF (INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF,
 * VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO with varargs, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG),
 * bitfields (kflag members), enums with negative and high values (clang 14 emits them as unsigned ENUM and
 * truncates 64-bit ones; clang >= 15 emits signed ENUM and ENUM64), maps, globals in several data sections,
 * static and global subprograms, extern kconfig/ksym, and CO-RE relocations of each kind family.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __user __attribute__((btf_type_tag("user")))

struct opaque;                                   /* FWD struct */
union opaque_u;                                  /* FWD union */

enum color { RED = -1, GREEN = 0, BLUE = 0x7fffffff };          /* signed ENUM */
enum flags32 { F_LOW = 1, F_HIGH = 0x80000000u };               /* unsigned ENUM */
enum big { BIG_ONE = 1, BIG_TOP = 0xfedcba9876543210ULL };      /* ENUM64 */
enum sbig { SBIG_NEG = -0x100000000LL, SBIG_POS = 5 };          /* signed ENUM64 */

typedef unsigned long long u64_t;
typedef const volatile u64_t cv_u64;

struct bits {
	unsigned int a : 3;
	unsigned int b : 13;
	int c : 16;
	unsigned long long d : 40;
	unsigned char e;
	enum color col : 8;
} __tag("bits_struct");

union variant {
	int i;
	float f;
	double d;
	struct bits b;
	char raw[24];
};

struct node {
	struct node *next;
	struct opaque *hidden;
	union opaque_u *hidden_u;
	int __user *uptr;
	const char *restrict name;
	volatile int vol;
	int matrix[3][4];
	union variant v;
	struct {
		short x, y;
	} anon_member;
	union {
		long l;
		unsigned char c[8];
	};
	int (*callback)(int, const char *, ...) __tag("cb_member");
	char tail[];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, struct node);
} nodes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, u64_t);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

int zeroed;                                      /* .bss */
int initialized = 42;                            /* .data */
const volatile cv_u64 config_knob = 7;           /* .rodata */
static volatile int hidden_static = 3;           /* static VAR */
int custom_data SEC(".data.custom") = 9;         /* custom data section */
const volatile float ratio = 1.5f;               /* FLOAT */
const volatile double ratio_d = 2.25;            /* FLOAT (8) */
struct bits global_bits = { .a = 1, .c = -2 } ;  /* struct with bitfields in .data */
enum big big_val = BIG_TOP;
enum sbig sbig_val = SBIG_NEG;
enum flags32 flag_val = F_HIGH;
enum color color_val = RED;
union variant var_val;
struct node *node_ptr;

extern int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern const void bpf_prog_active __ksym __weak;

static __noinline int static_helper(int x, int y __tag("param_tag"))
{
	return x * y + hidden_static;
}

__noinline int global_helper(struct node *n, enum color c) __tag("global_fn")
{
	if (!n)
		return 0;
	return n->vol + (int)c + static_helper(n->matrix[1][2], 3);
}

SEC("tp/syscalls/sys_enter_write")
int prog_write(void *ctx)
{
	__u32 key = 0;
	struct node *n = bpf_map_lookup_elem(&nodes, &key);
	u64_t *cnt = bpf_map_lookup_elem(&counters, &key);

	if (cnt)
		__sync_fetch_and_add(cnt, config_knob + LINUX_KERNEL_VERSION);
	if (n) {
		zeroed += bpf_core_field_exists(n->vol);
		zeroed += bpf_core_field_size(n->matrix);
		zeroed += bpf_core_field_offset(n->v);
		zeroed += BPF_CORE_READ_BITFIELD_PROBED(&global_bits, b) & 1;
		zeroed += bpf_core_type_exists(struct node);
		zeroed += bpf_core_type_size(union variant);
		zeroed += bpf_core_enum_value_exists(enum color, BLUE);
		zeroed += bpf_core_enum_value(enum big, BIG_TOP) != 0;
		initialized += global_helper(n, RED);
	}
	if (CONFIG_BPF_SYSCALL)
		custom_data++;
	return static_helper(1, 2) + (int)sizeof(ratio) + (int)sizeof(ratio_d);
}

SEC("xdp")
int prog_xdp(struct xdp_md *ctx)
{
	void *e = bpf_ringbuf_reserve(&events, 16, 0);

	if (e)
		bpf_ringbuf_discard(e, 0);
	node_ptr = 0;
	return XDP_PASS + (&bpf_prog_active != 0) + big_val + sbig_val + flag_val + color_val + var_val.i;
}

char LICENSE[] SEC("license") = "GPL";
