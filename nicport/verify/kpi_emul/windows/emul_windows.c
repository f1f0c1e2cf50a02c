/*
 * nicport L2 test support -- NOT part of any generated driver.
 *
 * A user-space emulation of the NDIS 6.x miniport services the generated
 * adapter uses (contracts/windows/ndis.h): NET_BUFFER_LIST / NET_BUFFER / MDL
 * chains from a pool with accounting, NdisMAllocateNetBufferSGList calling
 * the miniport's ProcessSGList with a scatter/gather list built from the MDL
 * chain, send completion, receive indication followed by the protocol's
 * return, shared memory, NDIS spin locks, register access to the device model.
 */
#include <ndis.h>

#include "emu_host.h"
#include "emul_windows.h"

#ifndef EMU_WIN_MESSAGES
#define EMU_WIN_MESSAGES 0
#endif
#define EMU_REGS	((PUCHAR)(uintptr_t)0x30000000u)

NDIS_MINIPORT_DRIVER_CHARACTERISTICS emu_chars;
NDIS_HANDLE emu_adapter_ctx;
static NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS emu_ic;
static NDIS_HANDLE emu_ic_ctx;
static int emu_ic_live;
static IO_INTERRUPT_MESSAGE_INFO emu_msg_info[2];	/* room for MessageInfo[0..1] */
NDIS_OFFLOAD emu_offload;
ULONG emu_mac_options;
int emu_offload_set;
static MINIPORT_PROCESS_SG_LIST_HANDLER emu_sg_handler;
static KIRQL emu_irql;
uint32_t emu_completed, emu_completed_bad;

VOID KeRaiseIrql(KIRQL n, PKIRQL o) { *o = emu_irql; emu_irql = n; }
VOID KeLowerIrql(KIRQL n) { emu_irql = n; }
VOID KeMemoryBarrier(VOID) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
/*
 * The register window is the one memory BAR the device model answers for; a
 * register access through any other mapping (the MSI-X table BAR, not
 * modelled) fails the run.
 */
#define EMU_WIN_WINDOW	0x100000u
static uint32_t emu_reg(volatile void *r)
{
	uintptr_t a = (uintptr_t)r, b = (uintptr_t)EMU_REGS;

	if (a < b || a - b >= EMU_WIN_WINDOW)
		emu_fail("register access at %p, outside the register BAR's mapping", (void *)r);
	return (uint32_t)(a - b);
}
ULONG READ_REGISTER_ULONG(volatile ULONG *r) { return emu_mmio_read(emu_reg(r)); }
VOID WRITE_REGISTER_ULONG(volatile ULONG *r, ULONG v) { emu_mmio_write(emu_reg(r), v); }
UCHAR READ_REGISTER_UCHAR(volatile UCHAR *r) { return emu_mmio_read8(emu_reg(r)); }
USHORT READ_REGISTER_USHORT(volatile USHORT *r) { return emu_mmio_read16(emu_reg(r)); }
VOID WRITE_REGISTER_UCHAR(volatile UCHAR *r, UCHAR v) { emu_mmio_write8(emu_reg(r), v); }
VOID WRITE_REGISTER_USHORT(volatile USHORT *r, USHORT v) { emu_mmio_write16(emu_reg(r), v); }
ULONG vDbgPrintEx(ULONG c, ULONG l, PCSTR f, va_list ap) { (void)c; (void)l; emu_vlog(f, ap); return 0; }

PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE h, UINT n, ULONG tag, EX_POOL_PRIORITY p)
{
	(void)h; (void)tag; (void)p;
	if (emu_fail_step("alloc"))
		return NULL;
	return emu_zalloc(n, EMU_MEM);
}

VOID NdisFreeMemory(PVOID p, UINT n, UINT f) { (void)n; (void)f; emu_free(p, EMU_MEM); }
VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK l) { l->SpinLock = 0; }
VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK l) { (void)l; }
VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK l)
{
	if (l->SpinLock++)
		emu_fail("NdisAcquireSpinLock: already held");
	l->OldIrql = emu_irql;
	emu_irql = DISPATCH_LEVEL;
}

VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK l)
{
	if (l->SpinLock-- == 0)
		emu_fail("NdisReleaseSpinLock: not held");
	emu_irql = l->OldIrql;
}

VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK l)
{
	if (emu_irql < DISPATCH_LEVEL)
		emu_fail("NdisDprAcquireSpinLock below DISPATCH_LEVEL");
	if (l->SpinLock++)
		emu_fail("NdisDprAcquireSpinLock: already held");
}

VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK l)
{
	if (l->SpinLock-- == 0)
		emu_fail("NdisDprReleaseSpinLock: not held");
}

PMDL NdisAllocateMdl(NDIS_HANDLE h, PVOID va, UINT len)
{
	PMDL m = emu_zalloc(sizeof(*m), EMU_BUF);

	(void)h;
	m->MappedSystemVa = va;
	m->ByteCount = len;
	return m;
}

VOID NdisFreeMdl(PMDL m) { emu_free(m, EMU_BUF); }

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE h, PNET_BUFFER_LIST_POOL_PARAMETERS p)
{
	(void)h; (void)p;
	return emu_zalloc(8, EMU_MEM);
}

VOID NdisFreeNetBufferListPool(NDIS_HANDLE p) { emu_free(p, EMU_MEM); }

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE pool, USHORT cs, USHORT cb,
    PMDL mdl, ULONG off, SIZE_T len)
{
	PNET_BUFFER_LIST nbl = emu_zalloc(sizeof(*nbl), EMU_PKT);
	PNET_BUFFER nb = emu_zalloc(sizeof(*nb), EMU_PKT);

	(void)pool; (void)cs; (void)cb;
	nb->MdlChain = nb->CurrentMdl = mdl;
	nb->DataOffset = nb->CurrentMdlOffset = off;
	nb->DataLength = (ULONG)len;
	nbl->FirstNetBuffer = nb;
	return nbl;
}

VOID NdisFreeNetBufferList(PNET_BUFFER_LIST nbl)
{
	emu_free(nbl->FirstNetBuffer, EMU_PKT);
	emu_free(nbl, EMU_PKT);
}

NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE h, PNDIS_SG_DMA_DESCRIPTION d, PNDIS_HANDLE dma)
{
	(void)h;
	emu_sg_handler = d->ProcessSGListHandler;
	d->ScatterGatherListSize = sizeof(SCATTER_GATHER_LIST) + 32 * sizeof(SCATTER_GATHER_ELEMENT);
	*dma = emu_zalloc(8, EMU_DMA);
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE dma) { emu_free(dma, EMU_DMA); }

/* one element per MDL (identity addresses), starting at the NB's current offset */
NDIS_STATUS NdisMAllocateNetBufferSGList(NDIS_HANDLE dma, PNET_BUFFER nb, PVOID ctx, ULONG flags,
    PVOID buf, ULONG buflen)
{
	PSCATTER_GATHER_LIST sgl;
	PMDL m = NET_BUFFER_CURRENT_MDL(nb);
	ULONG off = NET_BUFFER_CURRENT_MDL_OFFSET(nb), left = NET_BUFFER_DATA_LENGTH(nb), n = 0;

	(void)dma; (void)flags; (void)buf; (void)buflen;
	sgl = emu_zalloc(sizeof(*sgl) + 32 * sizeof(SCATTER_GATHER_ELEMENT), EMU_DMA);
	for (; m != NULL && left > 0; m = m->Next, off = 0) {
		ULONG take = m->ByteCount - off < left ? m->ByteCount - off : left;

		if (n == 32)
			emu_fail("more than 32 MDLs");
		sgl->Elements[n].Address.QuadPart = (LONGLONG)(uintptr_t)((PUCHAR)m->MappedSystemVa + off);
		sgl->Elements[n].Length = take;
		left -= take;
		n++;
	}
	sgl->NumberOfElements = n;
	emu_sg_handler(NULL, NULL, sgl, ctx);
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMFreeNetBufferSGList(NDIS_HANDLE dma, PSCATTER_GATHER_LIST sgl, PNET_BUFFER nb)
{
	(void)dma; (void)nb;
	emu_free(sgl, EMU_DMA);
}

VOID NdisMAllocateSharedMemory(NDIS_HANDLE h, ULONG len, BOOLEAN cached, PVOID *va,
    PNDIS_PHYSICAL_ADDRESS pa)
{
	(void)h; (void)cached;
	*va = emu_fail_step("dma") ? NULL : emu_zalloc(len, EMU_DMA);
	pa->QuadPart = (LONGLONG)(uintptr_t)*va;
}

VOID NdisMFreeSharedMemory(NDIS_HANDLE h, ULONG len, BOOLEAN cached, PVOID va, NDIS_PHYSICAL_ADDRESS pa)
{
	(void)h; (void)len; (void)cached; (void)pa;
	emu_free(va, EMU_DMA);
}

/*
 * The memory BARs the PCI bus driver assigned, as the function's configuration
 * space reports them (BAR dwords answered here: the device model leaves them 0)
 * and as MiniportInitializeEx's resource list holds them, one memory
 * descriptor each, in BAR order.  A presented virtio-pci function: the BAR its
 * vendor capabilities name (64-bit, above 4 GiB, when the next BAR is free, as
 * QEMU's BAR 4) and the MSI-X table's BAR its MSI-X capability names (32-bit,
 * not modelled).  Otherwise (the Intel models): BAR 0, the register BAR.
 */
#define EMU_WIN_BAR64_BASE	0x800000000ull
#define EMU_WIN_BAR32_BASE	0xfe000000u
#define EMU_WIN_MSIX_VA		((PUCHAR)(uintptr_t)0x38000000u)
struct emu_win_bar { int bar, is64; ULONGLONG addr; ULONG len; };
static int emu_win_maps;	/* NdisMMapIoSpace mappings not yet unmapped */

static int emu_win_msix_bar(void)
{
	uint32_t ptr = emu_pci_cfg_read32(0x34) & 0xfcu, w, n;

	for (n = 0; ptr >= 0x40u && n < 48u; n++) {
		w = emu_pci_cfg_read32(ptr);
		if ((w & 0xffu) == 0x11u)
			return (int)(emu_pci_cfg_read32(ptr + 4u) & 7u);
		ptr = (w >> 8) & 0xfcu;
	}
	return -1;
}

/* the presented memory BARs in BAR order; returns how many (at most 2) */
static int emu_win_bars(struct emu_win_bar *b)
{
	int regs, msix, n = 0;

	if (!emu_pci_present()) {
		b[0].bar = 0;
		b[0].is64 = 0;
		b[0].addr = EMU_WIN_BAR32_BASE;
		b[0].len = 0x20000;
		return 1;
	}
	regs = emu_pci_bar();
	msix = emu_win_msix_bar();
	if (msix == regs || msix > 5)
		msix = -1;
	if (msix >= 0 && msix < regs) {
		b[n].bar = msix;
		b[n].is64 = 0;
		b[n].addr = EMU_WIN_BAR32_BASE + 0x10000u * (uint32_t)msix;
		b[n++].len = 0x1000;
	}
	b[n].bar = regs;
	b[n].is64 = regs < 5 && (regs & 1) == 0 && msix != regs + 1;
	b[n].addr = b[n].is64 ? EMU_WIN_BAR64_BASE + 0x100000ull * (uint32_t)regs :
	    EMU_WIN_BAR32_BASE + 0x10000u * (uint32_t)regs;
	b[n++].len = emu_pci_bar_len(regs);
	if (msix > regs && !(b[n - 1].is64 && msix == regs + 1)) {
		b[n].bar = msix;
		b[n].is64 = 0;
		b[n].addr = EMU_WIN_BAR32_BASE + 0x10000u * (uint32_t)msix;
		b[n++].len = 0x1000;
	}
	return n;
}

/* configuration dword 0x10 + 4 * i: the BAR's address and flag bits (bit 2: 64-bit) */
static uint32_t emu_win_bar_dword(int i)
{
	struct emu_win_bar b[2];
	int k, n = emu_win_bars(b);

	for (k = 0; k < n; k++) {
		if (b[k].bar == i)
			return (uint32_t)b[k].addr | (b[k].is64 ? 0xcu : 0u);
		if (b[k].is64 && b[k].bar + 1 == i)
			return (uint32_t)(b[k].addr >> 32);
	}
	return 0;
}

ULONG emu_win_resources(PCM_PARTIAL_RESOURCE_DESCRIPTOR d, ULONG max)
{
	struct emu_win_bar b[2];
	int k, n = emu_win_bars(b);

	for (k = 0; k < n && (ULONG)k < max; k++) {
		memset(&d[k], 0, sizeof(d[k]));
		d[k].Type = CmResourceTypeMemory;
		d[k].u.Memory.Start.QuadPart = (LONGLONG)b[k].addr;
		d[k].u.Memory.Length = b[k].len;
	}
	return (ULONG)k;
}

int emu_win_maps_live(void) { return emu_win_maps; }

NDIS_STATUS NdisMMapIoSpace(PVOID *va, NDIS_HANDLE h, NDIS_PHYSICAL_ADDRESS pa, UINT len)
{
	struct emu_win_bar b[2];
	int k, n = emu_win_bars(b);

	(void)h;
	if (emu_fail_step("mmio"))
		return NDIS_STATUS_RESOURCES;
	for (k = 0; k < n; k++) {
		if ((ULONGLONG)pa.QuadPart != b[k].addr)
			continue;
		if (len == 0 || len > b[k].len)
			emu_fail("NdisMMapIoSpace: %u bytes of BAR %d (%u long)", len, b[k].bar,
			    b[k].len);
		/* the register window is the BAR the model answers for */
		*va = !emu_pci_present() || b[k].bar == emu_pci_bar() ? EMU_REGS : EMU_WIN_MSIX_VA;
		emu_win_maps++;
		return NDIS_STATUS_SUCCESS;
	}
	emu_fail("NdisMMapIoSpace of 0x%llx: no memory resource there", (unsigned long long)pa.QuadPart);
	return NDIS_STATUS_RESOURCES;
}

VOID NdisMUnmapIoSpace(NDIS_HANDLE h, PVOID va, UINT len)
{
	(void)h; (void)len;
	if (va != EMU_REGS && va != EMU_WIN_MSIX_VA)
		emu_fail("NdisMUnmapIoSpace of %p: not mapped", va);
	if (emu_win_maps-- <= 0)
		emu_fail("NdisMUnmapIoSpace: more unmaps than maps");
}

static USHORT emu_ids[2];
void emu_set_pci_id(USHORT v, USHORT d)
{
	/* a presented PCI function answers with its own IDs (virtio-pci modern: 0x1af4/0x1041) */
	if (emu_pci_present()) {
		uint32_t id = emu_pci_cfg_read32(0);

		v = (uint16_t)id;
		d = (uint16_t)(id >> 16);
	}
	emu_ids[0] = v;
	emu_ids[1] = d;
}
ULONG NdisMGetBusData(NDIS_HANDLE h, ULONG space, ULONG off, PVOID buf, ULONG len)
{
	ULONG i;

	(void)h;
	if (space != PCI_WHICHSPACE_CONFIG)
		return 0;
	if (emu_pci_present()) {
		/* the presented function's configuration space, byte by byte */
		if (off > 256 || len > 256 - off)
			return 0;
		for (i = 0; i < len; i++) {
			ULONG o = off + i;

			((PUCHAR)buf)[i] = o >= 0x10 && o < 0x28 ?
			    (UCHAR)(emu_win_bar_dword((int)(o - 0x10) / 4) >> 8 * (o & 3)) :
			    (UCHAR)emu_pci_cfg_read(o, 1);
		}
		return len;
	}
	if (off != 0 || len != sizeof(emu_ids))
		return 0;
	memcpy(buf, emu_ids, sizeof(emu_ids));
	return len;
}

/*
 * NdisMRegisterInterruptEx: message-based when the miniport supports it and the
 * device has a table (MSI-X, 2 messages, as the INF's MessageNumberLimit
 * asks), else line-based; NDIS fills InterruptType and MessageInfoTable.
 */
NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE h, NDIS_HANDLE ctx,
    PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS ic, PNDIS_HANDLE ih)
{
	int n = 0;

	(void)h;
	if (emu_ic_live)
		emu_fail("NdisMRegisterInterruptEx twice");
	if (emu_fail_step("intr"))
		return NDIS_STATUS_RESOURCES;
	/* the INF's MessageNumberLimit (-DEMU_WIN_MESSAGES): 2+ MSI-X, 1 MSI */
	if (ic->MsiSupported && ic->MessageInterruptHandler != NULL && EMU_WIN_MESSAGES > 1)
		n = emu_intr_alloc(EMU_INTR_MSIX, EMU_WIN_MESSAGES);
	else if (ic->MsiSupported && ic->MessageInterruptHandler != NULL && EMU_WIN_MESSAGES == 1)
		n = emu_intr_alloc(EMU_INTR_MSI, 1);
	if (n == 0)
		(void)emu_intr_alloc(EMU_INTR_INTX, 1);
	ic->InterruptType = n ? NDIS_CONNECT_MESSAGE_BASED : NDIS_CONNECT_LINE_BASED;
	memset(emu_msg_info, 0, sizeof(emu_msg_info));
	emu_msg_info[0].MessageCount = (ULONG)n;
	ic->MessageInfoTable = n ? emu_msg_info : NULL;
	emu_ic = *ic;
	emu_ic_ctx = ctx;
	emu_ic_live = 1;
	*ih = &emu_ic;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterInterruptEx(NDIS_HANDLE ih)
{
	if (ih != &emu_ic || !emu_ic_live)
		emu_fail("NdisMDeregisterInterruptEx of an unregistered interrupt");
	emu_ic.InterruptHandler = NULL;
	emu_ic.MessageInterruptHandler = NULL;
	emu_ic_live = 0;
	emu_intr_release();
}

int emu_intr_live(void) { return emu_ic_live; }

/* what NDIS was told about the link: the general attributes, then NDIS_STATUS_LINK_STATE */
static void emu_link_ndis(NDIS_MEDIA_CONNECT_STATE c, NDIS_MEDIA_DUPLEX_STATE d, ULONG64 xmit, ULONG64 rcv)
{
	static int last = -1;
	int up = c == MediaConnectStateConnected;

	if (c == MediaConnectStateUnknown)
		return;
	if (up && xmit != rcv)
		emu_fail("NDIS_LINK_STATE: XmitLinkSpeed %llu != RcvLinkSpeed %llu",
		    (unsigned long long)xmit, (unsigned long long)rcv);
	if (up)
		emu_link_speed(xmit == NDIS_LINK_SPEED_UNKNOWN ? 0 : (uint32_t)(xmit / 1000000),
		    d == MediaDuplexStateFull ? 1 : d == MediaDuplexStateHalf ? 0 : -1);
	if (up != last)
		emu_link_report(up);
	last = up;
}

VOID NdisMIndicateStatusEx(NDIS_HANDLE h, PVOID p)
{
	PNDIS_STATUS_INDICATION si = p;
	PNDIS_LINK_STATE ls;

	(void)h;
	if (si->Header.Type != NDIS_OBJECT_TYPE_STATUS_INDICATION ||
	    si->Header.Revision != NDIS_STATUS_INDICATION_REVISION_1 ||
	    si->Header.Size < NDIS_SIZEOF_STATUS_INDICATION_REVISION_1)
		emu_fail("NdisMIndicateStatusEx: bad NDIS_STATUS_INDICATION header");
	if (si->StatusCode != NDIS_STATUS_LINK_STATE)
		return;
	ls = si->StatusBuffer;
	if (ls == NULL || si->StatusBufferSize < NDIS_SIZEOF_LINK_STATE_REVISION_1 ||
	    ls->Header.Type != NDIS_OBJECT_TYPE_DEFAULT || ls->Header.Revision != NDIS_LINK_STATE_REVISION_1 ||
	    ls->Header.Size < NDIS_SIZEOF_LINK_STATE_REVISION_1)
		emu_fail("NDIS_STATUS_LINK_STATE without a valid NDIS_LINK_STATE");
	if (emu_irql > DISPATCH_LEVEL)
		emu_fail("NdisMIndicateStatusEx above DISPATCH_LEVEL");
	emu_link_ndis(ls->MediaConnectState, ls->MediaDuplexState, ls->XmitLinkSpeed, ls->RcvLinkSpeed);
}

NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE h, PNDIS_MINIPORT_ADAPTER_ATTRIBUTES a)
{
	(void)h;
	if (a->RegistrationAttributes.Header.Type == NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES)
		emu_adapter_ctx = a->RegistrationAttributes.MiniportAdapterContext;
	if (a->GeneralAttributes.Header.Type == NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES) {
		emu_mac_options = a->GeneralAttributes.MacOptions;
		/* the initial link state: MediaConnectState and the link speeds */
		emu_link_ndis(a->GeneralAttributes.MediaConnectState, a->GeneralAttributes.MediaDuplexState,
		    a->GeneralAttributes.XmitLinkSpeed, a->GeneralAttributes.RcvLinkSpeed);
	}
	if (a->OffloadAttributes.Header.Type == NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES) {
		if (a->OffloadAttributes.HardwareOffloadCapabilities == NULL ||
		    a->OffloadAttributes.DefaultOffloadConfiguration == NULL)
			emu_fail("offload attributes without NDIS_OFFLOAD");
		emu_offload = *a->OffloadAttributes.HardwareOffloadCapabilities;
		if (emu_offload.Header.Type != NDIS_OBJECT_TYPE_OFFLOAD)
			emu_fail("NDIS_OFFLOAD header type %u", emu_offload.Header.Type);
		emu_offload_set = 1;
	}
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT d, PUNICODE_STRING r, NDIS_HANDLE c,
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS ch, PNDIS_HANDLE h)
{
	(void)d; (void)r; (void)c;
	emu_chars = *ch;
	*h = &emu_chars;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE h) { (void)h; }

/* the protocol side: completions free the harness's NBLs, indications are copied and returned */
VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE h, PNET_BUFFER_LIST nbls, ULONG flags)
{
	PNET_BUFFER_LIST nbl, next;

	(void)h; (void)flags;
	for (nbl = nbls; nbl != NULL; nbl = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		if (NET_BUFFER_LIST_STATUS(nbl) != NDIS_STATUS_SUCCESS)
			emu_completed_bad++;
		emu_completed++;
		emu_nbl_free(nbl);
	}
}

VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE h, PNET_BUFFER_LIST nbls, NDIS_PORT_NUMBER port,
    ULONG count, ULONG flags)
{
	PNET_BUFFER_LIST nbl;
	ULONG n = 0;

	(void)h; (void)port; (void)flags;
	for (nbl = nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
		PMDL m = NET_BUFFER_CURRENT_MDL(nb);
		NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO csum;
		uint32_t fl = 0;

		csum.Value = NET_BUFFER_LIST_INFO(nbl, TcpIpChecksumNetBufferListInfo);
		if (csum.Receive.UdpChecksumSucceeded || csum.Receive.TcpChecksumSucceeded)
			fl |= EMU_RX_CSUM_GOOD;
		if (csum.Receive.UdpChecksumFailed || csum.Receive.IpChecksumFailed)
			fl |= EMU_RX_CSUM_BAD;
		emu_rx_record((PUCHAR)m->MappedSystemVa + NET_BUFFER_CURRENT_MDL_OFFSET(nb),
		    NET_BUFFER_DATA_LENGTH(nb), fl);
		n++;
	}
	if (n != count)
		emu_fail("NumberOfNetBufferLists %u, chain holds %u", (unsigned)count, (unsigned)n);
	emu_chars.ReturnNetBufferListsHandler(emu_adapter_ctx, nbls, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
}

/* harness-built send NBLs: one NB, the frame in two MDLs */
PNET_BUFFER_LIST emu_nbl_new(const uint8_t *f, ULONG len, ULONG split)
{
	PNET_BUFFER_LIST nbl = emu_zalloc(sizeof(*nbl), EMU_PKT);
	PNET_BUFFER nb = emu_zalloc(sizeof(*nb), EMU_PKT);
	PUCHAR a = emu_zalloc(split, EMU_BUF), b = emu_zalloc(len - split, EMU_BUF);

	memcpy(a, f, split);
	memcpy(b, f + split, len - split);
	nb->MdlChain = nb->CurrentMdl = NdisAllocateMdl(NULL, a, split);
	nb->MdlChain->Next = NdisAllocateMdl(NULL, b, len - split);
	nb->DataLength = len;
	nbl->FirstNetBuffer = nb;
	return nbl;
}

void emu_nbl_free(PNET_BUFFER_LIST nbl)
{
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
	PMDL m, n;

	for (m = nb->MdlChain; m != NULL; m = n) {
		n = m->Next;
		emu_free(m->MappedSystemVa, EMU_BUF);
		NdisFreeMdl(m);
	}
	emu_free(nb, EMU_PKT);
	emu_free(nbl, EMU_PKT);
}

void emu_service(void)
{
	BOOLEAN dpc = FALSE;
	ULONG target = 0, v, n;
	KIRQL old;

	emu_dev_poll();
	if (!emu_ic_live)
		return;
	if (emu_ic.InterruptType == NDIS_CONNECT_MESSAGE_BASED) {
		n = emu_intr_nvec();
		for (v = 0; v < n; v++) {
			if (!emu_irq_take_vec((uint16_t)v))
				continue;
			emu_irq_delivered((uint16_t)v);
			dpc = FALSE;
			if (emu_ic.MessageInterruptHandler(emu_ic_ctx, v, &dpc, &target) && dpc) {
				KeRaiseIrql(DISPATCH_LEVEL, &old);
				emu_ic.MessageInterruptDpcHandler(emu_ic_ctx, v, NULL, NULL, NULL);
				KeLowerIrql(old);
			}
		}
		return;
	}
	if (!emu_irq_take() || emu_ic.InterruptHandler == NULL)
		return;
	emu_irq_delivered(0);
	if (emu_ic.InterruptHandler(emu_ic_ctx, &dpc, &target) && dpc) {
		KeRaiseIrql(DISPATCH_LEVEL, &old);
		emu_ic.InterruptDpcHandler(emu_ic_ctx, NULL, NULL, NULL);
		KeLowerIrql(old);
	}
}
