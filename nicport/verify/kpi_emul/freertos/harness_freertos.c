/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * Drives the generated FreeRTOS+TCP NetworkInterface.c: xNetworkInterfaceInitialise,
 * xNetworkInterfaceOutput (zero-copy, xReleaseAfterSend = pdTRUE, and the copy path),
 * the board interrupt -> deferred task -> xSendEventStructToIPTask receive path.
 */
#include "FreeRTOS.h"
#include "FreeRTOS_IP.h"
#include "NetworkBufferManagement.h"
#include "NetworkInterface.h"
#include "nicport_board.h"
#include "nic_hw.h"

#include "emu_host.h"
#include "emul_freertos.h"

#define EMU_MMIO_WINDOW	((uintptr_t)0x40000000u)
#define BOARD_MMIO	CAT(CAT(nicport_, NICPORT_DRV), _board_mmio)
#define BOARD_IRQ	CAT(CAT(nicport_, NICPORT_DRV), _board_irq_install)

uintptr_t BOARD_MMIO(void) { return EMU_MMIO_WINDOW; }
void BOARD_IRQ(void (*h)(void)) { emu_board_irq = h; }


static void service(void)
{
	emu_dev_poll();
	if (emu_irq_take() && emu_board_irq != NULL) {
		emu_irq_delivered(0);
		emu_board_irq();
	}
	emu_ip_task_poll();
}

/* the deferred interrupt task runs in its own thread: give it time */
static void service_wait(void)
{
	service();
	emu_sleep_ms(1);
}

int main(void)
{
	uint8_t f[EMU_FRAME_MAX];
	uint32_t i;
	int spins;

	if (emu_dev_init() != 0)
		emu_fail("device model");
	if (xNetworkInterfaceInitialise() != pdPASS)
		emu_fail("xNetworkInterfaceInitialise failed");
	emu_ip_task_up();
	for (i = 0; i < EMU_FRAMES; i++) {
		/* every 5th (+1) frame is sent with an inline 802.1Q tag (sums filled): it
		 * must come back tagged even where the device strips tags */
		uint32_t ol = emu_frame_offloads(i, EMU_OL_VLAN);
		uint32_t len = ol ? emu_frame_wire(i, ol, f) : emu_frame_tx(i, 0, f);
		NetworkBufferDescriptor_t *d;

		if (i == EMU_LINK_FLAP_AT)
			emu_link_flap(service_wait, 200);	/* traffic must pass after it */
		d = pxGetNetworkBufferWithDescriptor(len, 0);
		emu_memcpy(d->pucEthernetBuffer, f, len);
		d->xDataLength = len;
		if (i % 4 == 3) {
			/* the stack keeps its buffer: the adapter must copy */
			if (xNetworkInterfaceOutput(d, pdFALSE) != pdPASS)
				emu_fail("output (copy) refused frame %u", i);
			vReleaseNetworkBufferAndDescriptor(d);
		} else if (xNetworkInterfaceOutput(d, pdTRUE) != pdPASS) {
			emu_fail("output refused frame %u", i);
		}
		for (spins = 0; spins < 1000 && emu_rx_count() <= i; spins++) {
			service();
			if (emu_rx_count() <= i)
				emu_sleep_ms(1);
		}
	}
	for (spins = 0; spins < 200; spins++) {
		service();
		emu_sleep_ms(1);
	}
	/* one more interrupt for the last completions */
	vPortEnterCritical();
	vPortExitCritical();
	emu_dev_fini();
	return emu_verdict("rtos/freertos", EMU_FRAMES, EMU_OL_VLAN, emu_live(EMU_PKT), emu_live(EMU_BUF), 0);
}
