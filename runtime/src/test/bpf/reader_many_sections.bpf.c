// SPDX-License-Identifier: GPL-2.0
/*
 * Reader edge cases: many program sections (each with its own relocation section), many symbols and
 * relocations of several kinds (map loads, global data loads, subprogram calls, .BTF/.BTF.ext references).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

__u64 totals[64];
const volatile __u32 scale = 3;
static __u64 seen;

static __noinline __u64 bump(__u32 slot, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&hits, &slot);

	if (v)
		__sync_fetch_and_add(v, by);
	seen += by;
	return seen;
}

#define PROG(n)                                                                \
	SEC("kprobe/fn_" #n)                                                   \
	int prog_##n(void *ctx)                                                \
	{                                                                      \
		totals[(n) & 63] += bump((n) & 63, scale * (n));               \
		return 0;                                                      \
	}

#define PROG8(n) PROG(n##0) PROG(n##1) PROG(n##2) PROG(n##3) PROG(n##4) PROG(n##5) PROG(n##6) PROG(n##7)

PROG8(1) PROG8(2) PROG8(3) PROG8(4) PROG8(5) PROG8(6) PROG8(7) PROG8(8)
PROG8(9) PROG8(10) PROG8(11) PROG8(12) PROG8(13) PROG8(14) PROG8(15) PROG8(16)

char LICENSE[] SEC("license") = "GPL";
