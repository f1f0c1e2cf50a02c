"""Interrupt model: which of MSI-X / MSI / INTx the driver really uses (from its PCI calls),
their fallback order, the handlers registered for each, and the API calls involved."""

from __future__ import annotations

from ..ir import ApiCall, Interrupts, IrqHandler, Provenance
from .entry_points import IRQ_APIS, virtqueue_callbacks
from .program import Program

MSIX_APIS = {"pci_enable_msix_range", "pci_enable_msix_exact", "pci_enable_msix"}
MSI_APIS = {"pci_enable_msi", "pci_enable_msi_range", "pci_enable_msi_exact"}
ALLOC_VECTORS = {"pci_alloc_irq_vectors", "pci_alloc_irq_vectors_affinity"}
IRQ_RELATED = MSIX_APIS | MSI_APIS | ALLOC_VECTORS | set(IRQ_APIS) | {
    "free_irq", "pci_free_irq", "pci_disable_msix", "pci_disable_msi", "pci_free_irq_vectors", "pci_irq_vector",
    "synchronize_irq", "irq_set_affinity_hint", "disable_irq", "enable_irq", "virtio_find_vqs", "virtio_find_vqs_ctx",
    "virtqueue_disable_cb", "virtqueue_enable_cb", "virtqueue_enable_cb_prepare", "virtqueue_enable_cb_delayed",
    "napi_schedule", "__napi_schedule", "napi_schedule_prep", "napi_complete_done", "napi_complete",
    "napi_schedule_irqoff", "__napi_schedule_irqoff"}

# PCI_IRQ_* flags (include/linux/pci.h, 6.1)
PCI_IRQ_LEGACY, PCI_IRQ_MSI, PCI_IRQ_MSIX = 1, 2, 4


def handler_functions(prog: Program) -> list[tuple[str, str, str, int, str]]:
    """[(handler, api, caller, line, irq argument text)] -- a local ``handler`` variable is
    resolved to the interrupt handlers whose address the caller takes."""
    out = []
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for api, line, argv in f["args"]:
            if api not in IRQ_APIS:
                continue
            irq_text = argv[0][0] if argv else ""
            for idx in IRQ_APIS[api][:1]:
                if idx >= len(argv):
                    continue
                names = [n for n in argv[idx][2] if n in prog.functions]
                if not names:
                    names = [r for r, _l in f["refs"] if prog.functions.get(r, {}).get("ret") == "irqreturn_t"]
                for h in dict.fromkeys(names):
                    out.append((h, api, fname, line, irq_text))
    return out


def interrupts(prog: Program, bus: str | None, ep=None) -> Interrupts:
    calls: list[ApiCall] = []
    used = set()
    alloc_flags = 0
    for fname in sorted(prog.functions):
        f = prog.functions[fname]
        for name, line, kind, _s in f["calls"]:
            if kind == "kernel" and name in IRQ_RELATED:
                calls.append(ApiCall(name=name, file=f["file"], line=line, derived="clang"))
                used.add(name)
        for api, _line, argv in f["args"]:
            if api in ALLOC_VECTORS and len(argv) >= 4:
                if isinstance(argv[3][1], int):
                    alloc_flags |= argv[3][1]
                else:  # a flags variable: the PCI_IRQ_* values assigned to it in the function
                    import re

                    txt = argv[3][0]
                    var = txt.strip()
                    if re.fullmatch(r"[a-z_]\w*", var):
                        txt += " ".join(re.findall(rf"\b{var}\s*[|]?=\s*([^;]+);", prog.function_text(fname)))
                    for flag, bit in (("LEGACY", PCI_IRQ_LEGACY), ("INTX", PCI_IRQ_LEGACY), ("MSI", PCI_IRQ_MSI),
                                      ("MSIX", PCI_IRQ_MSIX), ("ALL_TYPES", 7)):
                        if re.search(rf"\bPCI_IRQ_{flag}\b", txt):
                            alloc_flags |= bit
    regs = handler_functions(prog)
    if ep is not None:
        from .entry_points import dataplane_registrations

        regs = [r for r in regs if r[0] in {x[0] for x in dataplane_registrations(prog, regs, ep)}]
    models = []
    if used & MSIX_APIS or alloc_flags & PCI_IRQ_MSIX:
        models.append("MSI-X")
    if used & MSI_APIS or alloc_flags & PCI_IRQ_MSI:
        models.append("MSI")
    legacy = any("pdev->irq" in irq or "->irq" in irq and "msix" not in irq and "vector" not in irq
                 for _h, _a, _c, _l, irq in regs) or bool(alloc_flags & PCI_IRQ_LEGACY)
    if legacy or (regs and not models):
        models.append("INTx")
    handlers = []
    seen_h = set()
    for h, api, caller, line, irq in regs:
        if h in seen_h:
            continue
        seen_h.add(h)
        f = prog.functions[caller]
        model = None
        low = (irq + " " + h).lower()
        if "msix" in low or "entries" in low or "vector" in low:
            model = "MSI-X"
        elif "msi" in h.lower():
            model = "MSI"
        elif "pdev->irq" in irq:
            model = "INTx" if "MSI" not in models else "INTx/MSI"
        handlers.append(IrqHandler(name=h, registered_by=api, caller=caller, model=model,
                                   provenance=Provenance(file=f["file"], line=line, derived="clang")))
    notes = []
    transport = False
    if not regs and bus == "virtio":
        transport = True
        models = ["virtqueue callbacks"]
        for cb in virtqueue_callbacks(prog):
            fdef = prog.functions[cb]
            handlers.append(IrqHandler(name=cb, registered_by="virtio_find_vqs", model="virtqueue callback",
                                       provenance=Provenance(file=fdef["file"], line=fdef["line"], derived="inferred")))
        notes.append("transport-managed: the virtio transport (virtio_pci: MSI-X or INTx) owns the interrupt and "
                     "calls the virtqueue callbacks")
    if models and models[0] == "MSI-X" and len(models) > 1:
        notes.append("fallback order " + " -> ".join(models))
    layout = []
    for h in handlers:
        if h.model == "MSI-X":
            layout.append(f"MSI-X vector: {h.name}")
    return Interrupts(models=models, transport_managed=transport, api_calls=calls, handlers=handlers,
                      vector_layout=layout, notes=notes)
