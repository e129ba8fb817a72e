"""Access to the data files shipped in eventmill/data (read once, cached)."""
from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_path(name: str) -> Path:
    """Path of a bundled data file, e.g. data_path('verbs.yaml')."""
    return Path(str(resources.files("eventmill") / "data" / name))


@functools.cache
def load_yaml(name: str) -> Any:
    with data_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated table; lines starting with '#' are notices, not data."""
    with data_path(name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
