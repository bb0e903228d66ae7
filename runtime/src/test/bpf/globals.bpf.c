// SPDX-License-Identifier: GPL-2.0
/*
 * globals.bpf.c - global data sections and the variable kinds a skeleton must expose.
 *
 * Covers:
 *   .bss (zero-initialised globals), .data (initialised globals), .rodata (const volatile,
 *   settable before load), custom .data.foo and .rodata.bar (SEC(".data.foo")), string literals
 *   passed to helpers (.rodata.str1.1), bpf_printk (its static `____fmt` array in .rodata),
 *   static (file-local) globals, a static variable inside a function (.bss, symbol and BTF VAR "count_hits.hits"),
 *   arrays, a struct, a union, an enum, bool, char arrays, and every integer width signed and
 *   unsigned with distinct byte patterns (so byte-order bugs show up on bpfeb).
 * Programs:
 *   globals_run (SEC("syscall")): copies every .rodata / .data / .data.foo / .rodata.bar input
 *     into .bss outputs, bumps counters, so a loader test can observe both directions.
 *   globals_ctx (SEC("syscall")): reads a struct ctx passed with BPF_PROG_TEST_RUN ctx_in,
 *     stores a+b in .bss and returns a*b.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef _Bool bool;

enum color { RED = 1, GREEN = 2, BLUE = 0x7fffffff };

struct point {
	__s32 x;
	__s32 y;
	__u8 flags;
	/* 3 bytes padding */
	__u64 stamp;
};

union word {
	__u64 u64;
	__u32 u32[2];
	__u8 bytes[8];
};

/* ---- .rodata: const volatile, a skeleton may change these before load ---- */
const volatile __s8 ro_s8 = -2;			/* 0xfe */
const volatile __u8 ro_u8 = 0xab;
const volatile __s16 ro_s16 = -300;		/* 0xfed4 */
const volatile __u16 ro_u16 = 0xbeef;
const volatile __s32 ro_s32 = -100000;		/* 0xfffe7960 */
const volatile __u32 ro_u32 = 0xdeadbeef;
const volatile __s64 ro_s64 = -5000000000LL;	/* 0xfffffffed5fa0e00 */
const volatile __u64 ro_u64 = 0x0123456789abcdefULL;
const volatile bool ro_bool = 1;
const volatile char ro_name[16] = "bpfskel";
const volatile enum color ro_color = GREEN;
const volatile struct point ro_point = { .x = -1, .y = 2, .flags = 0x80, .stamp = 0x1122334455667788ULL };
const volatile __u32 ro_table[4] = { 10, 20, 30, 40 };

/* ---- .data: initialised, writable ---- */
__s8 d_s8 = -1;
__u8 d_u8 = 0x7f;
__s16 d_s16 = -2;
__u16 d_u16 = 0x1234;
__s32 d_s32 = -3;
__u32 d_u32 = 0x89abcdef;
__s64 d_s64 = -4;
__u64 d_u64 = 0xfedcba9876543210ULL;
bool d_bool = 1;
char d_str[12] = "hello";
enum color d_color = BLUE;
struct point d_point = { .x = 3, .y = -4, .flags = 1, .stamp = 42 };
union word d_word = { .u64 = 0x0102030405060708ULL };
__u16 d_arr[5] = { 1, 2, 3, 4, 5 };
static __u32 d_static = 77;			/* static global: not exposed by bpftool skeletons */

/* ---- .bss: zero-initialised ---- */
__u64 b_runs;
__s8 b_s8;
__u8 b_u8;
__s16 b_s16;
__u16 b_u16;
__s32 b_s32;
__u32 b_u32;
__s64 b_s64;
__u64 b_u64;
bool b_bool;
char b_name[16];
enum color b_color;
struct point b_point;
union word b_word;
__u32 b_table[4];
__u32 b_static_copy;
__u32 b_foo_copy;
__u32 b_bar_copy;
__u64 b_strncmp_result;
__s64 b_ctx_sum;
__u32 b_func_static_hits;
static __u64 b_static_bss;			/* static, zero-initialised */

/* ---- custom sections: each becomes its own map ---- */
__u32 foo_counter SEC(".data.foo") = 5;
char foo_label[8] SEC(".data.foo") = "foo";
const volatile __u32 bar_limit SEC(".rodata.bar") = 1000;
const volatile __u64 bar_mask SEC(".rodata.bar") = 0xff00ff00ff00ff00ULL;

struct ctx_args {
	__s32 a;
	__s32 b;
};

static __noinline __u32 count_hits(void)
{
	static __u32 hits;	/* static inside a function: .bss, BTF VAR "count_hits.hits", static linkage */

	return ++hits;
}

SEC("syscall")
int globals_run(void *ctx)
{
	char buf[8] = "bpfskel";

	b_runs++;

	b_s8 = ro_s8;
	b_u8 = ro_u8;
	b_s16 = ro_s16;
	b_u16 = ro_u16;
	b_s32 = ro_s32;
	b_u32 = ro_u32;
	b_s64 = ro_s64;
	b_u64 = ro_u64;
	b_bool = ro_bool;
	b_color = ro_color;
	b_point.x = ro_point.x;
	b_point.y = ro_point.y;
	b_point.flags = ro_point.flags;
	b_point.stamp = ro_point.stamp;
	for (int i = 0; i < 4; i++)
		b_table[i] = ro_table[i] + d_arr[i];
	for (int i = 0; i < 16; i++)
		b_name[i] = ro_name[i];

	/* .data is read-modify-write: each run changes it in a visible way */
	d_s8--;
	d_u8++;
	d_s16 -= 2;
	d_u16 += 2;
	d_s32 -= 3;
	d_u32 += 3;
	d_s64 -= 4;
	d_u64 += 4;
	d_bool = !d_bool;
	d_str[0] = 'H';
	d_color = RED;
	d_point.x += 1;
	d_word.bytes[0] ^= 0xff;

	d_static++;
	b_static_copy = d_static;
	b_static_bss += 2;
	b_word.u64 = d_word.u64 + b_static_bss;

	foo_counter++;
	b_foo_copy = foo_counter + foo_label[0];
	b_bar_copy = bar_limit + (__u32)(bar_mask & 0xffff);

	/* string literal used through a pointer: lands in .rodata.str1.1 */
	b_strncmp_result = bpf_strncmp(buf, sizeof(buf), "bpfskel") == 0 ? 1 : 2;

	b_func_static_hits = count_hits();

	/* bpf_printk: static const char ____fmt[] in .rodata */
	bpf_printk("globals_run %llu", b_runs);
	return 0;
}

SEC("syscall")
int globals_ctx(struct ctx_args *args)
{
	b_ctx_sum = (__s64)args->a + args->b;
	return args->a * args->b;
}

char LICENSE[] SEC("license") = "GPL";
