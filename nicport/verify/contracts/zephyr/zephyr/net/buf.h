/* L0 contract (nicport): Zephyr <zephyr/net/buf.h> subset -- Network Buffers (net_buf). */
#ifndef NICPORT_ZEPHYR_NET_BUF_H_
#define NICPORT_ZEPHYR_NET_BUF_H_
#include <stdint.h>
struct net_buf {
	struct net_buf	*frags;		/* next fragment */
	uint8_t		*data;		/* start of the data */
	uint16_t	len;		/* bytes of data */
	uint16_t	size;		/* bytes of buffer */
};
#endif
