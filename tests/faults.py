"""Coders that misbehave on purpose, built on Dask workers by name (see test_scale.py)."""
from __future__ import annotations

import os
import time


class FaultyCoder:
    """No events for any article; hangs on ids containing "hang", kills its process on "crash"."""

    def code(self, articles):
        for article in articles:
            if "hang" in article.id:
                time.sleep(600)
            if "crash" in article.id:
                os._exit(3)
            yield article, []


def faulty_coder(min_confidence: float = 0.0) -> FaultyCoder:
    return FaultyCoder()
