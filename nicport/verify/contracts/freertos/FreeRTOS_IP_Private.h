/* L0 contract (nicport): FreeRTOS_IP_Private.h subset -- IPStackEvent_t,
 * xSendEventStructToIPTask (FreeRTOS+TCP porting guide). */
#ifndef NICPORT_FREERTOS_IP_PRIVATE_H
#define NICPORT_FREERTOS_IP_PRIVATE_H
#include "FreeRTOS_IP.h"
typedef enum { eNoEvent = -1, eNetworkDownEvent, eNetworkRxEvent } eIPEvent_t;
typedef struct IP_TASK_COMMANDS {
	eIPEvent_t	eEventType;
	void		*pvData;
} IPStackEvent_t;
BaseType_t xSendEventStructToIPTask(const IPStackEvent_t *pxEvent, TickType_t uxTimeout);
#endif
