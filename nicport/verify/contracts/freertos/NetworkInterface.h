/* L0 contract (nicport): NetworkInterface.h -- the port layer's entry points. */
#ifndef NICPORT_FREERTOS_NETWORK_INTERFACE_H
#define NICPORT_FREERTOS_NETWORK_INTERFACE_H
#include "FreeRTOS_IP.h"
BaseType_t xNetworkInterfaceInitialise(void);
BaseType_t xNetworkInterfaceOutput(NetworkBufferDescriptor_t * const pxNetworkBuffer,
    BaseType_t xReleaseAfterSend);
BaseType_t xGetPhyLinkStatus(void);
#endif
