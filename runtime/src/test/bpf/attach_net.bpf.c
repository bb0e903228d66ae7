// SPDX-License-Identifier: GPL-2.0
/*
 * attach_net.bpf.c - networking programs for the attach tests (io.bpfskel.link). None of them can
 * auto-attach: each needs an interface, a cgroup, a socket or a network namespace.
 *
 *   count_xdp (xdp): every packet in xdp_packets, IPv4 UDP to port 4242 (IP header without
 *     options) in xdp_udp_4242.
 *   count_tcx_ingress / count_tcx_egress (tcx/ingress, tcx/egress): packets, passed on (TCX_NEXT).
 *   count_cgroup_egress (cgroup_skb/egress): packets sent by sockets of the cgroup, allowed.
 *   count_sock_create (cgroup/sock_create), count_connect4 (cgroup/connect4), count_sysctl
 *     (cgroup/sysctl), count_dev (cgroup/dev): sockets created, IPv4 connects, sysctl accesses and
 *     device accesses by processes of the cgroup, all allowed.
 *   count_socket (socket): packets and the last length seen by the socket, accepted whole.
 *   count_lookup (sk_lookup): lookups for local port lookup_port, passed on (SK_PASS).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 xdp_packets;
__u64 xdp_udp_4242;
__u64 tcx_ingress_packets;
__u64 tcx_egress_packets;
__u64 cgroup_egress_packets;
__u64 cgroup_sock_creates;
__u64 cgroup_connects;
__u64 cgroup_sysctls;
__u64 cgroup_devs;
__u64 socket_packets;
__u64 socket_last_len;
__u32 lookup_port;
__u64 lookup_hits;

SEC("xdp")
int count_xdp(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;
	unsigned char *end = (unsigned char *)(long)ctx->data_end;

	__sync_fetch_and_add(&xdp_packets, 1);
	/* Ethernet (14) + IPv4 without options (20) + UDP ports (4); bytes compared, so no byte order. */
	if (data + 38 > end)
		return XDP_PASS;
	if (data[12] == 0x08 && data[13] == 0x00 && data[14] == 0x45 && data[23] == 17 &&
	    data[36] == 0x10 && data[37] == 0x92)
		__sync_fetch_and_add(&xdp_udp_4242, 1);
	return XDP_PASS;
}

SEC("tcx/ingress")
int count_tcx_ingress(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&tcx_ingress_packets, 1);
	return TCX_NEXT;
}

SEC("tcx/egress")
int count_tcx_egress(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&tcx_egress_packets, 1);
	return TCX_NEXT;
}

SEC("cgroup_skb/egress")
int count_cgroup_egress(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&cgroup_egress_packets, 1);
	return 1;
}

SEC("cgroup/sock_create")
int count_sock_create(struct bpf_sock *sk)
{
	__sync_fetch_and_add(&cgroup_sock_creates, 1);
	return 1;
}

SEC("cgroup/connect4")
int count_connect4(struct bpf_sock_addr *ctx)
{
	__sync_fetch_and_add(&cgroup_connects, 1);
	return 1;
}

SEC("cgroup/sysctl")
int count_sysctl(struct bpf_sysctl *ctx)
{
	__sync_fetch_and_add(&cgroup_sysctls, 1);
	return 1;
}

SEC("cgroup/dev")
int count_dev(struct bpf_cgroup_dev_ctx *ctx)
{
	__sync_fetch_and_add(&cgroup_devs, 1);
	return 1;
}

SEC("socket")
int count_socket(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&socket_packets, 1);
	socket_last_len = skb->len;
	return skb->len;
}

SEC("sk_lookup")
int count_lookup(struct bpf_sk_lookup *ctx)
{
	if (ctx->local_port == lookup_port)
		__sync_fetch_and_add(&lookup_hits, 1);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
