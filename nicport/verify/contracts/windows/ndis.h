/*
 * L0 contract header (nicport): the NDIS 6.20 miniport subset the generated
 * adapter uses -- declarations only, written from Microsoft's documented
 * signatures on learn.microsoft.com ("ndis.h header", Windows Driver Kit).
 * NOT Microsoft's ndis.h: no NDIS 6 header is available from any registry on
 * the build machines (mingw-w64's ddk/ndis.h is NDIS 5 only).
 *
 * (NDIS 6.20 rather than 6.30: mingw-w64's ntddndis.h does not compile with
 * NDIS_SUPPORT_NDIS630, whose NDK section needs winsock types.)
 *
 * Real headers used underneath (mingw-w64): <ntddk.h> (kernel types, MDL,
 * SCATTER_GATHER_LIST, CM_PARTIAL_RESOURCE_LIST, DbgPrintEx, KeStallExecution)
 * and <ntddndis.h> (NDIS_OBJECT_HEADER, OID_* codes, NDIS_OFFLOAD*,
 * NDIS_RECEIVE_SCALE_PARAMETERS, NDIS_STATISTICS_INFO, NDIS_LINK_STATE).
 * Structure members are the documented ones the adapter uses, in the
 * documented order; private members Microsoft does not document are omitted,
 * so sizes are not the WDK's (the adapter never depends on them).
 */
#ifndef _NICPORT_CONTRACT_NDIS_H_
#define _NICPORT_CONTRACT_NDIS_H_

#ifndef NDIS_SUPPORT_NDIS6
#define NDIS_SUPPORT_NDIS6	1
#define NDIS_SUPPORT_NDIS61	1
#define NDIS_SUPPORT_NDIS620	1
#endif

#include <ntddk.h>
#include <ntddndis.h>

#if defined(__x86_64__)
/* wdm.h KeMemoryBarrier (full barrier): mingw-w64 defines it only for x86. */
VOID KeMemoryBarrier(VOID);
#endif

/* ---- basic types (ndis.h) ---- */
typedef unsigned int UINT, *PUINT;
typedef INTERFACE_TYPE NDIS_INTERFACE_TYPE;
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;
typedef CM_PARTIAL_RESOURCE_LIST NDIS_RESOURCE_LIST, *PNDIS_RESOURCE_LIST;
typedef KSPIN_LOCK_QUEUE_NUMBER NDIS_SPIN_LOCK_UNUSED_;
typedef struct _NDIS_SPIN_LOCK {
	KSPIN_LOCK	SpinLock;
	KIRQL		OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

#define NDIS_STATUS_SUCCESS		((NDIS_STATUS)STATUS_SUCCESS)
#define NDIS_STATUS_PENDING		((NDIS_STATUS)STATUS_PENDING)
#define NDIS_STATUS_FAILURE		((NDIS_STATUS)0xC0000001L)
#define NDIS_STATUS_RESOURCES		((NDIS_STATUS)0xC000009AL)
#define NDIS_STATUS_NOT_SUPPORTED	((NDIS_STATUS)0xC00000BBL)
#define NDIS_STATUS_INVALID_LENGTH	((NDIS_STATUS)0xC0010014L)
#define NDIS_STATUS_BUFFER_TOO_SHORT	((NDIS_STATUS)0xC0010016L)
#define NDIS_STATUS_INVALID_OID		((NDIS_STATUS)0xC0010017L)
#define NDIS_STATUS_PAUSED		((NDIS_STATUS)0xC023002AL)
#define NDIS_STATUS_ADAPTER_NOT_FOUND	((NDIS_STATUS)0xC0010006L)
#define NDIS_STATUS_INVALID_DATA	((NDIS_STATUS)0xC0010015L)

#define NDIS_MINIPORT_MAJOR_VERSION	6
#define NDIS_MINIPORT_MINOR_VERSION	20

/* ---- NET_BUFFER / NET_BUFFER_LIST (NET_BUFFER structure, NET_BUFFER_LIST structure) ---- */
typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;

struct _NET_BUFFER {
	PNET_BUFFER	Next;
	PMDL		CurrentMdl;
	ULONG		CurrentMdlOffset;
	ULONG		DataLength;
	PMDL		MdlChain;
	ULONG		DataOffset;
	PVOID		MiniportReserved[4];
};

typedef enum _NDIS_NET_BUFFER_LIST_INFO {
	TcpIpChecksumNetBufferListInfo,
	TcpOffloadBytesTransferred = TcpIpChecksumNetBufferListInfo,
	IPsecOffloadV1NetBufferListInfo,
	TcpLargeSendNetBufferListInfo,
	TcpReceiveNoPush = TcpLargeSendNetBufferListInfo,
	ClassificationHandleNetBufferListInfo,
	Ieee8021QNetBufferListInfo,
	NetBufferListCancelId,
	MediaSpecificInformation,
	NetBufferListFrameType,
	NetBufferListProtocolId = NetBufferListFrameType,
	NetBufferListHashValue,
	NetBufferListHashInfo,
	WfpNetBufferListInfo,
	MaxNetBufferListInfo
} NDIS_NET_BUFFER_LIST_INFO;

struct _NET_BUFFER_LIST {
	PNET_BUFFER_LIST	Next;
	PNET_BUFFER		FirstNetBuffer;
	NDIS_HANDLE		SourceHandle;
	PVOID			MiniportReserved[2];
	NDIS_STATUS		Status;
	PVOID			NetBufferListInfo[MaxNetBufferListInfo];
};

#define NET_BUFFER_NEXT_NB(nb)			((nb)->Next)
#define NET_BUFFER_FIRST_MDL(nb)		((nb)->MdlChain)
#define NET_BUFFER_DATA_LENGTH(nb)		((nb)->DataLength)
#define NET_BUFFER_DATA_OFFSET(nb)		((nb)->DataOffset)
#define NET_BUFFER_CURRENT_MDL(nb)		((nb)->CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(nb)	((nb)->CurrentMdlOffset)
#define NET_BUFFER_MINIPORT_RESERVED(nb)	((nb)->MiniportReserved)
#define NET_BUFFER_LIST_NEXT_NBL(nbl)		((nbl)->Next)
#define NET_BUFFER_LIST_FIRST_NB(nbl)		((nbl)->FirstNetBuffer)
#define NET_BUFFER_LIST_STATUS(nbl)		((nbl)->Status)
#define NET_BUFFER_LIST_MINIPORT_RESERVED(nbl)	((nbl)->MiniportReserved)
#define NET_BUFFER_LIST_INFO(nbl, id)		((nbl)->NetBufferListInfo[(id)])
#define NET_BUFFER_LIST_SET_HASH_VALUE(nbl, v)	\
	(NET_BUFFER_LIST_INFO((nbl), NetBufferListHashValue) = (PVOID)(ULONG_PTR)(v))
#define NET_BUFFER_LIST_SET_HASH_TYPE(nbl, t)	\
	(NET_BUFFER_LIST_INFO((nbl), NetBufferListHashInfo) = (PVOID)(ULONG_PTR)(t))
#define NDIS_HASH_TCP_IPV4			0x00000200
#define NDIS_HASH_IPV4				0x00000100

/* NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO structure */
typedef struct _NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO {
	union {
		struct {
			ULONG IsIPv4:1;
			ULONG IsIPv6:1;
			ULONG TcpChecksum:1;
			ULONG UdpChecksum:1;
			ULONG IpHeaderChecksum:1;
			ULONG Reserved:11;
			ULONG TcpHeaderOffset:10;
		} Transmit;
		struct {
			ULONG TcpChecksumFailed:1;
			ULONG UdpChecksumFailed:1;
			ULONG IpChecksumFailed:1;
			ULONG TcpChecksumSucceeded:1;
			ULONG UdpChecksumSucceeded:1;
			ULONG IpChecksumSucceeded:1;
			ULONG Loopback:1;
			ULONG TcpChecksumValueInvalid:1;
			ULONG IpChecksumValueInvalid:1;
		} Receive;
		PVOID Value;
	};
} NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO;

/* NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO structure (LSOv2) */
typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO {
	union {
		struct {
			ULONG Unused:30;
			ULONG Type:1;
			ULONG Reserved2:1;
		} Transmit;
		struct {
			ULONG MSS:20;
			ULONG TcpHeaderOffset:10;
			ULONG Type:1;
			ULONG Reserved2:1;
		} LsoV1Transmit;
		struct {
			ULONG MSS:20;
			ULONG TcpHeaderOffset:10;
			ULONG Type:1;
			ULONG Reserved2:1;
			ULONG IPVersion:2;
			ULONG Reserved3:30;
		} LsoV2Transmit;
		PVOID Value;
	};
} NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO;

/* NDIS_NET_BUFFER_LIST_8021Q_INFO structure */
typedef struct _NDIS_NET_BUFFER_LIST_8021Q_INFO {
	union {
		struct {
			UINT32 UserPriority:3;
			UINT32 CanonicalFormatId:1;
			UINT32 VlanId:12;
			UINT32 Reserved:16;
		} TagHeader;
		PVOID Value;
	};
} NDIS_NET_BUFFER_LIST_8021Q_INFO;

/* ---- memory, locks (NdisAllocateMemoryWithTagPriority, NdisAllocateSpinLock ...) ---- */
PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag,
    EX_POOL_PRIORITY Priority);
VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags);
VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
#define NdisZeroMemory(d, l)		RtlZeroMemory((d), (l))
#define NdisMoveMemory(d, s, l)		RtlCopyMemory((d), (s), (l))

/* ---- MDLs (NdisAllocateMdl, NdisFreeMdl, NdisQueryMdl) ---- */
PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length);
VOID NdisFreeMdl(PMDL Mdl);

/* ---- NBL pools (NdisAllocateNetBufferListPool ...) ---- */
typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS {
	NDIS_OBJECT_HEADER	Header;
	UCHAR			ProtocolId;
	BOOLEAN			fAllocateNetBuffer;
	USHORT			ContextSize;
	ULONG			PoolTag;
	ULONG			DataSize;
} NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;
#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1	1
#define NDIS_PROTOCOL_ID_DEFAULT			0x00
NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle,
    PNET_BUFFER_LIST_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle);
PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle,
    USHORT ContextSize, USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset,
    SIZE_T DataLength);
VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList);

/* ---- DMA (NdisMRegisterScatterGatherDma, NdisMAllocateNetBufferSGList, NdisMAllocateSharedMemory) ---- */
typedef VOID (MINIPORT_PROCESS_SG_LIST)(PDEVICE_OBJECT pDO, PVOID Reserved,
    PSCATTER_GATHER_LIST pSGL, PVOID Context);
typedef MINIPORT_PROCESS_SG_LIST *MINIPORT_PROCESS_SG_LIST_HANDLER;
typedef VOID (MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE)(NDIS_HANDLE MiniportAdapterContext,
    PVOID VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress, ULONG Length, PVOID Context);
typedef struct _NDIS_SG_DMA_DESCRIPTION {
	NDIS_OBJECT_HEADER	Header;
	ULONG			Flags;
	ULONG			MaximumPhysicalMapping;
	MINIPORT_PROCESS_SG_LIST_HANDLER ProcessSGListHandler;
	MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE *SharedMemAllocateCompleteHandler;
	ULONG			ScatterGatherListSize;
} NDIS_SG_DMA_DESCRIPTION, *PNDIS_SG_DMA_DESCRIPTION;
#define NDIS_SG_DMA_DESCRIPTION_REVISION_1	1
#define NDIS_SG_DMA_64_BIT_ADDRESS		0x00000001
NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle,
    PNDIS_SG_DMA_DESCRIPTION DmaDescription, PNDIS_HANDLE NdisMiniportDmaHandle);
VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle);
NDIS_STATUS NdisMAllocateNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle,
    PNET_BUFFER NetBuffer, PVOID Context, ULONG Flags, PVOID ScatterGatherListBuffer,
    ULONG ScatterGatherListBufferSize);
VOID NdisMFreeNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle, PSCATTER_GATHER_LIST pSGL,
    PNET_BUFFER NetBuffer);
VOID NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length,
    BOOLEAN Cached, PVOID *VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress);
VOID NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
    PVOID VirtualAddress, NDIS_PHYSICAL_ADDRESS PhysicalAddress);
NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length);
VOID NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length);
ULONG NdisMGetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset,
    PVOID Buffer, ULONG Length);
#define PCI_WHICHSPACE_CONFIG	0x0

/* ---- interrupts (NdisMRegisterInterruptEx, NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS) ---- */
typedef BOOLEAN (MINIPORT_ISR)(NDIS_HANDLE MiniportInterruptContext,
    PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors);
typedef VOID (MINIPORT_INTERRUPT_DPC)(NDIS_HANDLE MiniportInterruptContext,
    PVOID MiniportDpcContext, PVOID ReceiveThrottleParameters, PVOID NdisReserved2);
typedef VOID (MINIPORT_DISABLE_INTERRUPT)(NDIS_HANDLE MiniportInterruptContext);
typedef VOID (MINIPORT_ENABLE_INTERRUPT)(NDIS_HANDLE MiniportInterruptContext);
typedef BOOLEAN (MINIPORT_MESSAGE_INTERRUPT)(NDIS_HANDLE MiniportInterruptContext,
    ULONG MessageId, PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors);
typedef VOID (MINIPORT_MESSAGE_INTERRUPT_DPC)(NDIS_HANDLE MiniportInterruptContext,
    ULONG MessageId, PVOID MiniportDpcContext, PVOID ReceiveThrottleParameters,
    PVOID NdisReserved2);
typedef VOID (MINIPORT_DISABLE_MESSAGE_INTERRUPT)(NDIS_HANDLE MiniportInterruptContext,
    ULONG MessageId);
typedef VOID (MINIPORT_ENABLE_MESSAGE_INTERRUPT)(NDIS_HANDLE MiniportInterruptContext,
    ULONG MessageId);
typedef enum _NDIS_INTERRUPT_TYPE {
	NDIS_CONNECT_LINE_BASED = 1,
	NDIS_CONNECT_MESSAGE_BASED
} NDIS_INTERRUPT_TYPE, *PNDIS_INTERRUPT_TYPE;
typedef struct _NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS {
	NDIS_OBJECT_HEADER			Header;
	MINIPORT_ISR				*InterruptHandler;
	MINIPORT_INTERRUPT_DPC			*InterruptDpcHandler;
	MINIPORT_DISABLE_INTERRUPT		*DisableInterruptHandler;
	MINIPORT_ENABLE_INTERRUPT		*EnableInterruptHandler;
	BOOLEAN					MsiSupported;
	BOOLEAN					MsiSyncWithAllMessages;
	MINIPORT_MESSAGE_INTERRUPT		*MessageInterruptHandler;
	MINIPORT_MESSAGE_INTERRUPT_DPC		*MessageInterruptDpcHandler;
	MINIPORT_DISABLE_MESSAGE_INTERRUPT	*DisableMessageInterruptHandler;
	MINIPORT_ENABLE_MESSAGE_INTERRUPT	*EnableMessageInterruptHandler;
	NDIS_INTERRUPT_TYPE			InterruptType;
	PIO_INTERRUPT_MESSAGE_INFO		MessageInfoTable;
} NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, *PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS;
#define NDIS_MINIPORT_INTERRUPT_REVISION_1	1
#define NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT	0x84
NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE MiniportAdapterHandle,
    NDIS_HANDLE MiniportInterruptContext,
    PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
    PNDIS_HANDLE NdisInterruptHandle);
VOID NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle);

/* ---- send / receive (NdisMSendNetBufferListsComplete, NdisMIndicateReceiveNetBufferLists) ---- */
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL			0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL		0x00000001
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL		0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES			0x00000002
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL		0x00000001
#define NDIS_TEST_SEND_AT_DISPATCH_LEVEL(f)	(((f) & NDIS_SEND_FLAGS_DISPATCH_LEVEL) != 0)
VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle,
    PNET_BUFFER_LIST NetBufferLists, ULONG SendCompleteFlags);
VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle,
    PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists, ULONG ReceiveFlags);
VOID NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle, PVOID StatusIndication);

/* ---- status indications (NDIS_STATUS_INDICATION structure; NDIS_STATUS_LINK_STATE
 * "indicates a change in the link state", StatusBuffer an NDIS_LINK_STATE) ---- */
#define NDIS_STATUS_LINK_STATE			((NDIS_STATUS)0x40010017L)
#define NDIS_STATUS_INDICATION_REVISION_1	1
typedef struct _NDIS_STATUS_INDICATION {
	NDIS_OBJECT_HEADER	Header;
	NDIS_HANDLE		SourceHandle;
	NDIS_PORT_NUMBER	PortNumber;
	NDIS_STATUS		StatusCode;
	ULONG			Flags;
	NDIS_HANDLE		DestinationHandle;
	PVOID			RequestId;
	PVOID			StatusBuffer;
	ULONG			StatusBufferSize;
} NDIS_STATUS_INDICATION, *PNDIS_STATUS_INDICATION;
#define NDIS_SIZEOF_STATUS_INDICATION_REVISION_1	sizeof(NDIS_STATUS_INDICATION)
/* NDIS_LINK_STATE.XmitLinkSpeed / RcvLinkSpeed: NDIS_LINK_SPEED_UNKNOWN (ifdef.h) */
#ifndef NET_IF_LINK_SPEED_UNKNOWN
#define NET_IF_LINK_SPEED_UNKNOWN	((ULONG64)(-1))
#endif

/* ---- OID requests (NDIS_OID_REQUEST structure) ---- */
typedef struct _NDIS_OID_REQUEST {
	NDIS_OBJECT_HEADER	Header;
	NDIS_REQUEST_TYPE	RequestType;
	NDIS_PORT_NUMBER	PortNumber;
	UINT			Timeout;
	PVOID			RequestId;
	NDIS_HANDLE		RequestHandle;
	union _REQUEST_DATA {
		struct _QUERY {
			NDIS_OID	Oid;
			PVOID		InformationBuffer;
			UINT		InformationBufferLength;
			UINT		BytesWritten;
			UINT		BytesNeeded;
		} QUERY_INFORMATION;
		struct _SET {
			NDIS_OID	Oid;
			PVOID		InformationBuffer;
			UINT		InformationBufferLength;
			UINT		BytesRead;
			UINT		BytesNeeded;
		} SET_INFORMATION;
	} DATA;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;

/* ---- miniport attributes (NdisMSetMiniportAttributes) ---- */
/* NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.SupportedStatistics flags */
#define NDIS_STATISTICS_XMIT_OK_SUPPORTED	0x00000001
#define NDIS_STATISTICS_RCV_OK_SUPPORTED	0x00000002
#define NDIS_STATISTICS_XMIT_ERROR_SUPPORTED	0x00000004
#define NDIS_STATISTICS_RCV_ERROR_SUPPORTED	0x00000008
typedef struct _NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
	NDIS_OBJECT_HEADER	Header;
	NDIS_HANDLE		MiniportAdapterContext;
	ULONG			AttributeFlags;
	UINT			CheckForHangTimeInSeconds;
	NDIS_INTERFACE_TYPE	InterfaceType;
} NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1	1
#define NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE	0x00000001
#define NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER		0x00000008

typedef struct _NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
	NDIS_OBJECT_HEADER	Header;
	ULONG			Flags;
	NDIS_MEDIUM		MediaType;
	NDIS_PHYSICAL_MEDIUM	PhysicalMediumType;
	ULONG			MtuSize;
	ULONG64			MaxXmitLinkSpeed;
	ULONG64			XmitLinkSpeed;
	ULONG64			MaxRcvLinkSpeed;
	ULONG64			RcvLinkSpeed;
	NDIS_MEDIA_CONNECT_STATE MediaConnectState;
	NDIS_MEDIA_DUPLEX_STATE	MediaDuplexState;
	ULONG			LookaheadSize;
	ULONG			MacOptions;
	ULONG			SupportedPacketFilters;
	ULONG			MaxMulticastListSize;
	USHORT			MacAddressLength;
	UCHAR			PermanentMacAddress[32];
	UCHAR			CurrentMacAddress[32];
	PNDIS_RECEIVE_SCALE_CAPABILITIES RecvScaleCapabilities;
	NET_IF_ACCESS_TYPE	AccessType;
	NET_IF_DIRECTION_TYPE	DirectionType;
	NET_IF_CONNECTION_TYPE	ConnectionType;
	NET_IFTYPE		IfType;
	BOOLEAN			IfConnectorPresent;
	ULONG			SupportedStatistics;
	ULONG			SupportedPauseFunctions;
	ULONG			DataBackFillSize;
	ULONG			ContextBackFillSize;
	PNDIS_OID		SupportedOidList;
	ULONG			SupportedOidListLength;
	ULONG			AutoNegotiationFlags;
	PNDIS_PM_CAPABILITIES	PowerManagementCapabilities;
} NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2	2

typedef struct _NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
	NDIS_OBJECT_HEADER	Header;
	PNDIS_OFFLOAD		DefaultOffloadConfiguration;
	PNDIS_OFFLOAD		HardwareOffloadCapabilities;
	PNDIS_TCP_CONNECTION_OFFLOAD DefaultTcpConnectionOffloadConfiguration;
	PNDIS_TCP_CONNECTION_OFFLOAD TcpConnectionOffloadHardwareCapabilities;
} NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
#define NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1	1

typedef union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES	RegistrationAttributes;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES	GeneralAttributes;
	NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES	OffloadAttributes;
} NDIS_MINIPORT_ADAPTER_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_ATTRIBUTES;
NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportHandle,
    PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes);

/* ---- miniport driver characteristics and handlers (MINIPORT_* callback types) ---- */
typedef struct _NDIS_MINIPORT_INIT_PARAMETERS {
	NDIS_OBJECT_HEADER	Header;
	ULONG			Flags;
	PNDIS_RESOURCE_LIST	AllocatedResources;
	NDIS_HANDLE		IMDeviceInstanceContext;
	NDIS_HANDLE		MiniportAddDeviceContext;
	NET_IFINDEX		IfIndex;
	NET_LUID		NetLuid;
} NDIS_MINIPORT_INIT_PARAMETERS, *PNDIS_MINIPORT_INIT_PARAMETERS;
typedef struct _NDIS_MINIPORT_PAUSE_PARAMETERS {
	NDIS_OBJECT_HEADER	Header;
	ULONG			Flags;
	ULONG			PauseReason;
} NDIS_MINIPORT_PAUSE_PARAMETERS, *PNDIS_MINIPORT_PAUSE_PARAMETERS;
typedef struct _NDIS_MINIPORT_RESTART_PARAMETERS {
	NDIS_OBJECT_HEADER	Header;
	PVOID			RestartAttributes;
	ULONG			Flags;
} NDIS_MINIPORT_RESTART_PARAMETERS, *PNDIS_MINIPORT_RESTART_PARAMETERS;
typedef enum _NDIS_HALT_ACTION { NdisHaltDeviceDisabled, NdisHaltDeviceInstanceDeInitialized,
	NdisHaltDevicePoweredDown, NdisHaltDeviceSurpriseRemoved, NdisHaltDeviceFailed,
	NdisHaltDeviceInitializationFailed, NdisHaltDeviceStopped } NDIS_HALT_ACTION;
typedef enum _NDIS_SHUTDOWN_ACTION { NdisShutdownPowerOff, NdisShutdownBugCheck } NDIS_SHUTDOWN_ACTION;
typedef struct _NET_DEVICE_PNP_EVENT NET_DEVICE_PNP_EVENT, *PNET_DEVICE_PNP_EVENT;
typedef struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS_ NDIS_UNUSED_;

typedef NDIS_STATUS (MINIPORT_SET_OPTIONS)(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext);
typedef NDIS_STATUS (MINIPORT_INITIALIZE)(NDIS_HANDLE NdisMiniportHandle,
    NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters);
typedef VOID (MINIPORT_HALT)(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction);
typedef VOID (MINIPORT_UNLOAD)(PDRIVER_OBJECT DriverObject);
typedef NDIS_STATUS (MINIPORT_PAUSE)(NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters);
typedef NDIS_STATUS (MINIPORT_RESTART)(NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters);
typedef NDIS_STATUS (MINIPORT_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext,
    PNDIS_OID_REQUEST OidRequest);
typedef VOID (MINIPORT_SEND_NET_BUFFER_LISTS)(NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferList, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags);
typedef VOID (MINIPORT_RETURN_NET_BUFFER_LISTS)(NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags);
typedef VOID (MINIPORT_CANCEL_SEND)(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId);
typedef BOOLEAN (MINIPORT_CHECK_FOR_HANG)(NDIS_HANDLE MiniportAdapterContext);
typedef NDIS_STATUS (MINIPORT_RESET)(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset);
typedef VOID (MINIPORT_DEVICE_PNP_EVENT_NOTIFY)(NDIS_HANDLE MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT NetDevicePnPEvent);
typedef VOID (MINIPORT_SHUTDOWN)(NDIS_HANDLE MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION ShutdownAction);
typedef VOID (MINIPORT_CANCEL_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId);

typedef struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
	NDIS_OBJECT_HEADER		Header;
	UCHAR				MajorNdisVersion;
	UCHAR				MinorNdisVersion;
	UCHAR				MajorDriverVersion;
	UCHAR				MinorDriverVersion;
	ULONG				Flags;
	MINIPORT_SET_OPTIONS		*SetOptionsHandler;
	MINIPORT_INITIALIZE		*InitializeHandlerEx;
	MINIPORT_HALT			*HaltHandlerEx;
	MINIPORT_UNLOAD			*UnloadHandler;
	MINIPORT_PAUSE			*PauseHandler;
	MINIPORT_RESTART		*RestartHandler;
	MINIPORT_OID_REQUEST		*OidRequestHandler;
	MINIPORT_SEND_NET_BUFFER_LISTS	*SendNetBufferListsHandler;
	MINIPORT_RETURN_NET_BUFFER_LISTS *ReturnNetBufferListsHandler;
	MINIPORT_CANCEL_SEND		*CancelSendHandler;
	MINIPORT_CHECK_FOR_HANG		*CheckForHangHandlerEx;
	MINIPORT_RESET			*ResetHandlerEx;
	MINIPORT_DEVICE_PNP_EVENT_NOTIFY *DevicePnPEventNotifyHandler;
	MINIPORT_SHUTDOWN		*ShutdownHandlerEx;
	MINIPORT_CANCEL_OID_REQUEST	*CancelOidRequestHandler;
} NDIS_MINIPORT_DRIVER_CHARACTERISTICS, *PNDIS_MINIPORT_DRIVER_CHARACTERISTICS;
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2		2
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2	sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS)

NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
    NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
    PNDIS_HANDLE NdisMiniportDriverHandle);
VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle);

#endif /* _NICPORT_CONTRACT_NDIS_H_ */
