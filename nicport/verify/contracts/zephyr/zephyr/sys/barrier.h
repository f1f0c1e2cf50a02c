/* L0 contract (nicport): Zephyr <zephyr/sys/barrier.h> -- barrier_dmem_fence_full(). */
#ifndef NICPORT_ZEPHYR_BARRIER_H_
#define NICPORT_ZEPHYR_BARRIER_H_
void	barrier_dmem_fence_full(void);
void	barrier_dsync_fence_full(void);
#endif
