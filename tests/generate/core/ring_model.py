"""Python reference model of the core's TX/RX rings over the loopback device
(nic_loopback_hw.c), written from the contract in docs/core.md, independently
of the C code.  Every answer line of the C driver is predicted exactly."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class TxPkt:
    id: int
    nsegs: int
    length: int
    last: int          # absolute descriptor index of the EOP slot
    flushed: bool = False


@dataclass
class RingModel:
    ntx: int
    nrx: int
    bufsz: int
    npool: int
    db_batch: int
    refill_batch: int
    # TX (absolute, unbounded indices)
    pidx: int = 0
    cidx: int = 0
    hw_cidx: int = 0
    dev_tx: int = 0
    db_pending: int = 0
    doorbells: int = 0
    ring_full: int = 0
    cookies: dict = field(default_factory=dict)   # slot -> id
    tx_queue: deque = field(default_factory=deque)  # submitted, not yet moved by the device
    next_id: int = 0
    # RX
    r_pidx: int = 0
    r_dev: int = 0
    r_cidx: int = 0
    rx_queue: deque = field(default_factory=deque)  # (id, len, nbufs) filled by the device
    pool: int = 0
    up: int = 0
    rx_pkts: int = 0
    alloc_fail: int = 0
    alloc_calls: int = 0
    fail_every: int = 0

    def __post_init__(self):
        self.pool = self.npool
        self.refill_batch = min(self.refill_batch, self.nrx - 1) if self.refill_batch else min(32, self.nrx // 2)
        self.db_batch = self.db_batch or self.ntx // 4

    # ---- helpers
    def _alloc(self) -> bool:
        self.alloc_calls += 1
        if self.fail_every and self.alloc_calls % self.fail_every == 0:
            return False
        if self.pool == 0:
            return False
        self.pool -= 1
        return True

    def _refill(self, mx: int) -> int:
        posted = self.r_pidx - self.r_cidx
        mx = min(mx, self.nrx - 1 - posted)
        n = 0
        while n < mx:
            if not self._alloc():
                self.alloc_fail += 1
                break
            n += 1
        self.r_pidx += n
        return n

    def _flush(self):
        if self.db_pending:
            for p in self.tx_queue:
                p.flushed = True
            self.db_pending = 0
            self.doorbells += 1

    # ---- operations (each returns the expected answer line)
    def init(self) -> str:
        self._refill(self.nrx - 1)
        return f"init 0 0 posted={self.r_pidx - self.r_cidx} pool={self.pool}"

    def tx(self, n: int, nsegs: int, seglen: int, more: bool) -> str:
        rcs = []
        for _ in range(n):
            need = nsegs + 1
            avail = self.ntx - 1 - (self.pidx - self.cidx)
            if need > avail:
                self.ring_full += 1
                self._flush()
                rcs.append(-28)
                continue
            last = self.pidx + nsegs - 1
            self.cookies[last] = self.next_id
            self.tx_queue.append(TxPkt(self.next_id, nsegs, nsegs * seglen, last))
            self.next_id += 1
            self.pidx += nsegs
            self.db_pending += nsegs
            if not more or self.db_pending >= self.db_batch:
                self._flush()
            rcs.append(0)
        return "tx" + "".join(f" {r}" for r in rcs)

    def txb(self, n: int, nsegs: int, seglen: int) -> str:
        """nic_tx_burst: NIC_TX_MORE on all but the last, stop at the first refusal,
        then one doorbell for what is pending."""
        n = min(n, 512)
        got = 0
        for i in range(n):
            if self.tx(1, nsegs, seglen, i + 1 < n) != "tx 0":
                break
            got += 1
        self._flush()
        return f"txb {got}"

    def flush(self) -> str:
        self._flush()
        return "flush"

    def dev(self, m: int) -> str:
        moved = 0
        while moved < m and self.tx_queue and self.tx_queue[0].flushed:
            p = self.tx_queue[0]
            need = -(-p.length // self.bufsz) if p.length else 1
            if self.r_pidx - self.r_dev < need:
                break
            self.tx_queue.popleft()
            self.r_dev += need
            self.rx_queue.append((p.id, p.length, need))
            self.dev_tx = p.last + 1
            moved += 1
        return f"dev {moved}"

    def txc(self, mx: int) -> str:
        self.hw_cidx = self.dev_tx
        out = []
        while self.cidx != self.hw_cidx:
            if self.cidx in self.cookies:
                if len(out) == mx:
                    break
                out.append(self.cookies.pop(self.cidx))
            self.cidx += 1
        return "txc" + "".join(f" {i}" for i in out)

    def rx(self, budget: int) -> str:
        budget = min(budget, 512)
        out = []
        while len(out) < budget and self.rx_queue:
            pid, length, nb = self.rx_queue.popleft()
            self.r_cidx += nb
            self.up += nb
            self.rx_pkts += 1
            out.append(f"{pid}:{length}:{nb}")
        posted = self.r_pidx - self.r_cidx
        if self.nrx - 1 - posted >= self.refill_batch or posted < self.refill_batch:
            self._refill(self.nrx)
        return "rx" + "".join(f" {o}" for o in out)

    def rel(self) -> str:
        n, self.pool, self.up = self.up, self.pool + self.up, 0
        return f"rel {n}"

    def refill(self, mx: int) -> str:
        return f"refill {self._refill(mx)}"

    def failalloc(self, every: int) -> str:
        self.fail_every, self.alloc_calls = every, 0
        return "failalloc"

    def state(self) -> str:
        posted = self.r_pidx - self.r_cidx
        core = posted + self.up
        return (f"state txavail={self.ntx - 1 - (self.pidx - self.cidx)} "
                f"txpidx={self.pidx % self.ntx} txcidx={self.cidx % self.ntx} "
                f"posted={posted} pool={self.pool} up={self.up} core={core} "
                f"ring_full={self.ring_full} doorbells={self.doorbells} rxpkts={self.rx_pkts} "
                f"allocfail={self.alloc_fail}")

    def fini(self) -> str:
        return f"fini pool={self.npool} nbufs={self.npool} core=0 bytes_live=0 coherent_live=0"
