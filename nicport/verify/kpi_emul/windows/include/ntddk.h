/*
 * nicport L2 test support -- NOT part of any generated driver, NOT Microsoft's header.
 *
 * The host-side stand-in for the <ntddk.h> subset the NDIS contract and the
 * generated adapter use, for building the adapter into a Linux test process
 * (L0 uses mingw-w64's real ntddk.h instead).  Widths follow Windows (LLP64):
 * ULONG and LONG are 32 bits.
 */
#ifndef NICPORT_EMU_NTDDK_H
#define NICPORT_EMU_NTDDK_H
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#define VOID void
typedef void *PVOID;
typedef uint8_t UCHAR, *PUCHAR, BOOLEAN, *PBOOLEAN;
typedef uint16_t USHORT, *PUSHORT;
typedef uint32_t ULONG, *PULONG, UINT32, DWORD;
typedef int32_t LONG, *PLONG, NTSTATUS;
typedef uint64_t ULONG64, ULONGLONG;
typedef int64_t LONGLONG;
typedef uintptr_t ULONG_PTR, SIZE_T;
typedef int INT;
typedef char CHAR, *PCHAR;
typedef const char *PCSTR;
typedef UCHAR KIRQL, *PKIRQL;
typedef ULONG_PTR KSPIN_LOCK;
typedef int KSPIN_LOCK_QUEUE_NUMBER;
#define TRUE 1
#define FALSE 0
#define MAXULONG 0xffffffffu
#define MAXUINT 0xffffffffu
#define PAGE_SIZE 4096
#define PASSIVE_LEVEL 0
#define DISPATCH_LEVEL 2
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_PENDING ((NTSTATUS)0x00000103L)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BBL)
#define FORCEINLINE static inline
#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define _Use_decl_annotations_
#define _In_
#define _Out_
#define _Inout_

typedef union _LARGE_INTEGER { struct { ULONG LowPart; LONG HighPart; } u; LONGLONG QuadPart; } LARGE_INTEGER;
typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _MDL {
	struct _MDL	*Next;
	PVOID		MappedSystemVa;
	ULONG		ByteCount;
	ULONG		ByteOffset;
} MDL, *PMDL;
typedef enum { LowPagePriority, NormalPagePriority = 16, HighPagePriority = 32 } MM_PAGE_PRIORITY;
#define MmGetSystemAddressForMdlSafe(m, p)	((void)(p), (m)->MappedSystemVa)
#define MmGetMdlByteCount(m)			((m)->ByteCount)

typedef struct _SCATTER_GATHER_ELEMENT { PHYSICAL_ADDRESS Address; ULONG Length; ULONG_PTR Reserved; } SCATTER_GATHER_ELEMENT;
typedef struct _SCATTER_GATHER_LIST { ULONG NumberOfElements; ULONG_PTR Reserved; SCATTER_GATHER_ELEMENT Elements[]; } SCATTER_GATHER_LIST, *PSCATTER_GATHER_LIST;

typedef enum _INTERFACE_TYPE { Internal, Isa, Eisa, MicroChannel, TurboChannel, PCIBus } INTERFACE_TYPE;
#define CmResourceTypeMemory 3
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
	UCHAR Type; UCHAR ShareDisposition; USHORT Flags;
	union { struct { PHYSICAL_ADDRESS Start; ULONG Length; } Memory; } u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;
typedef struct _CM_PARTIAL_RESOURCE_LIST {
	USHORT Version; USHORT Revision; ULONG Count;
	CM_PARTIAL_RESOURCE_DESCRIPTOR PartialDescriptors[1];
} CM_PARTIAL_RESOURCE_LIST, *PCM_PARTIAL_RESOURCE_LIST;

typedef struct _DEVICE_OBJECT *PDEVICE_OBJECT;
typedef struct _DRIVER_OBJECT *PDRIVER_OBJECT;
typedef struct _UNICODE_STRING *PUNICODE_STRING;
typedef NTSTATUS DRIVER_INITIALIZE(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
typedef struct _IO_INTERRUPT_MESSAGE_INFO_ENTRY { PHYSICAL_ADDRESS MessageAddress; ULONG_PTR TargetProcessorSet;
	PVOID InterruptObject; ULONG MessageData; ULONG Vector; KIRQL Irql; } IO_INTERRUPT_MESSAGE_INFO_ENTRY;
typedef struct _IO_INTERRUPT_MESSAGE_INFO { KIRQL UnifiedIrql; ULONG MessageCount;
	IO_INTERRUPT_MESSAGE_INFO_ENTRY MessageInfo[1]; } IO_INTERRUPT_MESSAGE_INFO, *PIO_INTERRUPT_MESSAGE_INFO;
typedef enum { NormalPoolPriority = 16 } EX_POOL_PRIORITY;

VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql);
VOID KeLowerIrql(KIRQL NewIrql);
ULONG READ_REGISTER_ULONG(volatile ULONG *Register);
VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value);
UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register);
USHORT READ_REGISTER_USHORT(volatile USHORT *Register);
VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value);
VOID WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value);
#define InterlockedIncrement(p)	__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedDecrement(p)	__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedExchange(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
void *memset(void *, int, size_t);
void *memcpy(void *, const void *, size_t);
#define RtlZeroMemory(d, l)	memset((d), 0, (l))
#define RtlCopyMemory(d, s, l)	memcpy((d), (s), (l))
#define DPFLTR_IHVNETWORK_ID	90
#define DPFLTR_ERROR_LEVEL	0
#define DPFLTR_INFO_LEVEL	3
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, va_list arglist);
#endif
