"""Verification level L3: the module under test in Debian's real kernel on QEMU-emulated
hardware, exchanging real frames with a host peer over 127.0.0.1 (see docs/l3.md)."""

from .initramfs import Features, GuestSpec, build_initramfs, init_script, resolve_guest_modules
from .models import ModelChoice, QemuModel, choose_qemu_model, probe_pci_ids, qemu_models
from .modules import build_module
from .plan import TrafficPlan
from .runner import L3Result, run_l3

__all__ = [
    "Features", "GuestSpec", "L3Result", "ModelChoice", "QemuModel", "TrafficPlan",
    "build_initramfs", "build_module", "choose_qemu_model", "init_script", "probe_pci_ids",
    "qemu_models", "resolve_guest_modules", "run_l3",
]
