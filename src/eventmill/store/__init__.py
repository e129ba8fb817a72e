"""The DuckDB store of articles and events, and the cross-article stories built over it."""
from eventmill.store.database import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
