/*
 * L0/L1 contract header -- declarations only, written by nicport; NOT
 * FreeBSD's generated file.  A kernel build makes ifdi_if.h from
 * sys/net/ifdi_if.m (makeobjops.awk); ziglang's FreeBSD 14 headers do not
 * ship it.  One kobj(9) descriptor and one <method>_t typedef per METHOD of
 * INTERFACE ifdi, with the argument lists ifdi_if.m declares (FreeBSD 14,
 * sys/net/ifdi_if.m).  In the real header the IFDI_*() dispatchers are
 * static inline kobj lookups; here they are prototypes.
 *
 * Include after <net/iflib.h> (if_ctx_t, if_int_delay_info_t,
 * enum iflib_restart_event) and <net/if.h> (ift_counter), as iflib drivers do.
 */
#ifndef _NICPORT_CONTRACT_IFDI_IF_H_
#define _NICPORT_CONTRACT_IFDI_IF_H_

struct knote;
struct if_clone;
struct ifmediareq;
struct ifi2creq;

extern struct kobjop_desc ifdi_knlist_add_desc;
typedef int ifdi_knlist_add_t(if_ctx_t _ctx, struct knote *_kn);
int	IFDI_KNLIST_ADD(if_ctx_t _ctx, struct knote *_kn);

extern struct kobjop_desc ifdi_knote_event_desc;
typedef int ifdi_knote_event_t(if_ctx_t _ctx, struct knote *_kn, int hint);
int	IFDI_KNOTE_EVENT(if_ctx_t _ctx, struct knote *_kn, int hint);

extern struct kobjop_desc ifdi_object_info_get_desc;
typedef int ifdi_object_info_get_t(if_ctx_t _ctx, void *data, int size);
int	IFDI_OBJECT_INFO_GET(if_ctx_t _ctx, void *data, int size);

extern struct kobjop_desc ifdi_attach_pre_desc;
typedef int ifdi_attach_pre_t(if_ctx_t _ctx);
int	IFDI_ATTACH_PRE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_attach_post_desc;
typedef int ifdi_attach_post_t(if_ctx_t _ctx);
int	IFDI_ATTACH_POST(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_reinit_pre_desc;
typedef int ifdi_reinit_pre_t(if_ctx_t _ctx);
int	IFDI_REINIT_PRE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_reinit_post_desc;
typedef int ifdi_reinit_post_t(if_ctx_t _ctx);
int	IFDI_REINIT_POST(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_cloneattach_desc;
typedef int ifdi_cloneattach_t(if_ctx_t _ctx, struct if_clone *_ifc, const char *_name, caddr_t params);
int	IFDI_CLONEATTACH(if_ctx_t _ctx, struct if_clone *_ifc, const char *_name, caddr_t params);

extern struct kobjop_desc ifdi_detach_desc;
typedef int ifdi_detach_t(if_ctx_t _ctx);
int	IFDI_DETACH(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_suspend_desc;
typedef int ifdi_suspend_t(if_ctx_t _ctx);
int	IFDI_SUSPEND(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_shutdown_desc;
typedef int ifdi_shutdown_t(if_ctx_t _ctx);
int	IFDI_SHUTDOWN(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_resume_desc;
typedef int ifdi_resume_t(if_ctx_t _ctx);
int	IFDI_RESUME(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_tx_queues_alloc_desc;
typedef int ifdi_tx_queues_alloc_t(if_ctx_t _ctx, caddr_t *_vaddrs, uint64_t *_paddrs, int ntxqs, int ntxqsets);
int	IFDI_TX_QUEUES_ALLOC(if_ctx_t _ctx, caddr_t *_vaddrs, uint64_t *_paddrs, int ntxqs, int ntxqsets);

extern struct kobjop_desc ifdi_rx_queues_alloc_desc;
typedef int ifdi_rx_queues_alloc_t(if_ctx_t _ctx, caddr_t *_vaddrs, uint64_t *_paddrs, int nrxqs, int nrxqsets);
int	IFDI_RX_QUEUES_ALLOC(if_ctx_t _ctx, caddr_t *_vaddrs, uint64_t *_paddrs, int nrxqs, int nrxqsets);

extern struct kobjop_desc ifdi_queues_free_desc;
typedef void ifdi_queues_free_t(if_ctx_t _ctx);
void	IFDI_QUEUES_FREE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_rx_clset_desc;
typedef void ifdi_rx_clset_t(if_ctx_t _ctx, uint16_t _fl, uint16_t _qsetid, caddr_t *_sdcl);
void	IFDI_RX_CLSET(if_ctx_t _ctx, uint16_t _fl, uint16_t _qsetid, caddr_t *_sdcl);

extern struct kobjop_desc ifdi_init_desc;
typedef void ifdi_init_t(if_ctx_t _ctx);
void	IFDI_INIT(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_stop_desc;
typedef void ifdi_stop_t(if_ctx_t _ctx);
void	IFDI_STOP(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_msix_intr_assign_desc;
typedef int ifdi_msix_intr_assign_t(if_ctx_t _sctx, int msix);
int	IFDI_MSIX_INTR_ASSIGN(if_ctx_t _sctx, int msix);

extern struct kobjop_desc ifdi_intr_enable_desc;
typedef void ifdi_intr_enable_t(if_ctx_t _ctx);
void	IFDI_INTR_ENABLE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_intr_disable_desc;
typedef void ifdi_intr_disable_t(if_ctx_t _ctx);
void	IFDI_INTR_DISABLE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_rx_queue_intr_enable_desc;
typedef int ifdi_rx_queue_intr_enable_t(if_ctx_t _ctx, uint16_t _qid);
int	IFDI_RX_QUEUE_INTR_ENABLE(if_ctx_t _ctx, uint16_t _qid);

extern struct kobjop_desc ifdi_tx_queue_intr_enable_desc;
typedef int ifdi_tx_queue_intr_enable_t(if_ctx_t _ctx, uint16_t _qid);
int	IFDI_TX_QUEUE_INTR_ENABLE(if_ctx_t _ctx, uint16_t _qid);

extern struct kobjop_desc ifdi_link_intr_enable_desc;
typedef void ifdi_link_intr_enable_t(if_ctx_t _ctx);
void	IFDI_LINK_INTR_ENABLE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_multi_set_desc;
typedef void ifdi_multi_set_t(if_ctx_t _ctx);
void	IFDI_MULTI_SET(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_mtu_set_desc;
typedef int ifdi_mtu_set_t(if_ctx_t _ctx, uint32_t _mtu);
int	IFDI_MTU_SET(if_ctx_t _ctx, uint32_t _mtu);

extern struct kobjop_desc ifdi_mac_set_desc;
typedef int ifdi_mac_set_t(if_ctx_t _ctx, const uint8_t *_mac);
int	IFDI_MAC_SET(if_ctx_t _ctx, const uint8_t *_mac);

extern struct kobjop_desc ifdi_media_set_desc;
typedef void ifdi_media_set_t(if_ctx_t _ctx);
void	IFDI_MEDIA_SET(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_promisc_set_desc;
typedef int ifdi_promisc_set_t(if_ctx_t _ctx, int _flags);
int	IFDI_PROMISC_SET(if_ctx_t _ctx, int _flags);

extern struct kobjop_desc ifdi_crcstrip_set_desc;
typedef void ifdi_crcstrip_set_t(if_ctx_t _ctx, int _onoff, int _strip);
void	IFDI_CRCSTRIP_SET(if_ctx_t _ctx, int _onoff, int _strip);

extern struct kobjop_desc ifdi_vflr_handle_desc;
typedef void ifdi_vflr_handle_t(if_ctx_t _ctx);
void	IFDI_VFLR_HANDLE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_iov_init_desc;
typedef int ifdi_iov_init_t(if_ctx_t _ctx, uint16_t num_vfs, const nvlist_t *params);
int	IFDI_IOV_INIT(if_ctx_t _ctx, uint16_t num_vfs, const nvlist_t *params);

extern struct kobjop_desc ifdi_iov_uninit_desc;
typedef void ifdi_iov_uninit_t(if_ctx_t _ctx);
void	IFDI_IOV_UNINIT(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_iov_vf_add_desc;
typedef int ifdi_iov_vf_add_t(if_ctx_t _ctx, uint16_t num_vfs, const nvlist_t *params);
int	IFDI_IOV_VF_ADD(if_ctx_t _ctx, uint16_t num_vfs, const nvlist_t *params);

extern struct kobjop_desc ifdi_update_admin_status_desc;
typedef void ifdi_update_admin_status_t(if_ctx_t _ctx);
void	IFDI_UPDATE_ADMIN_STATUS(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_media_status_desc;
typedef void ifdi_media_status_t(if_ctx_t _ctx, struct ifmediareq *_ifm);
void	IFDI_MEDIA_STATUS(if_ctx_t _ctx, struct ifmediareq *_ifm);

extern struct kobjop_desc ifdi_media_change_desc;
typedef int ifdi_media_change_t(if_ctx_t _ctx);
int	IFDI_MEDIA_CHANGE(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_get_counter_desc;
typedef uint64_t ifdi_get_counter_t(if_ctx_t _ctx, ift_counter cnt);
uint64_t	IFDI_GET_COUNTER(if_ctx_t _ctx, ift_counter cnt);

extern struct kobjop_desc ifdi_priv_ioctl_desc;
typedef int ifdi_priv_ioctl_t(if_ctx_t _ctx, u_long _cmd, caddr_t _data);
int	IFDI_PRIV_IOCTL(if_ctx_t _ctx, u_long _cmd, caddr_t _data);

extern struct kobjop_desc ifdi_i2c_req_desc;
typedef int ifdi_i2c_req_t(if_ctx_t _ctx, struct ifi2creq *_req);
int	IFDI_I2C_REQ(if_ctx_t _ctx, struct ifi2creq *_req);

extern struct kobjop_desc ifdi_txq_setup_desc;
typedef int ifdi_txq_setup_t(if_ctx_t _ctx, uint32_t _txqid);
int	IFDI_TXQ_SETUP(if_ctx_t _ctx, uint32_t _txqid);

extern struct kobjop_desc ifdi_rxq_setup_desc;
typedef int ifdi_rxq_setup_t(if_ctx_t _ctx, uint32_t _txqid);
int	IFDI_RXQ_SETUP(if_ctx_t _ctx, uint32_t _txqid);

extern struct kobjop_desc ifdi_timer_desc;
typedef void ifdi_timer_t(if_ctx_t _ctx, uint16_t _txqid);
void	IFDI_TIMER(if_ctx_t _ctx, uint16_t _txqid);

extern struct kobjop_desc ifdi_watchdog_reset_desc;
typedef void ifdi_watchdog_reset_t(if_ctx_t _ctx);
void	IFDI_WATCHDOG_RESET(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_watchdog_reset_queue_desc;
typedef void ifdi_watchdog_reset_queue_t(if_ctx_t _ctx, uint16_t _q);
void	IFDI_WATCHDOG_RESET_QUEUE(if_ctx_t _ctx, uint16_t _q);

extern struct kobjop_desc ifdi_led_func_desc;
typedef void ifdi_led_func_t(if_ctx_t _ctx, int _onoff);
void	IFDI_LED_FUNC(if_ctx_t _ctx, int _onoff);

extern struct kobjop_desc ifdi_vlan_register_desc;
typedef void ifdi_vlan_register_t(if_ctx_t _ctx, uint16_t _vtag);
void	IFDI_VLAN_REGISTER(if_ctx_t _ctx, uint16_t _vtag);

extern struct kobjop_desc ifdi_vlan_unregister_desc;
typedef void ifdi_vlan_unregister_t(if_ctx_t _ctx, uint16_t _vtag);
void	IFDI_VLAN_UNREGISTER(if_ctx_t _ctx, uint16_t _vtag);

extern struct kobjop_desc ifdi_sysctl_int_delay_desc;
typedef int ifdi_sysctl_int_delay_t(if_ctx_t _sctx, if_int_delay_info_t _iidi);
int	IFDI_SYSCTL_INT_DELAY(if_ctx_t _sctx, if_int_delay_info_t _iidi);

extern struct kobjop_desc ifdi_debug_desc;
typedef void ifdi_debug_t(if_ctx_t _ctx);
void	IFDI_DEBUG(if_ctx_t _ctx);

extern struct kobjop_desc ifdi_needs_restart_desc;
typedef bool ifdi_needs_restart_t(if_ctx_t _ctx, enum iflib_restart_event _event);
bool	IFDI_NEEDS_RESTART(if_ctx_t _ctx, enum iflib_restart_event _event);

#endif /* _NICPORT_CONTRACT_IFDI_IF_H_ */
