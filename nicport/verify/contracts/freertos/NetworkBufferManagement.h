/* L0 contract (nicport): NetworkBufferManagement.h subset. */
#ifndef NICPORT_FREERTOS_NBM_H
#define NICPORT_FREERTOS_NBM_H
#include "FreeRTOS_IP.h"
NetworkBufferDescriptor_t *pxGetNetworkBufferWithDescriptor(size_t xRequestedSizeBytes,
    TickType_t xBlockTimeTicks);
void	vReleaseNetworkBufferAndDescriptor(NetworkBufferDescriptor_t * const pxNetworkBuffer);
#endif
