"""One report per output folder: ``results.json``, ``studies.json`` and ``report.html``.

``results.json`` holds the result rows, ``studies.json`` what each study ran on
(summary, data provenance, reference, time taken, figures with captions, the
versions); both merge across runs into one folder (a study's new entries
replace its old ones). ``report.html`` is rendered from the two, and the docs
render the same tables and figures from a committed copy (:func:`rst`).
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._common import row_cells

__all__ = ["html_report", "rst", "write"]

RESULTS, STUDIES, REPORT = "results.json", "studies.json", "report.html"


def _read(path: Path, empty: Any) -> Any:
    """The JSON in ``path``: a list (rows) or dict (studies) of dicts like ``empty``, or
    ``empty`` when the file is missing or is not such a file (said on stderr)."""
    if not path.exists():
        return empty
    try:
        data = json.loads(path.read_text())
    except ValueError:
        data = None
    entries = data if isinstance(data, list) else data.values() if isinstance(data, dict) else [0]
    if type(data) is not type(empty) or not all(isinstance(e, dict) for e in entries):
        print(f"genexpr: {path} was not a results file; overwriting it.", file=sys.stderr)
        return empty
    return data


def write(
    folder: Path, rows: list[dict], studies: dict[str, dict], order: Sequence[str] = ()
) -> None:
    """Merge this run's rows and study entries into ``folder`` and render the report
    (studies in ``order``, the registry's, whatever order they were run in)."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = [r for r in _read(folder / RESULTS, []) if r.get("study") not in studies]
    (folder / RESULTS).write_text(json.dumps(kept + rows, indent=2))
    merged = {**_read(folder / STUDIES, {}), **studies}
    (folder / STUDIES).write_text(json.dumps(merged, indent=2))
    (folder / REPORT).write_text(html_report(folder, order))


def _load(folder: Path, order: Sequence[str] = ()) -> tuple[list[dict], dict[str, dict]]:
    studies = _read(folder / STUDIES, {})
    # in the given order (the registry's), the others after them as written
    rank = {name: i for i, name in enumerate(order)}
    ordered = dict(sorted(studies.items(), key=lambda item: rank.get(item[0], len(rank))))
    return _read(folder / RESULTS, []), ordered


_HEADER = ["model", "metric (unit)", "ours", "sd over splits", "published", "note"]


def html_report(folder: Path, order: Sequence[str] = ()) -> str:
    """The report of everything run into ``folder``, as one HTML page."""
    rows, studies = _load(folder, order)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>sklearn-genexpr report</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        "padding:3px 8px;text-align:left}td:nth-child(3),td:nth-child(4),td:nth-child(5)"
        "{text-align:right}figure{display:inline-block;margin:0.5em;max-width:520px}"
        "figure img{max-width:100%}figcaption{font-size:small}.meta{color:#444}</style>",
        "</head><body><h1>sklearn-genexpr: the studies reproduced</h1>",
        "<p class='meta'>'ours' is the mean over the splits and 'sd' their standard "
        "deviation; 'published' is the study's own number, shown only where the metric is "
        "the same (the note says where the data or splits differ).</p>",
    ]
    for name, study in studies.items():
        esc = html.escape
        parts.append(f"<h2>{esc(name)}: {esc(study.get('summary', ''))}</h2>")
        run = "quick run" if study.get("quick") else "full run"
        parts.append(
            f"<p class='meta'>{run}, {study.get('seconds', 0):.0f} s, seed "
            f"{study.get('seed')}, device {esc(str(study.get('device')))}, "
            f"{study.get('n_jobs')} thread(s).<br>Data: {esc(study.get('data', ''))}<br>"
            f"Reference: {esc(study.get('reference', ''))}</p>"
        )
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in _HEADER) + "</tr>")
        for row in (r for r in rows if r.get("study") == name):
            parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row_cells(row)) + "</tr>")
        parts.append("</table>")
        for file, caption in study.get("figures", []):
            parts.append(
                f"<figure><img src='{esc(file)}' alt='{esc(caption)}'>"
                f"<figcaption>{esc(caption)}</figcaption></figure>"
            )
    versions = next(iter(studies.values()), {}).get("versions", {})
    if versions:
        listed = ", ".join(f"{k} {v}" for k, v in versions.items() if v)
        parts.append(f"<h2>Versions</h2><p class='meta'>{html.escape(listed)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def rst(folder: Path, image_path: str, study: str | None = None) -> str:
    """The report's tables and figures as reStructuredText (for the docs build).

    Parameters
    ----------
    folder : Path
        An output folder of ``genexpr reproduce`` (a committed copy in the docs).
    image_path : str
        How the docs page refers to ``folder`` (e.g. ``/_static/demo``).
    study : str, optional
        Only this study.
    """
    rows, studies = _load(folder)
    lines: list[str] = []
    for name, entry in studies.items():
        if study is not None and name != study:
            continue
        run = "quick run" if entry.get("quick") else "full run"
        lines += [
            f"**{name}** - {entry.get('summary', '')} ({run}, {entry.get('seconds', 0):.0f} s "
            f"on {entry.get('n_jobs')} thread(s); data: {entry.get('data', '')})",
            "",
            ".. list-table::",
            "   :header-rows: 1",
            "",
            "   * - " + "\n     - ".join(_HEADER),
        ]
        for row in (r for r in rows if r.get("study") == name):
            cells = [c.replace("|", "/") or " " for c in row_cells(row)]
            lines.append("   * - " + "\n     - ".join(cells))
        lines += ["", f"Reference: {entry.get('reference', '')}", ""]
        for file, caption in entry.get("figures", []):
            lines += [
                f".. figure:: {image_path}/{file}",
                "   :width: 460px",
                "",
                f"   {caption}",
                "",
            ]
    return "\n".join(lines)
