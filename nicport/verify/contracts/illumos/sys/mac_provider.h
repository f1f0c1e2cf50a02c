/* L0 contract (nicport): illumos <sys/mac_provider.h> subset -- mac(9E), mac_callbacks(9S),
 * mac_register(9S), mac_register(9F), mac_rx(9F), mac_tx_update(9F), mac_link_update(9F),
 * mac_hcksum_get(9F), mac_capab_hcksum, mac_init_ops(9F). */
#ifndef _NICPORT_ILLUMOS_SYS_MAC_PROVIDER_H
#define	_NICPORT_ILLUMOS_SYS_MAC_PROVIDER_H
#include <sys/types.h>
#include <sys/conf.h>
#include <sys/stream.h>

typedef struct mac_handle	*mac_handle_t;
typedef struct mac_resource_handle *mac_resource_handle_t;
typedef uint32_t mac_capab_t;
#define	MAC_CAPAB_HCKSUM	0x00000001
#define	MAC_CAPAB_LSO		0x00000008
#define	MAC_CAPAB_RINGS		0x00000100
#define	HCKSUM_INET_PARTIAL	0x01
#define	HCKSUM_INET_FULL_V4	0x02
#define	HCKSUM_INET_FULL_V6	0x04
#define	HCKSUM_IPHDRCKSUM	0x10
#define	HCK_IPV4_HDRCKSUM	0x01
#define	HCK_PARTIALCKSUM	0x02
#define	HCK_FULLCKSUM		0x04
#define	HCK_FULLCKSUM_OK	0x08
#define	HCK_IPV4_HDRCKSUM_OK	0x10

typedef enum { LINK_STATE_UNKNOWN = -1, LINK_STATE_DOWN = 0, LINK_STATE_UP = 1 } link_state_t;

/* mac(9E) entry points and mac_callbacks(9S) */
typedef int	(*mac_getstat_t)(void *, uint_t, uint64_t *);
typedef int	(*mac_start_t)(void *);
typedef void	(*mac_stop_t)(void *);
typedef int	(*mac_setpromisc_t)(void *, boolean_t);
typedef int	(*mac_multicst_t)(void *, boolean_t, const uint8_t *);
typedef int	(*mac_unicst_t)(void *, const uint8_t *);
typedef mblk_t	*(*mac_tx_t)(void *, mblk_t *);
typedef boolean_t (*mac_getcapab_t)(void *, mac_capab_t, void *);
typedef struct mac_callbacks {
	uint_t		mc_callbacks;
	mac_getstat_t	mc_getstat;
	mac_start_t	mc_start;
	mac_stop_t	mc_stop;
	mac_setpromisc_t mc_setpromisc;
	mac_multicst_t	mc_multicst;
	mac_unicst_t	mc_unicst;
	mac_tx_t	mc_tx;
	void		*mc_reserved;
	void		*mc_ioctl;
	mac_getcapab_t	mc_getcapab;
	void		*mc_open;
	void		*mc_close;
	void		*mc_setprop;
	void		*mc_getprop;
	void		*mc_propinfo;
} mac_callbacks_t;
#define	MC_GETCAPAB	0x0004

#define	MAC_VERSION	0x2
#define	MAC_PLUGIN_IDENT_ETHER	"mac_ether"
typedef struct mac_register {
	uint_t		m_version;
	const char	*m_type_ident;
	void		*m_driver;
	dev_info_t	*m_dip;
	uint_t		m_instance;
	uint8_t		*m_src_addr;
	uint8_t		*m_dst_addr;
	mac_callbacks_t	*m_callbacks;
	uint_t		m_min_sdu;
	uint_t		m_max_sdu;
	void		*m_pdata;
	size_t		m_pdata_size;
	uint32_t	m_margin;
} mac_register_t;

mac_register_t	*mac_alloc(uint_t);
void		mac_free(mac_register_t *);
int		mac_register(mac_register_t *, mac_handle_t *);
int		mac_unregister(mac_handle_t);
void		mac_rx(mac_handle_t, mac_resource_handle_t, mblk_t *);
void		mac_tx_update(mac_handle_t);
void		mac_link_update(mac_handle_t, link_state_t);
void		mac_hcksum_get(const mblk_t *, uint32_t *, uint32_t *, uint32_t *,
		    uint32_t *, uint32_t *);
void		mac_hcksum_set(mblk_t *, uint32_t, uint32_t, uint32_t, uint32_t,
		    uint32_t);
void		mac_init_ops(struct dev_ops *, const char *);
void		mac_fini_ops(struct dev_ops *);

/* mac(9E) statistics (MAC_STAT_*) */
#define	MAC_STAT_IFSPEED	1000
#define	MAC_STAT_IERRORS	1007
#define	MAC_STAT_OERRORS	1009
#define	MAC_STAT_RBYTES		1011
#define	MAC_STAT_IPACKETS	1012
#define	MAC_STAT_OBYTES		1013
#define	MAC_STAT_OPACKETS	1014
#endif
