// SPDX-License-Identifier: GPL-2.0
/*
 * usdt_v2.bpf.c - the USDT spec layout of libbpf >= 1.7's usdt.bpf.h (24-byte argument records with the SIB index
 * register and scale; 304-byte specs), declared here with the same bitfields because the installed libbpf (1.4)
 * has the older header. A small reader in the same manner as bpf_usdt_arg() checks that bpfskel writes this layout
 * and that base+index*scale arguments read what the traced binary passed (io.bpfskel.link.UsdtAttachTest).
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

enum arg_type { ARG_CONST, ARG_REG, ARG_REG_DEREF, ARG_SIB };

struct __bpf_usdt_arg_spec {
	__u64 val_off;
	enum arg_type arg_type: 8;
	__u16 idx_reg_off: 12;
	__u16 scale_bitshift: 4;
	__u8 __reserved: 8;
	short reg_off;
	bool arg_signed;
	char arg_bitshift;
};

#define MAX_ARGS 12

struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[MAX_ARGS];
	__u64 usdt_cookie;
	short arg_cnt;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps");

#define SLOTS 8

struct rec {
	__s64 hits;
	__s64 cnt;
	__s64 args[4];
};

struct rec recs[SLOTS];

static __always_inline long read_arg(struct pt_regs *ctx, struct __bpf_usdt_arg_spec *a, long *res)
{
	unsigned long val = 0, idx = 0;
	long err;

	switch (a->arg_type) {
	case ARG_CONST:
		val = a->val_off;
		break;
	case ARG_REG:
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + a->reg_off);
		if (err)
			return err;
		break;
	case ARG_REG_DEREF:
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + a->reg_off);
		if (err)
			return err;
		err = bpf_probe_read_user(&val, sizeof(val), (void *)val + a->val_off);
		if (err)
			return err;
		break;
	case ARG_SIB:
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + a->reg_off);
		if (err)
			return err;
		err = bpf_probe_read_kernel(&idx, sizeof(idx), (void *)ctx + a->idx_reg_off);
		if (err)
			return err;
		err = bpf_probe_read_user(&val, sizeof(val), (void *)(val + (idx << a->scale_bitshift) + a->val_off));
		if (err)
			return err;
		break;
	default:
		return -1;
	}
	val <<= a->arg_bitshift;
	*res = a->arg_signed ? (long)val >> a->arg_bitshift : (long)(val >> a->arg_bitshift);
	return 0;
}

SEC("usdt")
int on_usdt_v2(struct pt_regs *ctx)
{
	int id = bpf_get_attach_cookie(ctx);
	struct __bpf_usdt_spec *s = bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	struct rec *r;
	__u64 slot;

	if (!s)
		return 0;
	slot = s->usdt_cookie;
	if (slot >= SLOTS)
		return 0;
	r = &recs[slot];
	__sync_fetch_and_add(&r->hits, 1);
	r->cnt = s->arg_cnt;
	for (int i = 0; i < 4; i++) {
		long v = 0x7eadbeef;

		if (i < s->arg_cnt)
			read_arg(ctx, &s->args[i], &v);
		r->args[i] = v;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
