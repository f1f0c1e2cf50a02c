/* L0 contract (nicport): Zephyr <zephyr/kernel.h> subset -- Kernel services: spinlocks,
 * heap (k_malloc), work queues, k_timeout_t. */
#ifndef NICPORT_ZEPHYR_KERNEL_H_
#define NICPORT_ZEPHYR_KERNEL_H_
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <zephyr/sys/printk.h>
typedef struct { int64_t ticks; } k_timeout_t;
extern const k_timeout_t nicport_k_no_wait;
#define K_NO_WAIT	(nicport_k_no_wait)
struct k_spinlock { uint32_t locked; };
typedef struct { int key; } k_spinlock_key_t;
k_spinlock_key_t k_spin_lock(struct k_spinlock *l);
void	k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key);
void	*k_malloc(size_t size);
void	*k_calloc(size_t nmemb, size_t size);
void	*k_aligned_alloc(size_t align, size_t size);
void	k_free(void *ptr);
struct k_work;
typedef void (*k_work_handler_t)(struct k_work *work);
struct k_work { k_work_handler_t handler; uint32_t flags; };
void	k_work_init(struct k_work *work, k_work_handler_t handler);
int	k_work_submit(struct k_work *work);
#define CONTAINER_OF(ptr, type, field) \
	((type *)(((char *)(ptr)) - offsetof(type, field)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ARG_UNUSED(x)	(void)(x)
#endif
