/*
 * nicport L2 test support -- NOT part of any generated driver, NOT Microsoft's header.
 * Host-side stand-in for the <ntddndis.h> subset used (see ntddk.h here).
 */
#ifndef NICPORT_EMU_NTDDNDIS_H
#define NICPORT_EMU_NTDDNDIS_H
typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef ULONG NDIS_OID, *PNDIS_OID;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;
#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)
typedef struct _NDIS_OBJECT_HEADER { UCHAR Type; UCHAR Revision; USHORT Size; } NDIS_OBJECT_HEADER, *PNDIS_OBJECT_HEADER;
#define NDIS_OBJECT_TYPE_DEFAULT 0x80
#define NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS 0x8A
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES 0x9E
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES 0x9F
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES 0xA1
typedef enum _NDIS_REQUEST_TYPE { NdisRequestQueryInformation, NdisRequestSetInformation,
	NdisRequestQueryStatistics } NDIS_REQUEST_TYPE;
#define OID_GEN_CURRENT_PACKET_FILTER 0x0001010e
#define OID_GEN_CURRENT_LOOKAHEAD 0x0001010f
#define OID_GEN_RECEIVE_SCALE_PARAMETERS 0x00010204
#define OID_GEN_STATISTICS 0x00020106
#define OID_802_3_MULTICAST_LIST 0x01010103
#define OID_TCP_OFFLOAD_PARAMETERS 0xfc01020c
typedef struct _NDIS_STATISTICS_INFO {
	NDIS_OBJECT_HEADER Header; ULONG SupportedStatistics;
	ULONG64 ifInDiscards, ifInErrors, ifHCInOctets, ifHCInUcastPkts, ifHCInMulticastPkts,
		ifHCInBroadcastPkts, ifHCOutOctets, ifHCOutUcastPkts, ifHCOutMulticastPkts,
		ifHCOutBroadcastPkts, ifOutErrors, ifOutDiscards, ifHCInUcastOctets,
		ifHCInMulticastOctets, ifHCInBroadcastOctets, ifHCOutUcastOctets,
		ifHCOutMulticastOctets, ifHCOutBroadcastOctets;
} NDIS_STATISTICS_INFO;
#define NDIS_STATISTICS_INFO_REVISION_1 1
#define NDIS_SIZEOF_STATISTICS_INFO_REVISION_1 sizeof(NDIS_STATISTICS_INFO)
typedef struct _NDIS_OFFLOAD_PARAMETERS { NDIS_OBJECT_HEADER Header; UCHAR IPv4Checksum;
	UCHAR TCPIPv4Checksum; UCHAR UDPIPv4Checksum; UCHAR TCPIPv6Checksum; UCHAR UDPIPv6Checksum;
	UCHAR LsoV1; UCHAR IPsecV1; UCHAR LsoV2IPv4; UCHAR LsoV2IPv6; } NDIS_OFFLOAD_PARAMETERS;
typedef struct _NDIS_RECEIVE_SCALE_PARAMETERS { NDIS_OBJECT_HEADER Header; USHORT Flags;
	USHORT BaseCpuNumber; ULONG HashInformation; USHORT IndirectionTableSize;
	ULONG IndirectionTableOffset; USHORT HashSecretKeySize; ULONG HashSecretKeyOffset; } NDIS_RECEIVE_SCALE_PARAMETERS;
typedef struct _NDIS_RECEIVE_SCALE_CAPABILITIES *PNDIS_RECEIVE_SCALE_CAPABILITIES;
/* NDIS_OFFLOAD (task offload capabilities; mingw-w64 ntddndis.h field names, the
 * fields the adapter sets; LsoV1 / IPsecV1 are left out of this host-side stand-in) */
#define NDIS_OBJECT_TYPE_OFFLOAD 0xA7
#define NDIS_OFFLOAD_REVISION_1 1
#define NDIS_OFFLOAD_NOT_SUPPORTED 0
#define NDIS_OFFLOAD_SUPPORTED 1
#define NDIS_ENCAPSULATION_IEEE_802_3 0x00000002
typedef struct _NDIS_TCP_IP_CHECKSUM_OFFLOAD {
	struct { ULONG Encapsulation; ULONG IpOptionsSupported:2; ULONG TcpOptionsSupported:2;
		ULONG TcpChecksum:2; ULONG UdpChecksum:2; ULONG IpChecksum:2; } IPv4Transmit;
	struct { ULONG Encapsulation; ULONG IpOptionsSupported:2; ULONG TcpOptionsSupported:2;
		ULONG TcpChecksum:2; ULONG UdpChecksum:2; ULONG IpChecksum:2; } IPv4Receive;
	struct { ULONG Encapsulation; ULONG IpExtensionHeadersSupported:2; ULONG TcpOptionsSupported:2;
		ULONG TcpChecksum:2; ULONG UdpChecksum:2; } IPv6Transmit;
	struct { ULONG Encapsulation; ULONG IpExtensionHeadersSupported:2; ULONG TcpOptionsSupported:2;
		ULONG TcpChecksum:2; ULONG UdpChecksum:2; } IPv6Receive;
} NDIS_TCP_IP_CHECKSUM_OFFLOAD;
typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_V2 {
	struct { ULONG Encapsulation; ULONG MaxOffLoadSize; ULONG MinSegmentCount; } IPv4;
	struct { ULONG Encapsulation; ULONG MaxOffLoadSize; ULONG MinSegmentCount;
		ULONG IpExtensionHeadersSupported:2; ULONG TcpOptionsSupported:2; } IPv6;
} NDIS_TCP_LARGE_SEND_OFFLOAD_V2;
typedef struct _NDIS_OFFLOAD { NDIS_OBJECT_HEADER Header; NDIS_TCP_IP_CHECKSUM_OFFLOAD Checksum;
	NDIS_TCP_LARGE_SEND_OFFLOAD_V2 LsoV2; ULONG Flags; } NDIS_OFFLOAD, *PNDIS_OFFLOAD;
#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1 \
	(__builtin_offsetof(NDIS_OFFLOAD, Flags) + sizeof(ULONG))
typedef struct _NDIS_TCP_CONNECTION_OFFLOAD *PNDIS_TCP_CONNECTION_OFFLOAD;
typedef struct _NDIS_PM_CAPABILITIES *PNDIS_PM_CAPABILITIES;
typedef enum _NDIS_MEDIUM { NdisMedium802_3 } NDIS_MEDIUM;
typedef enum _NDIS_PHYSICAL_MEDIUM { NdisPhysicalMediumUnspecified, NdisPhysicalMedium802_3 = 14 } NDIS_PHYSICAL_MEDIUM;
typedef enum _NDIS_MEDIA_CONNECT_STATE { MediaConnectStateUnknown, MediaConnectStateConnected,
	MediaConnectStateDisconnected } NDIS_MEDIA_CONNECT_STATE;
typedef enum _NDIS_MEDIA_DUPLEX_STATE { MediaDuplexStateUnknown, MediaDuplexStateHalf, MediaDuplexStateFull } NDIS_MEDIA_DUPLEX_STATE;
/* NDIS_LINK_STATE (the payload of NDIS_STATUS_LINK_STATE) */
typedef enum _NDIS_SUPPORTED_PAUSE_FUNCTIONS { NdisPauseFunctionsUnsupported } NDIS_SUPPORTED_PAUSE_FUNCTIONS;
typedef struct _NDIS_LINK_STATE { NDIS_OBJECT_HEADER Header; NDIS_MEDIA_CONNECT_STATE MediaConnectState;
	NDIS_MEDIA_DUPLEX_STATE MediaDuplexState; ULONG64 XmitLinkSpeed; ULONG64 RcvLinkSpeed;
	NDIS_SUPPORTED_PAUSE_FUNCTIONS PauseFunctions; ULONG AutoNegotiationFlags; } NDIS_LINK_STATE, *PNDIS_LINK_STATE;
#define NDIS_LINK_STATE_REVISION_1 1
#define NDIS_SIZEOF_LINK_STATE_REVISION_1 \
	(__builtin_offsetof(NDIS_LINK_STATE, AutoNegotiationFlags) + sizeof(ULONG))
#define NDIS_OBJECT_TYPE_STATUS_INDICATION 0x98
#define NDIS_LINK_SPEED_UNKNOWN NET_IF_LINK_SPEED_UNKNOWN
typedef enum { NET_IF_ACCESS_LOOPBACK = 1, NET_IF_ACCESS_BROADCAST } NET_IF_ACCESS_TYPE;
typedef enum { NET_IF_DIRECTION_SENDRECEIVE } NET_IF_DIRECTION_TYPE;
typedef enum { NET_IF_CONNECTION_DEDICATED = 1 } NET_IF_CONNECTION_TYPE;
typedef USHORT NET_IFTYPE;
#define IF_TYPE_ETHERNET_CSMACD 6
typedef ULONG NET_IFINDEX;
typedef union _NET_LUID { ULONG64 Value; } NET_LUID;
#define NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA 0x00000001
#define NDIS_MAC_OPTION_TRANSFERS_NOT_PEND 0x00000004
#define NDIS_MAC_OPTION_NO_LOOPBACK 0x00000008
#define NDIS_MAC_OPTION_8021P_PRIORITY 0x00000040
#define NDIS_MAC_OPTION_8021Q_VLAN 0x00000200
#define NDIS_PACKET_TYPE_DIRECTED 0x00000001
#define NDIS_PACKET_TYPE_MULTICAST 0x00000002
#define NDIS_PACKET_TYPE_BROADCAST 0x00000008
#endif
