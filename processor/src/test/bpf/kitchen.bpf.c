// SPDX-License-Identifier: GPL-2.0
/*
 * kitchen.bpf.c - every kind of global variable the skeleton generator maps to Java:
 * integers of every size and signedness, bool, pointers, float/double, char arrays, other arrays
 * (1-D, 2-D, of structs, of char arrays), structs, unions, enums, bitfields, anonymous and typedef'd
 * types, custom .data.foo / .rodata.bar sections, a string literal (.rodata.str1.1), bpf_printk
 * (static ____fmt in .rodata), static variables (skipped), kconfig externs, a map and two programs.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum color { RED, GREEN = 5, BLUE };
enum big : unsigned long long { BIG_ONE = 1, BIG_HUGE = 0x1000000000ULL };

struct point {
	int x;
	int y;
};

struct config {
	__u32 pid;
	char comm[16];
	__u8 mode: 3, verbose: 1, level: 4;
	__s16 delta: 5;
	union {
		__u32 as_u32;
		__u8 bytes[4];
	};
	struct point origin;
	struct {
		__u64 hits;
		__u64 misses;
	} stats;
	enum color tint;
};

union value {
	__s64 i;
	__u64 u;
	double d;
};

typedef struct {
	__u32 a;
	__s32 b;
} pair_t;

/* .bss */
__u64 counter;
__s8 s8v;
__u8 u8v;
__s16 s16v;
__u16 u16v;
__s32 s32v;
__u32 u32v;
__s64 s64v;
_Bool flag;
void *ptr;
struct config cfg;
union value val;
pair_t pair;
enum color color;
enum big big;
int matrix[2][3];
struct point points[4];
char names[3][8];
struct {
	int inner;
	enum { ANON_A, ANON_B } kind;
} anon;
static __u64 hidden_counter;
__u32 hidden_global __attribute__((visibility("hidden")));
int (*callback)(int, const char *); /* function pointer: a long (the address) */
int (*row_ptr)[4];              /* pointer to array */
int class;                      /* Java keyword */
int wait;                       /* final method of java.lang.Object */
struct Point { long lx; } cap_point; /* 'Point' and 'point' both become Java class Point */
struct maps { int m; } maps_struct; /* would clash with the Maps group class */

/* .data */
struct config init_cfg = { .pid = 77, .comm = "init", .mode = 5, .verbose = 1, .level = 9, .delta = -3,
			   .as_u32 = 0x01020304, .origin = { -1, 2 }, .stats = { 10, 20 }, .tint = GREEN };
struct list { int n; } lst = { 3 }; /* view class List: java.util.List is used by the skeleton too */
char comm[16] = "kitchen";
__u8 raw[8] = { 1, 2, 3 };
int data_int = 42;
float ratio = 0.5f;
double precise = 0.25;

/* .rodata */
const volatile __u32 target_pid = 0;
const volatile _Bool enabled = 1;
const volatile char greeting[32] = "hello";

/* custom sections */
__u32 foo_hits SEC(".data.foo") = 7;
struct point foo_where SEC(".data.foo");
const volatile __u64 bar_limit SEC(".rodata.bar") = 100;

/* kconfig */
extern unsigned int CONFIG_HZ __kconfig __weak;
extern int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern enum libbpf_tristate CONFIG_BPF_LSM __kconfig __weak;
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, struct point);
} points_by_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("syscall")
int kitchen_run(void *ctx)
{
	static int calls;
	const char *msg = "string literal";
	__u32 key = 0;

	calls++;
	hidden_counter++;
	counter += calls + hidden_global + class + wait + cap_point.lx + maps_struct.m + cfg.mode + anon.inner + matrix[1][2] + points[3].y + names[2][1] + s8v + u8v;
	counter += s16v + u16v + s32v + u32v + s64v + flag + (long)ptr + val.i + pair.a + color + big;
	counter += (long)callback + (long)row_ptr + init_cfg.pid + lst.n + comm[0] + raw[1] + data_int + greeting[0] + foo_hits + foo_where.x + bar_limit;
	counter += CONFIG_HZ + LINUX_KERNEL_VERSION + CONFIG_BPF_SYSCALL + CONFIG_BPF_LSM + CONFIG_LOCALVERSION[0];
	if (enabled && target_pid)
		bpf_printk("pid %d %s", target_pid, msg);
	bpf_map_update_elem(&points_by_pid, &key, &cfg.origin, BPF_ANY);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int handle_getpid(void *ctx)
{
	counter++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
