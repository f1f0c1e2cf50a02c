"""The QEMU monitor (QMP over a unix socket) for what the host does to a running guest: take
the emulated link down and up (``set_link``), as a cable pull would.

``qemu_command(..., qmp_socket=PATH)`` adds ``-qmp unix:PATH,server=on,wait=off``; ``Monitor``
connects on first use, negotiates capabilities and runs one command at a time.  ``LinkFlapper``
answers the guest's ``@@NP linkflap want=off|on`` console requests (the guest waits for the
carrier itself) and records what it did and when, for the verdict.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: the -netdev id runner.qemu_command gives the guest NIC's backend
NETDEV_ID = "n0"


class MonitorError(Exception):
    pass


class Monitor:
    """A QMP client on a unix socket (QEMU's JSON lines; asynchronous events skipped)."""

    def __init__(self, path: Path, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._sock: socket.socket | None = None
        self._buf = b""

    def _line(self) -> dict:
        assert self._sock is not None
        while b"\n" not in self._buf:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise MonitorError("QMP connection closed")
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return json.loads(line)

    def _reply(self) -> dict:
        while True:
            msg = self._line()
            if "return" in msg or "error" in msg:
                return msg

    def connect(self) -> None:
        if self._sock is not None:
            return
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                s.connect(str(self.path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    s.close()
                    raise MonitorError(f"no QMP socket at {self.path}") from None
                time.sleep(0.05)
        self._sock = s
        greeting = self._line()
        if "QMP" not in greeting:
            raise MonitorError(f"not a QMP greeting: {greeting}")
        self.execute("qmp_capabilities")

    def execute(self, command: str, **arguments) -> dict:
        if self._sock is None:
            self.connect()
        assert self._sock is not None
        msg = {"execute": command} | ({"arguments": arguments} if arguments else {})
        self._sock.sendall(json.dumps(msg).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise MonitorError(f"{command}: {reply['error'].get('desc', reply['error'])}")
        return reply["return"]

    def set_link(self, up: bool, name: str = NETDEV_ID) -> None:
        self.execute("set_link", name=name, up=bool(up))

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


@dataclass
class LinkFlapper:
    """Runs ``set_link`` when the guest asks (``@@NP linkflap want=off|on``); the actions, with
    host times (seconds since QEMU started) and errors, go to the verdict."""

    monitor: Monitor
    t0: float = 0.0  # time.monotonic() when QEMU started (the console's clock)
    actions: list[dict] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def on_event(self, t: float, words: list[str]) -> None:
        if not words or words[0] != "linkflap":
            return
        want = dict(w.split("=", 1) for w in words[1:] if "=" in w).get("want")
        if want not in ("off", "on"):
            return
        with self._lock:
            rec: dict = {"want": want, "asked_s": round(t, 3)}
            try:
                self.monitor.set_link(want == "on")
                rec["ok"] = True
            except (OSError, MonitorError, ValueError) as e:
                rec["ok"] = False
                rec["error"] = str(e)
            rec["done_s"] = round(time.monotonic() - self.t0, 3)
            self.actions.append(rec)
