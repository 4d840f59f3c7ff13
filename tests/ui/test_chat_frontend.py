"""The offline build: Chainlit's frontend with no reference to another host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.ui.frontend import (
    OFFLINE_BUILD,
    offline_index,
    packaged_build,
    prepare_offline_build,
)


def test_the_offline_index_refers_to_no_other_host(tmp_path: Path) -> None:
    dist = packaged_build()
    assert dist is not None
    original = (dist / "index.html").read_text()
    assert "fonts.googleapis.com" in original and "cdn.jsdelivr.net" in original
    build = prepare_offline_build(tmp_path)
    assert build == tmp_path / OFFLINE_BUILD
    html = (build / "index.html").read_text()
    assert not re.search(r"https?://", html)
    assert "<!-- FONT START -->" in html and "<!-- FONT END -->" in html  # Chainlit fills these
    assert '<script type="module" crossorigin src="/assets/' in html
    assert (build / "assets").is_symlink() and (build / "assets").resolve() == dist / "assets"
    assert (dist / "index.html").read_text() == original  # the package is left alone


def test_preparing_again_repairs_the_build(tmp_path: Path) -> None:
    build = prepare_offline_build(tmp_path)
    assert build is not None
    (build / "assets").unlink()
    (build / "old-asset.js").symlink_to(tmp_path / "gone")
    (build / "index.html").write_text("stale")
    prepare_offline_build(tmp_path)
    assert (build / "assets").is_dir() and not (build / "old-asset.js").is_symlink()
    assert "stale" not in (build / "index.html").read_text()


def test_an_unknown_external_reference_is_not_silently_served() -> None:
    with pytest.raises(ValueError, match="another host"):
        offline_index('<script src="https://cdn.example/x.js"></script>')
    assert (
        offline_index(
            '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin />\n<p>x</p>'
        )
        == "<p>x</p>"
    )
