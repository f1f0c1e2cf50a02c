/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_FREERTOS_H
#define NICPORT_EMUL_FREERTOS_H
extern void (*emu_board_irq)(void);
#endif
