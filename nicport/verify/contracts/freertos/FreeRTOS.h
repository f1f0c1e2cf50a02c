/* L0 contract (nicport): FreeRTOS.h + portmacro.h subset (FreeRTOS kernel API reference). */
#ifndef NICPORT_FREERTOS_H
#define NICPORT_FREERTOS_H
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
typedef long BaseType_t;
typedef unsigned long UBaseType_t;
typedef uint32_t TickType_t;
#define pdFALSE		((BaseType_t)0)
#define pdTRUE		((BaseType_t)1)
#define pdPASS		(pdTRUE)
#define pdFAIL		(pdFALSE)
#define portMAX_DELAY	((TickType_t)0xffffffffUL)
#define pdMS_TO_TICKS(ms)	((TickType_t)(ms))
void	*pvPortMalloc(size_t xSize);
void	vPortFree(void *pv);
void	vPortEnterCritical(void);
void	vPortExitCritical(void);
#define taskENTER_CRITICAL()	vPortEnterCritical()
#define taskEXIT_CRITICAL()	vPortExitCritical()
#define portYIELD_FROM_ISR(x)	((void)(x))
#define configASSERT(x)		((void)(x))
#endif
