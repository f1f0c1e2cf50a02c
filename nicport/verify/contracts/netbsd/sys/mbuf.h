/* L0 contract (nicport): NetBSD <sys/mbuf.h> subset -- mbuf(9).  Members are
 * the documented access names (the real header reaches them through macros). */
#ifndef _NICPORT_NBSD_SYS_MBUF_H_
#define _NICPORT_NBSD_SYS_MBUF_H_
#include <sys/types.h>
struct ifnet;
struct pkthdr {
	int		len;		/* total packet length */
	int		csum_flags;	/* M_CSUM_* */
	uint32_t	csum_data;
	u_int		segsz;		/* TSO segment size */
	uint16_t	ether_vtag;
};
struct mbuf {
	struct mbuf	*m_next;
	char		*m_data;
	int		 m_len;
	int		 m_flags;
	struct pkthdr	 m_pkthdr;
};
#define M_PKTHDR	0x00000002
#define M_EXT		0x00000001
#define M_DONTWAIT	0
#define M_WAIT		1
#define MT_DATA		1
#define mtod(m, t)	((t)((m)->m_data))
/* M_CSUM_* (mbuf(9), "Checksum offload") */
#define M_CSUM_TCPv4		0x00000001
#define M_CSUM_UDPv4		0x00000002
#define M_CSUM_TCP_UDP_BAD	0x00000004
#define M_CSUM_DATA		0x00000008
#define M_CSUM_TCPv6		0x00000010
#define M_CSUM_UDPv6		0x00000020
#define M_CSUM_IPv4		0x00000040
#define M_CSUM_IPv4_BAD		0x00000080
#define M_CSUM_TSOv4		0x00000100
#define M_CSUM_TSOv6		0x00000200
struct mbuf	*m_gethdr(int, int);
void		 m_clget(struct mbuf *, int);
#define MCLGET(m, how)	m_clget((m), (how))
void		 m_freem(struct mbuf *);
struct mbuf	*m_defrag(struct mbuf *, int);
void		 m_set_rcvif(struct mbuf *, const struct ifnet *);
#endif
