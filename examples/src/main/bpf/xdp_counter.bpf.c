// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_counter.bpf.c - packets and bytes per protocol, counted by XDP as they arrive on an interface.
 *
 * Slot in the per-CPU array `counts`: IPv4 protocol p -> p, IPv6 next header p -> 256 + p, anything
 * else (ARP, ...) -> 512. Each CPU counts in its own copy, no atomics; Java sums the copies.
 * Every packet is passed on (XDP_PASS).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SLOT_IPV6 256
#define SLOT_OTHER 512

struct counter {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SLOT_OTHER + 1);
	__type(key, __u32);
	__type(value, struct counter);
} counts SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 slot = SLOT_OTHER;
	struct counter *c;

	if ((void *)(eth + 1) <= end) {
		if (eth->h_proto == bpf_htons(ETH_P_IP)) {
			struct iphdr *ip = (void *)(eth + 1);

			if ((void *)(ip + 1) <= end)
				slot = ip->protocol;
		} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
			struct ipv6hdr *ip6 = (void *)(eth + 1);

			if ((void *)(ip6 + 1) <= end)
				slot = SLOT_IPV6 + ip6->nexthdr;
		}
	}
	c = bpf_map_lookup_elem(&counts, &slot);
	if (c) {
		c->packets++;
		c->bytes += end - data;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
