/* nicport L2 test support -- NOT part of any generated driver. */
#ifndef NICPORT_EMUL_FREERTOS_H
#define NICPORT_EMUL_FREERTOS_H
extern void (*emu_board_irq)(void);
void emu_ip_task_up(void);	/* the network came up (xNetworkInterfaceInitialise passed) */
void emu_ip_task_poll(void);	/* the IP task's re-initialisation after FreeRTOS_NetworkDown */
#endif
