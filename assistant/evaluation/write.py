"""Writes a run's report files: one JSON file and one self-contained HTML file.

Reports are written to ``<report_dir>/<dataset>-<time>.json|.html`` and copied to
``latest.json`` / ``latest.html`` there, so the last run is easy to find (the
chat UI may show it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.evaluation.html import render_html
from assistant.evaluation.report import EvalReport

LATEST = "latest"


def write_report(report: EvalReport, folder: Path) -> tuple[Path, Path]:
    """Write the JSON and HTML reports and refresh ``latest.*``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report.created.replace(":", "").replace("-", "").replace("+0000", "Z")
    base = folder / f"{report.dataset}-{stamp}"
    json_path, html_path = base.with_suffix(".json"), base.with_suffix(".html")
    json_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    shutil.copyfile(json_path, folder / f"{LATEST}.json")
    shutil.copyfile(html_path, folder / f"{LATEST}.html")
    return json_path, html_path
