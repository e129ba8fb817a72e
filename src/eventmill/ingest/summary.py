"""What a long run did, counted as it goes and printed once at the end."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Summary:
    read: int = 0
    coded: int = 0
    events: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> articles
    unreadable: list[str] = field(default_factory=list)  # input locations
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, why)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    def fail(self, article_id: str, why: str) -> None:
        self.failed.append((article_id, why))

    def lines(self, target: str = "") -> list[str]:
        secs = self.seconds
        rate = self.coded / secs if secs > 0 else 0.0
        skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        out = [f"eventmill: read {self.read} articles, coded {self.coded}, "
               f"skipped {sum(self.skipped.values())}" + (f" ({skipped})" if skipped else "")
               + f", {self.events} events stored" + (f" -> {target}" if target else "")
               + f" in {secs:.1f} s ({rate:.1f} articles/s)"]
        if self.unreadable:
            out.append(f"eventmill: {len(self.unreadable)} unreadable input(s) skipped (listed above)")
        for aid, why in self.failed:
            out.append(f"eventmill: lost article {aid}: {why}")
        return out

    @property
    def ok(self) -> bool:
        return not self.unreadable and not self.failed
