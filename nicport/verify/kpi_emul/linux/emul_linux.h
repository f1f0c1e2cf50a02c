/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_LINUX_H
#define NICPORT_EMUL_LINUX_H
extern struct net_device *emu_netdev;
extern long emu_dma_maps;
struct sk_buff *emu_skb_alloc(unsigned int size);
void emu_devm_release(void);
void emu_set_irq_types(unsigned int t);
void emu_service(void);
void emu_bql_check(struct netdev_queue *q);
#endif
