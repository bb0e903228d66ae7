// SPDX-License-Identifier: GPL-2.0
/*
 * externs.bpf.c - every kind of extern libbpf resolves, each observed from BPF and written to .bss.
 *
 * Covers (all externs that might not resolve are __weak, so libbpf and the kernel accept the object):
 *   kfuncs (.ksyms FUNC):
 *     bpf_strlen___new(const char *)        flavor matching the kernel prototype -> resolves
 *     bpf_strlen___old(const char *, int)   flavor with an extra parameter -> proto mismatch, weak: unresolved
 *     bpf_strlen___v2___compat(const char*) essential name is "bpf_strlen___v2" (last separator only) -> not found
 *     bpf_strlen____bar(const char *)       4 underscores: no flavor, looked up literally -> not found
 *     bpf_bpfskel_no_such_kfunc(int)        unknown -> not found
 *     bpf_cpumask_create / bpf_cpumask_release with a forward-declared struct bpf_cpumask ->
 *                                           FWD is not compatible with the kernel STRUCT -> unresolved
 *     bpf_task_from_pid / bpf_task_release  weak, plain names, local struct task_struct -> resolve
 *     bpf_iter_num_new/next/destroy         STRONG, must resolve (open-coded iterator)
 *   typed ksym variable (.ksyms VAR with a type): bpfskel_no_such_var, weak, not in BTF -> 0.
 *     (A typed var that IS in BTF is in ksym_typed.bpf.c: this kernel rejects it, see EXPECTED.md.)
 *   typeless ksyms (extern const void, resolved from /proc/kallsyms):
 *     bpf_prog_fops (weak; a data symbol, absent from kallsyms without CONFIG_KALLSYMS_ALL -> 0)
 *     bpf_prog_put  (strong; a text symbol, always in kallsyms)
 *   kconfig (.kconfig), every kcfg type: bool, tristate (enum libbpf_tristate), char, int of size
 *     2/4/8 signed and unsigned, char arrays (one deliberately too short -> truncated),
 *     LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER, an unknown weak LINUX_*
 *     virtual extern, a "# CONFIG_X is not set" option, and CONFIG_HZ___v2 (kconfig ignores flavors,
 *     so this is looked up literally and stays 0). Strong: CONFIG_BPF_SYSCALL, CONFIG_HZ,
 *     LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE; the rest weak.
 * Programs (all SEC("syscall"), run with BPF_PROG_TEST_RUN, no ctx):
 *   ext_kfuncs   - bpf_ksym_exists() for each kfunc, calls the ones that exist; returns the strlen
 *                  result (15); task_tgid = caller's pid; iter_sum = 45
 *   ext_ksyms    - typed/typeless ksym existence and addresses
 *   ext_kconfig  - copies every kconfig value into .bss
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef _Bool bool;

/* ---------------- kfuncs ---------------- */

extern int bpf_strlen___new(const char *s) __ksym __weak;
extern int bpf_strlen___old(const char *s, int extra) __ksym __weak;
extern int bpf_strlen___v2___compat(const char *s) __ksym __weak;
extern int bpf_strlen____bar(const char *s) __ksym __weak;
extern int bpf_bpfskel_no_such_kfunc(int x) __ksym __weak;

struct bpf_cpumask;	/* forward declaration only: BTF FWD */
extern struct bpf_cpumask *bpf_cpumask_create(void) __ksym __weak;
extern void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym __weak;

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));
extern struct task_struct *bpf_task_from_pid(int pid) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;

/* struct bpf_iter_num comes from linux/bpf.h (UAPI) */
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

/* ---------------- ksym variables ---------------- */

struct bpfskel_missing { int x; };
extern const struct bpfskel_missing bpfskel_no_such_var __ksym __weak;	/* typed, not in BTF */
extern const void bpf_prog_fops __ksym __weak;				/* typeless, data symbol */
extern const void bpf_prog_put __ksym;					/* typeless, text symbol, strong */

/* ---------------- kconfig ---------------- */

/* enum libbpf_tristate { TRI_NO, TRI_YES, TRI_MODULE } comes from bpf/bpf_helpers.h */

extern bool CONFIG_BPF_SYSCALL __kconfig;			/* bool, strong, =y */
extern bool CONFIG_KALLSYMS_ALL __kconfig __weak;		/* bool, "is not set" -> 0 */
extern enum libbpf_tristate CONFIG_BPF_LSM __kconfig __weak;	/* tristate, =y -> TRI_YES */
extern enum libbpf_tristate CONFIG_PREEMPT __kconfig __weak;	/* tristate, "is not set" -> TRI_NO */
extern char CONFIG_BPF_JIT __kconfig __weak;			/* char: raw 'y' */
extern short CONFIG_LOG_BUF_SHIFT __kconfig __weak;		/* s16 */
extern unsigned short CONFIG_NR_CPUS __kconfig __weak;		/* u16 */
extern int CONFIG_HZ __kconfig;					/* s32, strong */
extern unsigned int CONFIG_DEFAULT_MMAP_MIN_ADDR __kconfig __weak;	/* u32 */
extern long long CONFIG_PHYSICAL_ALIGN __kconfig __weak;	/* s64, hex in .config */
extern unsigned long long CONFIG_ILLEGAL_POINTER_VALUE __kconfig __weak; /* u64, > INT64_MAX */
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;		/* char array, quoted string */
extern char CONFIG_DEFAULT_HOSTNAME[4] __kconfig __weak;	/* char array too short: truncated */
extern unsigned long long CONFIG_HZ___v2 __kconfig __weak;	/* no flavors for kconfig: unknown -> 0 */
extern unsigned int LINUX_KERNEL_VERSION __kconfig;		/* virtual, strong */
extern bool LINUX_HAS_BPF_COOKIE __kconfig;			/* virtual, strong */
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig __weak;		/* virtual, weak */
extern int LINUX_BPFSKEL_UNKNOWN __kconfig __weak;		/* unknown virtual, weak -> 0 */

/* ---------------- inputs and results ---------------- */

const volatile char msg[32] = "bpfskel externs";	/* strlen 15 */

/* kfunc existence (bpf_ksym_exists) and results */
__u32 has_strlen_new, has_strlen_old, has_strlen_v2_compat, has_strlen_4us, has_no_such_kfunc;
__u32 has_cpumask_create, has_cpumask_release, has_task_from_pid, has_task_release;
__s32 strlen_result = -1;	/* from whichever bpf_strlen flavor ran, -1 if none */
__u32 strlen_branch;		/* 1 = ___new, 2 = ___old, 3 = ___v2___compat, 4 = ____bar, 5 = none */
__s32 task_tgid = -1;		/* tgid of bpf_task_from_pid(current tgid): the caller's process id */
__s32 iter_sum = -1;		/* 0+1+...+9 = 45 through bpf_iter_num */
__u32 cpumask_ran, unknown_ran;

/* ksyms */
__u32 has_no_such_var, has_prog_fops;
__u64 addr_prog_fops, addr_prog_put;

/* kconfig copies */
__u32 kc_bpf_syscall, kc_kallsyms_all, kc_bpf_lsm, kc_preempt;
__s32 kc_bpf_jit;
__s64 kc_log_buf_shift;
__u64 kc_nr_cpus;
__s64 kc_hz;
__u64 kc_mmap_min_addr;
__s64 kc_physical_align;
__u64 kc_illegal_pointer;
char kc_localversion[16];
char kc_hostname[4];
__u64 kc_hz_v2;
__u32 kc_hz_v2_exists;		/* bpf_ksym_exists(&CONFIG_HZ___v2): always 1 (kconfig slots always exist) */
__u32 kc_kernel_version;
__u32 kc_has_bpf_cookie, kc_has_syscall_wrapper;
__s32 kc_unknown_virtual = -1;

SEC("syscall")
int ext_kfuncs(void *ctx)
{
	has_strlen_new = bpf_ksym_exists(bpf_strlen___new);
	has_strlen_old = bpf_ksym_exists(bpf_strlen___old);
	has_strlen_v2_compat = bpf_ksym_exists(bpf_strlen___v2___compat);
	has_strlen_4us = bpf_ksym_exists(bpf_strlen____bar);
	has_no_such_kfunc = bpf_ksym_exists(bpf_bpfskel_no_such_kfunc);
	has_cpumask_create = bpf_ksym_exists(bpf_cpumask_create);
	has_cpumask_release = bpf_ksym_exists(bpf_cpumask_release);
	has_task_from_pid = bpf_ksym_exists(bpf_task_from_pid);
	has_task_release = bpf_ksym_exists(bpf_task_release);

	if (bpf_ksym_exists(bpf_strlen___new)) {
		strlen_result = bpf_strlen___new((const char *)msg);
		strlen_branch = 1;
	} else if (bpf_ksym_exists(bpf_strlen___old)) {
		strlen_result = bpf_strlen___old((const char *)msg, 0);
		strlen_branch = 2;
	} else if (bpf_ksym_exists(bpf_strlen___v2___compat)) {
		strlen_result = bpf_strlen___v2___compat((const char *)msg);
		strlen_branch = 3;
	} else if (bpf_ksym_exists(bpf_strlen____bar)) {
		strlen_result = bpf_strlen____bar((const char *)msg);
		strlen_branch = 4;
	} else {
		strlen_branch = 5;
	}

	if (bpf_ksym_exists(bpf_bpfskel_no_such_kfunc))
		unknown_ran = bpf_bpfskel_no_such_kfunc(1) + 1;

	if (bpf_ksym_exists(bpf_cpumask_create) && bpf_ksym_exists(bpf_cpumask_release)) {
		struct bpf_cpumask *m = bpf_cpumask_create();

		if (m) {
			cpumask_ran = 1;
			bpf_cpumask_release(m);
		}
	}

	if (bpf_ksym_exists(bpf_task_from_pid) && bpf_ksym_exists(bpf_task_release)) {
		int me = bpf_get_current_pid_tgid() >> 32;
		struct task_struct *t = bpf_task_from_pid(me);

		if (t) {
			task_tgid = t->tgid;	/* CO-RE relocated field offset */
			bpf_task_release(t);
		}
	}

	/* strong kfuncs: open-coded numeric iterator */
	struct bpf_iter_num it;
	int *v, sum = 0;

	bpf_iter_num_new(&it, 0, 10);
	while ((v = bpf_iter_num_next(&it)))
		sum += *v;
	bpf_iter_num_destroy(&it);
	iter_sum = sum;

	return strlen_result;
}

SEC("syscall")
int ext_ksyms(void *ctx)
{
	has_no_such_var = bpf_ksym_exists(&bpfskel_no_such_var);
	has_prog_fops = bpf_ksym_exists(&bpf_prog_fops);
	addr_prog_fops = (__u64)&bpf_prog_fops;
	addr_prog_put = (__u64)&bpf_prog_put;
	return 0;
}

SEC("syscall")
int ext_kconfig(void *ctx)
{
	kc_bpf_syscall = CONFIG_BPF_SYSCALL;
	kc_kallsyms_all = CONFIG_KALLSYMS_ALL;
	kc_bpf_lsm = CONFIG_BPF_LSM;
	kc_preempt = CONFIG_PREEMPT;
	kc_bpf_jit = CONFIG_BPF_JIT;
	kc_log_buf_shift = CONFIG_LOG_BUF_SHIFT;
	kc_nr_cpus = CONFIG_NR_CPUS;
	kc_hz = CONFIG_HZ;
	kc_mmap_min_addr = CONFIG_DEFAULT_MMAP_MIN_ADDR;
	kc_physical_align = CONFIG_PHYSICAL_ALIGN;
	kc_illegal_pointer = CONFIG_ILLEGAL_POINTER_VALUE;
	for (int i = 0; i < 16; i++)
		kc_localversion[i] = CONFIG_LOCALVERSION[i];
	for (int i = 0; i < 4; i++)
		kc_hostname[i] = CONFIG_DEFAULT_HOSTNAME[i];
	kc_hz_v2 = CONFIG_HZ___v2;
	kc_hz_v2_exists = bpf_ksym_exists(&CONFIG_HZ___v2);
	kc_kernel_version = LINUX_KERNEL_VERSION;
	kc_has_bpf_cookie = LINUX_HAS_BPF_COOKIE;
	kc_has_syscall_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	kc_unknown_virtual = LINUX_BPFSKEL_UNKNOWN;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
