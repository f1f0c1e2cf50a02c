/* L0 contract (nicport): FreeRTOS_IP.h subset -- network buffer descriptor and frame
 * filtering (FreeRTOS+TCP API reference). */
#ifndef NICPORT_FREERTOS_IP_H
#define NICPORT_FREERTOS_IP_H
#include "FreeRTOS.h"
typedef struct xNETWORK_BUFFER {
	uint8_t		*pucEthernetBuffer;	/* the frame */
	size_t		xDataLength;		/* bytes in the frame */
} NetworkBufferDescriptor_t;
typedef enum { eReleaseBuffer = 0, eProcessBuffer, eReturnEthernetFrame,
	eFrameConsumed } eFrameProcessingResult_t;
eFrameProcessingResult_t eConsiderFrameForProcessing(const uint8_t * const pucEthernetBuffer);
#define ipconfigNETWORK_MTU	1500
#define ipSIZE_OF_ETH_HEADER	14
const uint8_t *FreeRTOS_GetMACAddress(void);
/* FreeRTOS+TCP API reference, FreeRTOS_NetworkDown(): "the network interface calls it
 * when the network connection is lost"; the IP task then calls
 * xNetworkInterfaceInitialise() until it returns pdPASS. */
void FreeRTOS_NetworkDown(void);
#endif
