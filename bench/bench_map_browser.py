"""Does a 100k-point embedding map stay interactive in the browser? (issue 5)

The same 100k points (2-D coordinates, 8 clusters, a short text each: 6 to 40 words, about 120
characters, like tweets or sentences) drawn two ways:
- ours: explorer.embeddings.plot.map_figure (WebGL, one trace per cluster, coordinates as
  float32 and the row number as int32 typed arrays, hover preview cut to 80 characters on one
  line; the full text is shown in the selection table);
- baseline: plain `plotly.express.scatter(..., render_mode="webgl", hover_name=text)`.
Measured in Debian chromium through Playwright, from a local HTML file (plotly.js inline, so the
page needs no network): the figure's JSON payload, time from Plotly.newPlot to the first drawn
frame, and the median / p95 frame time while the map is zoomed 20 times (Plotly.relayout + the
next animation frame), which is what a person feels when panning and zooming. Chromium runs
headless with software WebGL (SwiftShader): frame times on a machine with a GPU are far lower.
Two payload-only rows: the same map as the app sends it (Gradio wraps the figure JSON in a JSON
string), and a map of paragraph-length texts (60 to 200 words), where the plain figure carries
every whole text and ours still one 80-character preview per point.

Run: python bench/bench_map_browser.py [--points 100000]
ratio = baseline / ours (above 1: ours is lighter / faster).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("GLASSHOUSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WORDS = ("river bank money loan water boat fish tree city market school music game film law "
         "court rain sun road car train price tax vote party song book page word").split()

PAGE = """<!doctype html><html><head><meta charset="utf-8"><script>{plotly}</script></head>
<body><div id="map" style="width:1000px;height:620px"></div><script>
window.figureJson = {figure};
window.measure = async function () {{
  const el = document.getElementById('map');
  const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));
  const t0 = performance.now();
  const figure = JSON.parse(window.figureJson);  // what a page does with a received payload
  await Plotly.newPlot(el, figure.data, figure.layout, {{responsive: false}});
  const first = (await frame()) - t0;
  const xr = el._fullLayout.xaxis.range.slice(), yr = el._fullLayout.yaxis.range.slice();
  const frames = [];
  for (let i = 1; i <= 20; i++) {{
    const f = 1 - 0.03 * i, cx = (xr[0] + xr[1]) / 2, cy = (yr[0] + yr[1]) / 2;
    const s = performance.now();
    await Plotly.relayout(el, {{'xaxis.range': [cx - (cx - xr[0]) * f, cx + (xr[1] - cx) * f],
                               'yaxis.range': [cy - (cy - yr[0]) * f, cy + (yr[1] - cy) * f]}});
    frames.push((await frame()) - s);
  }}
  return {{first: first, frames: frames}};
}};
</script></body></html>"""


def make_points(n: int, seed: int = 0, words: tuple[int, int] = (6, 40)
                ) -> tuple[Any, list[str], list[int]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    clusters = rng.integers(0, 8, n)
    centres = rng.normal(scale=6, size=(8, 2))
    coords = (centres[clusters] + rng.normal(size=(n, 2))).astype(np.float32)
    texts = [" ".join(rng.choice(WORDS, size=int(rng.integers(*words)))) for _ in range(n)]
    return coords, texts, clusters.tolist()


def ours_figure(coords: Any, texts: list[str], clusters: list[int]) -> Any:
    from explorer.embeddings.plot import map_figure

    return map_figure(coords, texts, colour=[f"cluster {c}" for c in clusters],
                      colour_title="cluster")


def baseline_figure(coords: Any, texts: list[str], clusters: list[int]) -> Any:
    import pandas as pd
    import plotly.express as px

    frame = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "text": texts,
                          "cluster": [f"cluster {c}" for c in clusters]})
    return px.scatter(frame, x="x", y="y", color="cluster", hover_name="text",
                      render_mode="webgl", height=620)


def app_payload_mb(fig: Any) -> float:
    """Bytes of the figure as the app sends it: Gradio's Plot puts `fig.to_json()` in its JSON
    message as a string (gradio.components.Plot.postprocess, serialised with orjson)."""
    import orjson

    return len(orjson.dumps(fig.to_json())) / 1e6


def run_page(fig: Any, page: Any, workdir: Path, name: str) -> dict[str, Any]:
    """One load of the page: the payload as a JSON string, parsed, plotted, zoomed."""
    from plotly.offline import get_plotlyjs

    payload = fig.to_json()  # plotly escapes "<" and "/": safe inside a script element
    html_path = workdir / f"{name}.html"
    html_path.write_text(PAGE.format(plotly=get_plotlyjs(), figure=json.dumps(payload)),
                         encoding="utf-8")
    page.goto(html_path.as_uri())
    result = page.evaluate("window.measure()")
    return {"payload_mb": len(payload.encode()) / 1e6, "first": result["first"],
            "frames": result["frames"]}


def measure_both(figs: dict[str, Any], page: Any, workdir: Path, rounds: int
                 ) -> dict[str, dict[str, float]]:
    """Each figure `rounds` times, taking turns (so that load on the machine and a warm
    JavaScript engine favour neither), after one unmeasured warm-up page."""
    import plotly.graph_objects as go

    run_page(go.Figure(go.Scattergl(x=[0, 1], y=[1, 0])), page, workdir, "warm-up")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in figs}
    for _ in range(rounds):
        for name, fig in figs.items():
            runs[name].append(run_page(fig, page, workdir, name))
    out = {}
    for name, rs in runs.items():
        frames = sorted(f for r in rs for f in r["frames"])
        out[name] = {"payload_mb": rs[0]["payload_mb"],
                     "first_s": statistics.median(r["first"] for r in rs) / 1000,
                     "frame_median_s": statistics.median(frames) / 1000,
                     "frame_p95_s": frames[int(0.95 * (len(frames) - 1))] / 1000,
                     "runs": len(rs)}
    return out


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from bench.common import print_table, row

    parser = argparse.ArgumentParser(prog="bench_map_browser")
    parser.add_argument("--points", type=int,
                        default=20_000 if os.environ.get("GLASSHOUSE_BENCH_QUICK") else 100_000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="page loads per figure, taking turns (medians are reported)")
    args = parser.parse_args(argv if argv is not None else [])
    coords, texts, clusters = make_points(args.points)
    ours_fig = ours_figure(coords, texts, clusters)
    base_fig = baseline_figure(coords, texts, clusters)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 700})
        page.set_default_timeout(300_000)
        both = measure_both({"ours": ours_fig, "baseline": base_fig}, page, Path(tmp),
                            args.rounds)
        browser.close()
    ours, base = both["ours"], both["baseline"]
    ours["app_payload_mb"], base["app_payload_mb"] = app_payload_mb(ours_fig), \
        app_payload_mb(base_fig)
    del ours_fig, base_fig
    coords, texts, clusters = make_points(args.points, seed=1, words=(60, 200))
    for result, make in ((ours, ours_figure), (base, baseline_figure)):
        result["long_texts_payload_mb"] = len(make(coords, texts, clusters).to_json().encode()) \
            / 1e6
    n = f"{args.points // 1000}k-point map"
    rows = [
        row(f"{n}: JSON payload (MB in the time columns)", ours["payload_mb"], base["payload_mb"],
            "well below plotly express"),
        row(f"{n}: as the app sends it (MB)", ours["app_payload_mb"], base["app_payload_mb"],
            "well below plotly express"),
        row(f"{n}, paragraph texts: payload (MB)", ours["long_texts_payload_mb"],
            base["long_texts_payload_mb"], "does not grow with text length"),
        row(f"{n}: parse + newPlot to first frame", ours["first_s"], base["first_s"], "< 3 s"),
        row(f"{n}: zoom frame, median", ours["frame_median_s"], base["frame_median_s"],
            "< 0.1 s (interactive)"),
        row(f"{n}: zoom frame, p95", ours["frame_p95_s"], base["frame_p95_s"], "< 0.2 s"),
    ]
    print_table(rows)
    print(json.dumps({"ours": ours, "baseline": base}), file=sys.stderr)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
