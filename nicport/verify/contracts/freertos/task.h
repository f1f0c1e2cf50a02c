/* L0 contract (nicport): task.h subset -- xTaskCreate, ulTaskNotifyTake, vTaskNotifyGiveFromISR. */
#ifndef NICPORT_FREERTOS_TASK_H
#define NICPORT_FREERTOS_TASK_H
#include "FreeRTOS.h"
typedef struct tskTaskControlBlock *TaskHandle_t;
typedef void (*TaskFunction_t)(void *);
BaseType_t xTaskCreate(TaskFunction_t pxTaskCode, const char *pcName,
    uint16_t usStackDepth, void *pvParameters, UBaseType_t uxPriority,
    TaskHandle_t *pxCreatedTask);
uint32_t ulTaskNotifyTake(BaseType_t xClearCountOnExit, TickType_t xTicksToWait);
void	vTaskNotifyGiveFromISR(TaskHandle_t xTaskToNotify, BaseType_t *pxHigherPriorityTaskWoken);
#define configMAX_PRIORITIES	32
#define configMINIMAL_STACK_SIZE	256
#endif
