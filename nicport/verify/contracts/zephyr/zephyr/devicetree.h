/* L0 contract (nicport): Zephyr <zephyr/devicetree.h> subset -- Devicetree API
 * instance macros.  In a real build they expand to the board's generated
 * values; here to link-time constants, so the adapter type-checks. */
#ifndef NICPORT_ZEPHYR_DEVICETREE_H_
#define NICPORT_ZEPHYR_DEVICETREE_H_
#include <stdint.h>
/* placeholders for the generated devicetree: instance 0 of the compatible */
#define NICPORT_DT_INST_0_REG_ADDR	0x0
#define DT_INST_REG_ADDR(inst)		NICPORT_DT_INST_##inst##_REG_ADDR
#define DT_INST_FOREACH_STATUS_OKAY(fn)	fn(0)
#endif
