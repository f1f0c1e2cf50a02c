"""Run one L3 check by hand:

    python -m nicport.verify.qemu MODULE.ko --driver e1000 --device e1000 --pci-id 8086:100e \\
        --features vlan,tso,tx_csum --out OUT

``--build DIR`` builds the module in DIR with kbuild first.  Prints the result as JSON; exit
0 on PASS, 1 on FAIL, 2 on bad input (nicport's exit codes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...errors import NicportError
from . import build_module, run_l3


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m nicport.verify.qemu", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", nargs="?", type=Path, help="the .ko under test")
    ap.add_argument("--build", type=Path, help="build the module in this directory first")
    ap.add_argument("--driver", required=True, help="driver name as sysfs shows it")
    ap.add_argument("--device", required=True, help="QEMU -device model")
    ap.add_argument("--pci-id", help="vvvv:dddd the NIC must present")
    ap.add_argument("--features", default="", help="comma list of vlan,tso,tx_csum,rx_csum")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--irq-mode", default="", help="comma list of msix,msi,intx the NIC must end up in")
    ap.add_argument("--device-option", action="append", default=[], help="extra -device property (vectors=0)")
    ap.add_argument("--append", action="append", default=[], help="extra guest kernel parameter (pci=nomsi)")
    a = ap.parse_args(argv)
    try:
        ko = a.module
        if a.build:
            kos = build_module(a.build)
            ko = ko or kos[0]
        if ko is None:
            ap.error("give MODULE or --build DIR")
        feats = {f: True for f in a.features.split(",") if f}
        r = run_l3(ko, driver_name=a.driver, qemu_device=a.device, pci_id=a.pci_id,
                   features=feats, out_dir=a.out, timeout=a.timeout,
                   irq_mode=tuple(m for m in a.irq_mode.split(",") if m) or None,
                   device_options=tuple(a.device_option), kernel_append=tuple(a.append))
    except NicportError as e:
        print(f"error: {e.one_line()}", file=sys.stderr)
        return e.exit_code
    print(json.dumps(r.to_dict(), indent=2, sort_keys=True))
    return 0 if r.passed else 1


if __name__ == "__main__":
    sys.exit(main())
