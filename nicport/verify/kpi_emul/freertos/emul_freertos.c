/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the FreeRTOS kernel + FreeRTOS+TCP port-layer
 * functions the generated NetworkInterface.c uses (contracts/freertos):
 * NetworkBufferDescriptor_t allocation and release with accounting, an IP
 * task that takes eNetworkRxEvent frames, a real thread for the deferred
 * interrupt task, critical sections, and the board hooks (MMIO window =
 * the device model, the interrupt line = the model's irq callback).
 */
#include "FreeRTOS.h"
#include "task.h"
#include "FreeRTOS_IP.h"
#include "FreeRTOS_IP_Private.h"
#include "NetworkBufferManagement.h"
#include "NetworkInterface.h"
#include "nicport_board.h"

#include "emu_host.h"
#include "emul_freertos.h"

#define EMU_MMIO_WINDOW	((uintptr_t)0x40000000u)	/* fake address; offsets go to the model */

void (*emu_board_irq)(void);

void *pvPortMalloc(size_t n) { return emu_zalloc(n, EMU_MEM); }
void vPortFree(void *p) { emu_free(p, EMU_MEM); }
void vPortEnterCritical(void) { emu_lock(); }
void vPortExitCritical(void) { emu_unlock(); }

struct emu_task { TaskFunction_t fn; void *arg; };

BaseType_t xTaskCreate(TaskFunction_t fn, const char *name, uint16_t depth, void *arg,
    UBaseType_t prio, TaskHandle_t *h)
{
	(void)name; (void)depth; (void)prio;
	emu_thread_start(fn, arg);
	if (h)
		*h = (TaskHandle_t)(uintptr_t)1;
	return pdPASS;
}

uint32_t ulTaskNotifyTake(BaseType_t clear, TickType_t wait)
{
	(void)clear; (void)wait;
	emu_notify_take();
	return 1;
}

void vTaskNotifyGiveFromISR(TaskHandle_t t, BaseType_t *woken)
{
	(void)t;
	emu_notify_give();
	if (woken)
		*woken = pdTRUE;
}

NetworkBufferDescriptor_t *pxGetNetworkBufferWithDescriptor(size_t n, TickType_t t)
{
	NetworkBufferDescriptor_t *d = emu_zalloc(sizeof(*d), EMU_PKT);

	(void)t;
	if (d == NULL)
		return NULL;
	d->pucEthernetBuffer = emu_zalloc(n + 64, EMU_BUF);
	d->xDataLength = n;
	return d;
}

void vReleaseNetworkBufferAndDescriptor(NetworkBufferDescriptor_t * const d)
{
	emu_free(d->pucEthernetBuffer, EMU_BUF);
	emu_free(d, EMU_PKT);
}

eFrameProcessingResult_t eConsiderFrameForProcessing(const uint8_t * const f)
{
	(void)f;
	return eProcessBuffer;
}

/* the IP task: take the frame, release the buffer as the stack would */
BaseType_t xSendEventStructToIPTask(const IPStackEvent_t *ev, TickType_t t)
{
	NetworkBufferDescriptor_t *d = ev->pvData;

	(void)t;
	if (ev->eEventType != eNetworkRxEvent)
		return pdFAIL;
	emu_rx_record(d->pucEthernetBuffer, (uint32_t)d->xDataLength, 0);
	vReleaseNetworkBufferAndDescriptor(d);
	return pdPASS;
}

const uint8_t *FreeRTOS_GetMACAddress(void) { static const uint8_t m[6]; return m; }

/* board support: the register window is the device model (NICPORT_BOARD_MMIO) */
uint32_t nicport_board_read32(uintptr_t a) { return emu_mmio_read((uint32_t)(a - EMU_MMIO_WINDOW)); }
void nicport_board_write32(uintptr_t a, uint32_t v) { emu_mmio_write((uint32_t)(a - EMU_MMIO_WINDOW), v); }
void nicport_board_vprintf(const char *fmt, va_list ap) { emu_vlog(fmt, ap); }

/*
 * The link as the IP task sees it: FreeRTOS_NetworkDown (from the adapter's
 * task) marks the network down; the IP task then calls
 * xNetworkInterfaceInitialise until it passes (emu_ip_task_poll, run by the
 * harness), and the network is up again when it does and xGetPhyLinkStatus
 * agrees.
 */
static int emu_net_down;
void FreeRTOS_NetworkDown(void)
{
	if (__atomic_exchange_n(&emu_net_down, 1, __ATOMIC_SEQ_CST) == 0)
		emu_link_report(0);
}

void emu_ip_task_up(void)
{
	if (xGetPhyLinkStatus() != pdTRUE)
		emu_fail("xGetPhyLinkStatus: down after xNetworkInterfaceInitialise passed");
	emu_link_report(1);
}

void emu_ip_task_poll(void)
{
	if (!__atomic_load_n(&emu_net_down, __ATOMIC_SEQ_CST))
		return;
	if (xNetworkInterfaceInitialise() != pdPASS) {
		if (xGetPhyLinkStatus() != pdFALSE)
			emu_fail("xGetPhyLinkStatus: up while xNetworkInterfaceInitialise fails");
		return;
	}
	__atomic_store_n(&emu_net_down, 0, __ATOMIC_SEQ_CST);
	emu_ip_task_up();
}
