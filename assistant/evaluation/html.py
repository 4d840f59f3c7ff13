"""A self-contained HTML report: aggregates, a chart of each metric's spread, every item.

No script, no stylesheet or font from elsewhere: the chart is inline SVG, so
the file opens offline and can be attached to a CI run as it is.
"""

from __future__ import annotations

from html import escape

from assistant.evaluation.dataset import EvalRecord
from assistant.evaluation.report import EvalReport

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;
vertical-align:top;text-align:left}th{background:#f3f3f3}.pass{color:#176d2c}.fail{color:#b00020}
.num{text-align:right;font-variant-numeric:tabular-nums}small{color:#555}
.quote{font-size:12px;color:#444}
"""
_BINS = 10
_ROW_H, _LABEL_W, _BAR_W = 34, 340, 32  # chart geometry (px)
_PER_ITEM = (
    "hit_at_k",
    "recall_at_k",
    "mrr",
    "ndcg_at_k",
    "containment",
    "token_f1",
    "citation_recall",
    "citation_precision",
)
_COLUMNS = ("hit_at_k", "mrr", "containment", "token_f1", "citation_recall", "citation_precision")


def render_html(report: EvalReport) -> str:
    """The whole report as one HTML document."""
    verdict = "PASSED" if report.passed else "FAILED"
    css = "pass" if report.passed else "fail"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>Evaluation {escape(report.dataset)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Evaluation of <code>{escape(report.dataset)}</code>: "
        f"<span class='{css}'>{verdict}</span></h1>",
        f"<p>{len(report.records)} items over <code>{escape(report.corpus)}</code>, k={report.k}, "
        f"judge: {escape(report.judge)}; {report.seconds:.1f}s; {escape(report.created)}</p>",
        *(f"<p><small>note: {escape(n)}</small></p>" for n in report.notices),
        "<h2>Aggregates</h2>",
        _aggregates(report),
        "<h2>Spread of per-item metrics</h2>",
        "<p><small>Histogram over every item that has the metric; red: its mean.</small></p>",
        _chart(report.records),
        "<h2>Items</h2>",
        _items(report.records),
    ]
    if report.judge_errors:
        parts.append("<h2>Judge calibration: disagreements with the hand labels</h2><ul>")
        parts += [f"<li>{escape(e)}</li>" for e in report.judge_errors]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _aggregates(report: EvalReport) -> str:
    gates = {g.metric: g for g in report.gates}
    rows = ["<table><tr><th>metric</th><th>value</th><th>threshold</th><th></th></tr>"]
    for name, value in report.aggregates.items():
        gate = gates.get(name)
        bound = f"{'≥' if gate.bound == 'min' else '≤'} {gate.limit:g}" if gate else ""
        mark = (
            ""
            if not gate
            else (
                "<span class='pass'>met</span>"
                if gate.passed
                else "<span class='fail'>MISSED</span>"
            )
        )
        shown = "n/a" if value is None else f"{value:.3f}"
        rows.append(
            f"<tr><td>{escape(name)}</td><td class='num'>{shown}</td>"
            f"<td class='num'>{bound}</td><td>{mark}</td></tr>"
        )
    missing = [g for g in report.gates if g.metric not in report.aggregates]
    rows += [
        f"<tr><td>{escape(g.metric)}</td><td>not measured</td><td></td>"
        "<td class='fail'>MISSED</td></tr>"
        for g in missing
    ]
    by_type = ", ".join(f"{t}: {p}/{n}" for t, (n, p) in report.by_type.items())
    return "\n".join(rows) + f"</table><p>Items passed by type: {escape(by_type)}</p>"


def _chart(records: list[EvalRecord]) -> str:
    """One row per metric: a histogram of its per-item values (10 bins on [0, 1]) and the mean."""
    names = [n for n in _PER_ITEM if any(r.metrics.get(n) is not None for r in records)]
    names += sorted({k for r in records for k in r.metrics if k.startswith("ragas.")})
    width, height = _LABEL_W + _BINS * _BAR_W + 90, _ROW_H * len(names) + 30
    svg = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        "font-family='system-ui,sans-serif' font-size='12'>"
    ]
    for i, name in enumerate(names):
        values = [v for r in records if (v := r.metrics.get(name)) is not None]
        svg += _histogram_row(name, values, y=10 + i * _ROW_H)
    axis_y = 10 + len(names) * _ROW_H
    for b in (0, 5, 10):
        x = _LABEL_W + b * _BAR_W - 6
        svg.append(f"<text x='{x}' y='{axis_y + 12}'>{b / _BINS:.1f}</text>")
    svg.append("</svg>")
    return "".join(svg)


def _histogram_row(name: str, values: list[float], *, y: int) -> list[str]:
    counts = [0] * _BINS
    for v in values:
        counts[min(_BINS - 1, int(max(0.0, min(1.0, v)) * _BINS))] += 1
    top, bottom = max(counts) or 1, y + _ROW_H - 8
    out = [f"<text x='0' y='{y + 18}'>{escape(name)} (n={len(values)})</text>"]
    for b, count in enumerate(counts):
        h = (_ROW_H - 8) * count / top
        tip = f"{b / _BINS:.1f}-{(b + 1) / _BINS:.1f}: {count}"
        out.append(
            f"<rect x='{_LABEL_W + b * _BAR_W}' y='{bottom - h:.1f}' width='{_BAR_W - 3}' "
            f"height='{h:.1f}' fill='#4a78b5'><title>{tip}</title></rect>"
        )
    mean = sum(values) / len(values) if values else 0.0
    mx = _LABEL_W + mean * _BINS * _BAR_W
    out.append(
        f"<line x1='{mx:.1f}' x2='{mx:.1f}' y1='{y}' y2='{bottom}' stroke='#d33' stroke-width='2'/>"
    )
    out.append(f"<text x='{_LABEL_W + _BINS * _BAR_W + 8}' y='{y + 18}'>mean {mean:.2f}</text>")
    return out


def _items(records: list[EvalRecord]) -> str:
    head = "".join(f"<th>{c}</th>" for c in _COLUMNS)
    rows = [f"<table><tr><th>item</th><th>question</th><th>answer</th>{head}<th>result</th></tr>"]
    for r in records:
        cites = "".join(
            f"<div class='quote'>[{c.marker}] {escape(c.source)}:{c.start}-{c.end} "
            f"“{escape(c.quote[:160])}”</div>"
            for c in r.answer.citations
        )
        cells = "".join(f"<td class='num'>{_cell(r.metrics.get(c))}</td>" for c in _COLUMNS)
        result = (
            "<span class='pass'>pass</span>"
            if r.passed
            else "<span class='fail'>FAIL</span><br>" + "<br>".join(map(escape, r.failures))
        )
        rows.append(
            f"<tr><td>{escape(r.id)}<br><small>{r.type}</small></td><td>{escape(r.question)}</td>"
            f"<td>{escape(r.answer.text)}{cites}</td>{cells}<td>{result}</td></tr>"
        )
    return "\n".join(rows) + "</table>"


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
