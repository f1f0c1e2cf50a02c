/* L0 contract (nicport): Zephyr <zephyr/irq.h> -- irq_connect_dynamic(), irq_enable(). */
#ifndef NICPORT_ZEPHYR_IRQ_H_
#define NICPORT_ZEPHYR_IRQ_H_
#include <stdint.h>
int	irq_connect_dynamic(unsigned int irq, unsigned int priority,
	    void (*routine)(const void *parameter), const void *parameter, uint32_t flags);
void	irq_enable(unsigned int irq);
void	irq_disable(unsigned int irq);
#endif
