"""Does a 100k-point embedding map stay interactive in the browser? (issue 5)

The same 100k points (2-D coordinates, 8 clusters, a short text each) drawn two ways:
- ours: explorer.embeddings.plot.map_figure (WebGL, one trace per cluster, hover text cut to
  240 characters, row numbers in customdata for lasso -> rows);
- baseline: plain `plotly.express.scatter(..., render_mode="webgl", hover_name=text)`.
Measured in Debian chromium through Playwright, from a local HTML file (plotly.js inline, so the
page needs no network): the figure's JSON payload, time from Plotly.newPlot to the first drawn
frame, and the median / p95 frame time while the map is zoomed 20 times (Plotly.relayout + the
next animation frame), which is what a person feels when panning and zooming.

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
window.figure = {figure};
window.measure = async function () {{
  const el = document.getElementById('map');
  const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));
  const t0 = performance.now();
  await Plotly.newPlot(el, window.figure.data, window.figure.layout, {{responsive: false}});
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


def make_points(n: int, seed: int = 0) -> tuple[Any, list[str], list[int]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    clusters = rng.integers(0, 8, n)
    centres = rng.normal(scale=6, size=(8, 2))
    coords = (centres[clusters] + rng.normal(size=(n, 2))).astype(np.float32)
    texts = [" ".join(rng.choice(WORDS, size=int(rng.integers(6, 40)))) for _ in range(n)]
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


def measure(fig: Any, page: Any, workdir: Path, name: str) -> dict[str, float]:
    from plotly.offline import get_plotlyjs

    payload = fig.to_json()
    html_path = workdir / f"{name}.html"
    html_path.write_text(PAGE.format(plotly=get_plotlyjs(), figure=payload), encoding="utf-8")
    page.goto(html_path.as_uri())
    result = page.evaluate("window.measure()")
    frames = sorted(result["frames"])
    return {"payload_mb": len(payload.encode()) / 1e6, "first_s": result["first"] / 1000,
            "frame_median_s": statistics.median(frames) / 1000,
            "frame_p95_s": frames[int(0.95 * (len(frames) - 1))] / 1000}


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from bench.common import print_table, row

    parser = argparse.ArgumentParser(prog="bench_map_browser")
    parser.add_argument("--points", type=int,
                        default=20_000 if os.environ.get("GLASSHOUSE_BENCH_QUICK") else 100_000)
    args = parser.parse_args(argv if argv is not None else [])
    coords, texts, clusters = make_points(args.points)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 700})
        page.set_default_timeout(300_000)
        ours = measure(ours_figure(coords, texts, clusters), page, Path(tmp), "ours")
        base = measure(baseline_figure(coords, texts, clusters), page, Path(tmp), "baseline")
        browser.close()
    n = f"{args.points // 1000}k-point map"
    rows = [
        row(f"{n}: JSON payload (MB in the time columns)", ours["payload_mb"], base["payload_mb"],
            "payload a browser takes (< ~30 MB)"),
        row(f"{n}: newPlot to first frame", ours["first_s"], base["first_s"], "< 3 s"),
        row(f"{n}: zoom frame, median", ours["frame_median_s"], base["frame_median_s"],
            "< 0.1 s (interactive)"),
        row(f"{n}: zoom frame, p95", ours["frame_p95_s"], base["frame_p95_s"], "< 0.2 s"),
    ]
    print_table(rows)
    print(json.dumps({"ours": ours, "baseline": base}), file=sys.stderr)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
