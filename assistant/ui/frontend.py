"""Chainlit's web frontend without its CDN links, so the chat works offline.

Chainlit's built ``index.html`` links Google Fonts and the KaTeX stylesheet on
public CDNs. :func:`prepare_offline_build` writes
``<app root>/.chainlit/offline_build/``: that ``index.html`` without those
links, beside symlinks to the rest of the installed package's build, so no
copy of Chainlit's frontend is committed or kept. ``.chainlit/config.toml``
points ``[UI] custom_build`` at it; when it is missing Chainlit serves its own
build (the chat works the same; only the CDN requests fail offline).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

OFFLINE_BUILD = Path(".chainlit") / "offline_build"
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>[ \t]*\n?", re.S)
_EXTERNAL_ANY = re.compile(r"\b(?:src|href)=\"(?:https?:)?//", re.I)


def packaged_build() -> Path | None:
    """The installed Chainlit's built frontend folder (found without importing Chainlit)."""
    spec = importlib.util.find_spec("chainlit")
    if spec is None or not spec.submodule_search_locations:
        return None
    dist = Path(next(iter(spec.submodule_search_locations))) / "frontend" / "dist"
    return dist if (dist / "index.html").is_file() else None


def offline_index(html: str) -> str:
    """``index.html`` without links to other hosts (font markers are kept for Chainlit).

    Raises:
        ValueError: a reference to another host is left that this does not know.
    """
    html = _EXTERNAL_LINK.sub("", html)
    if _EXTERNAL_ANY.search(html):
        raise ValueError("Chainlit's index.html refers to another host in a way not handled")
    return html


def prepare_offline_build(app_root: Path) -> Path | None:
    """Write or refresh the offline build under ``app_root``.

    Returns:
        Its folder, or None when Chainlit's build cannot be found or changed
        shape (Chainlit then serves its own build).
    """
    dist = packaged_build()
    if dist is None:
        return None
    try:
        html = offline_index((dist / "index.html").read_text(encoding="utf-8"))
    except ValueError:
        return None
    target = app_root / OFFLINE_BUILD
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.iterdir():
        if stale.name != "index.html" and not (dist / stale.name).exists():
            _remove(stale)
    for entry in dist.iterdir():
        if entry.name != "index.html":
            _link(target / entry.name, entry)
    index = target / "index.html"
    if not index.is_file() or index.read_text(encoding="utf-8") != html:
        index.write_text(html, encoding="utf-8")
    return target


def _link(link: Path, to: Path) -> None:
    if link.is_symlink() and link.readlink() == to:
        return
    _remove(link)
    link.symlink_to(to, target_is_directory=to.is_dir())


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
