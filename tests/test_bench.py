"""`eventmill bench --lengths`: the measurement, on sizes small enough for a test (no timing
is asserted)."""
from __future__ import annotations

import pytest

from eventmill.measure.bench import long_article, parse_sizes, run_length_bench


def test_parse_sizes():
    assert parse_sizes("50K, 500k,5M,1200") == [("50K", 50_000), ("500K", 500_000),
                                                ("5M", 5_000_000), ("1200", 1_200)]
    for bad in ("", "0K", "5G", "x"):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def test_long_article_has_the_size_asked():
    assert len(long_article(12_345).text) == 12_345


def test_run_length_bench_reports_each_size(coder):
    result = run_length_bench("1K,3K", progress=False, coder=coder)
    assert [k for k in result if k != "peak_rss_mb"] == ["1K", "3K"]
    assert result["3K"]["chars"] == 3_000 and result["3K"]["seconds"] >= 0
    assert {"s_per_100k_chars", "events"} <= set(result["1K"])
