"""The data files eventmill reads (`eventmill/data`), and a user's folder that overlays them.

A `DataFiles` with an overlay folder reads `<overlay>/<name>` where that file exists: a YAML
mapping there replaces the packaged file's keys it names and keeps the others; any other file
replaces the packaged one whole. Without an overlay it reads the packaged files only. Files are
read once per `DataFiles`.
"""
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


class DataFiles:
    """Where a pipeline's data files come from: the package, overlaid by a user's folder."""

    def __init__(self, overlay: str | Path | None = None) -> None:
        self.overlay = Path(overlay) if overlay else None
        if self.overlay is not None and not self.overlay.is_dir():
            raise FileNotFoundError(f"eventmill data folder not found: {self.overlay}")
        self._yaml: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"DataFiles({str(self.overlay) if self.overlay else 'packaged'})"

    def user_file(self, name: str) -> Path | None:
        if self.overlay is None:
            return None
        path = self.overlay / name
        return path if path.is_file() else None

    def where(self, name: str) -> str:
        """The file `name` is read from (the user's, where it overlays the packaged one)."""
        user = self.user_file(name)
        return str(user) if user is not None else str(data_path(name))

    def yaml(self, name: str) -> Any:
        if name not in self._yaml:
            packaged = load_yaml(name)
            user = self.user_file(name)
            if user is None:
                self._yaml[name] = packaged
            else:
                with user.open(encoding="utf-8") as fh:
                    mine = yaml.safe_load(fh)
                both_maps = isinstance(mine, dict) and isinstance(packaged, dict)
                self._yaml[name] = {**packaged, **mine} if both_maps else mine
        return self._yaml[name]

    def lines(self, name: str) -> list[str]:
        """The non-blank lines of a text file ([] when there is none)."""
        user = self.user_file(name)
        path = user if user is not None else data_path(name)
        if not path.is_file():
            return []
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def packaged() -> DataFiles:
    """The packaged data, shared by every pipeline that has no overlay."""
    return DataFiles()


@functools.cache
def load_yaml(name: str) -> Any:
    with data_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated table; lines starting with '#' are notices, not data."""
    with data_path(name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
