"""`eventmill bench-serve`: load-test the API the way the dashboard uses it.

Fills a store with synthetic events (eventmill.serve.synthetic), starts `eventmill serve` on
127.0.0.1 in a child process, and runs N concurrent clients for a fixed time against
/api/timeline and /api/events with varied filters (countries, quad classes, roots, periods,
pages). Each client waits for its answer before asking again (a closed loop, like people at
dashboards). Reports latency percentiles per endpoint and the error count.

The clients are asyncio coroutines speaking plain HTTP/1.1 with keep-alive: threads in this
process would compete with the server for the GIL-free cores and distort the figures less
predictably.
"""
from __future__ import annotations

import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psutil

from eventmill.serve.synthetic import _COUNTRIES, fill_synthetic

__all__ = ["run_bench_serve", "percentile"]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0..100) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(rng: random.Random) -> tuple[str, str]:
    """One dashboard-like request: (endpoint name, path with query)."""
    params: dict[str, Any] = {}
    r = rng.random()
    if r < 0.6:  # most views are of one country, the big ones most often
        params["country"] = _COUNTRIES[min(len(_COUNTRIES) - 1, int(len(_COUNTRIES) * rng.random() ** 2))]
    if rng.random() < 0.2:
        params["quad"] = rng.randint(1, 4)
    if rng.random() < 0.1:
        params["root"] = f"{rng.randint(1, 20):02d}"
    if rng.random() < 0.4:  # a brushed period: a few weeks to two years
        start = 2015 * 365 + rng.randint(0, 9 * 365)
        length = rng.randint(20, 730)
        y0, d0 = divmod(start, 365)
        y1, d1 = divmod(start + length, 365)
        params["since"] = f"{y0}-{1 + min(d0 // 31, 11):02d}-01"
        params["until"] = f"{y1}-{1 + min(d1 // 31, 11):02d}-28"
        if params["until"] <= params["since"]:
            del params["until"]
    if rng.random() < 0.5:
        params["interval"] = rng.choice(["auto", "month", "week"])
        return "timeline", "/api/timeline?" + urlencode(params)
    params.pop("interval", None)
    params["limit"] = 25
    params["offset"] = rng.choice([0, 0, 0, 25, 50, 100])
    # the table opens newest first; a click sorts by date or Goldstein
    params["sort"] = rng.choices(["-date", "date", "-goldstein"], weights=[70, 15, 15])[0]
    return "events", "/api/events?" + urlencode(params)


async def _client(host: str, port: int, deadline: float, seed: int,
                  results: dict[str, list[float]], errors: list[str]) -> None:
    rng = random.Random(seed)
    reader = writer = None
    while time.perf_counter() < deadline:
        name, path = _request(rng)
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
            await writer.drain()
            status_line = await reader.readline()
            length, close = 0, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                key, _, value = line.decode("latin-1").partition(":")
                if key.lower() == "content-length":
                    length = int(value)
                elif key.lower() == "connection" and "close" in value.lower():
                    close = True
            await reader.readexactly(length)
            status = int(status_line.split()[1]) if status_line else 0
            if status != 200:
                errors.append(f"{status} {path}")
            results[name].append(time.perf_counter() - t0)
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            errors.append(f"{type(exc).__name__}: {exc} {path}")
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def _load(host: str, port: int, clients: int, seconds: float) -> tuple[dict[str, list[float]], list[str]]:
    results: dict[str, list[float]] = {"timeline": [], "events": []}
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_client(host, port, deadline, i, results, errors) for i in range(clients)))
    return results, errors


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 300.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def run_bench_serve(db: str | None = None, events: int = 1_000_000, clients: int = 50,
                    seconds: float = 60.0, progress: bool = True) -> dict[str, Any]:
    """Fill a synthetic store, serve it, load it; the figures as a dict (latencies in ms)."""
    def say(msg: str) -> None:
        if progress:
            print(f"bench-serve: {msg}", file=sys.stderr, flush=True)

    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="eventmill-bench-")
        db = str(Path(tmp.name) / "bench.duckdb")
    try:
        t0 = time.perf_counter()
        n = fill_synthetic(db, events)
        fill_s = time.perf_counter() - t0
        say(f"{n} synthetic events in {db} ({fill_s:.1f} s); starting the server")
        port = _free_port()
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "eventmill", "serve", "--db", db,
                                 "--host", "127.0.0.1", "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_ready(f"http://127.0.0.1:{port}/api/health", proc)
            start_s = time.perf_counter() - t0
            say(f"server ready in {start_s:.1f} s (story tables and pre-aggregation built); "
                f"{clients} clients for {seconds:g} s")
            load_before = os.getloadavg()[0]
            server = psutil.Process(proc.pid)
            cpu_before = sum(server.cpu_times()[:2])
            results, errors = asyncio.run(_load("127.0.0.1", port, clients, seconds))
            server_cpu = sum(server.cpu_times()[:2]) - cpu_before
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as r:
                cache = json.load(r)["cache"]
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        out: dict[str, Any] = {"events": n, "clients": clients, "seconds": seconds,
                               "cpus": os.cpu_count(), "fill_s": round(fill_s, 1),
                               "server_start_s": round(start_s, 1)}
        every = [v for vs in results.values() for v in vs]
        out["requests"] = len(every)
        out["requests_per_s"] = round(len(every) / seconds, 1)
        out["errors"] = len(errors)
        out["cache_hit_ratio"] = round(cache["hits"] / max(1, cache["hits"] + cache["misses"]), 3)
        # CPU the server spent per answer: with the machine's cores, this bounds the
        # throughput whatever else runs beside it (p95 figures do not)
        out["server_cpu_ms_per_request"] = round(1000 * server_cpu / max(1, len(every)), 2)
        out["idle_machine_max_requests_per_s"] = round(
            (os.cpu_count() or 1) * len(every) / max(server_cpu, 1e-9), 1)
        # other work on the machine shares its cores: say how busy it was
        out["load_before"] = round(load_before, 2)
        out["load_after"] = round(os.getloadavg()[0], 2)
        for name, values in (("all", every), *results.items()):
            ms = [v * 1000 for v in values]
            out[f"{name}_n"] = len(ms)
            for p in (50, 95, 99):
                out[f"{name}_p{p}_ms"] = round(percentile(ms, p), 1)
        if errors:
            out["first_errors"] = errors[:5]
        return out
    finally:
        if tmp is not None:
            tmp.cleanup()
