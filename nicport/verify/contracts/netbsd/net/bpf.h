/* L0 contract (nicport): NetBSD <net/bpf.h> subset -- bpf(4) driver side. */
#ifndef _NICPORT_NBSD_NET_BPF_H_
#define _NICPORT_NBSD_NET_BPF_H_
struct ifnet;
struct mbuf;
typedef enum { BPF_D_IN, BPF_D_INOUT, BPF_D_OUT } bpf_direction_t;
void	bpf_mtap(struct ifnet *, struct mbuf *, bpf_direction_t);
#endif
