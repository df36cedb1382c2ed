#!/usr/bin/python3
"""Markdown tables for measure-figures.sh, computed from the raw outputs the script keeps beside them.

  figures_report.py training TRAINING.json BANDWIDTH.json     fused vs PyTorch vs the book's loop, bandwidth and % of bound
  figures_report.py tsne REPEATED.log [LARGE.json]             medians of the interleaved runs, same-run ratio, scores
  figures_report.py notebooks DIR...                          per-notebook time and first cell from the runner's .ipynb files

Exits non-zero (with the file and what is missing) when an input lacks a number the table needs, so a section that
produced no figure fails the script instead of writing an empty table.
"""
import json
import statistics
import sys
from pathlib import Path


def fail(message):
    print(f"figures_report.py: {message}", file=sys.stderr)
    sys.exit(1)


def need(obj, key, where):
    if not isinstance(obj, dict) or key not in obj or obj[key] is None:
        fail(f"{where}: no '{key}'")
    return obj[key]


def training(training_path, bandwidth_path):
    t = json.loads(Path(training_path).read_text())
    b = json.loads(Path(bandwidth_path).read_text())
    bound = float(need(b, "bound_pairs_per_second", bandwidth_path))
    file_bytes = float(need(t, "feature_file_bytes", training_path))
    models = need(t, "models", training_path)
    torch_version = need(need(models, "euclidean", training_path)["pytorch"], "torch", training_path)
    print(f"Data: {t['items']:,} items, {t['train_pairs']:,} training / {t['test_pairs']:,} held-out pairs "
          f"(same-category negatives, seed {t['seed']}), {t['epochs']} epochs, {t['threads']} threads, lr {t['lr']}, "
          f"feature file {file_bytes / 1e9:.2f} GB.")
    print(f"PyTorch baseline: torch {torch_version} (Debian python3-torch), python/train_reference.py, minibatches of "
          "1,024; it reads the features through a numpy memmap of the .b file and copies each batch's rows "
          "(`np.array(features[index]['x'])`) into a new tensor.")
    print()
    print("| model | trainer | pairs/s | pairs per CPU-s | held-out AUC | accuracy | s to the lower final AUC | peak RSS / feature file | % of bandwidth bound |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in ("euclidean", "inner"):
        m = need(models, name, training_path)
        target = need(m, "auc_target", training_path)
        rows = [("fused (sparse kernels)", m["fused"], m.get("fused_seconds_to_target")),
                ("fused, dense kernels", m["fused_dense"], m.get("fused_dense_seconds_to_target")),
                ("fused, anchors grouped", m["fused_grouped"], m.get("fused_grouped_seconds_to_target")),
                (f"PyTorch {torch_version}, minibatch 1,024", m["pytorch"], m.get("pytorch_seconds_to_target"))]
        for label, run, seconds in rows:
            pps = float(need(run, "pairs_per_second", training_path))
            cpu = run.get("pairs_per_cpu_second")
            rss = run.get("peak_rss_bytes")
            print(f"| {name} | {label} | {pps:,.0f} | {'' if cpu is None else f'{float(cpu):,.0f}'} | "
                  f"{float(need(run, 'test_auc', training_path)):.4f} | {float(run['test_accuracy']):.4f} | "
                  f"{'not reached' if seconds is None else f'{float(seconds):.1f}'} | "
                  f"{'' if rss is None else f'{float(rss) / file_bytes:.2f}'} | {100 * pps / bound:.0f} % |")
        print(f"| {name} | (target AUC {float(target):.4f}; fused repeat {float(m['fused_slower_repeat_pairs_per_second']):,.0f} pairs/s) | | | | | | | |")
    single = float(need(need(t, "seed_loop_pytorch", training_path), "pairs_per_second", training_path))
    book = float(need(need(t, "book_loop_torchsharp", training_path), "pairs_per_second", training_path))
    print(f"| euclidean | the book's loop, PyTorch (1 pair per Adam step) | {single:,.0f} | | | | one epoch ≈ {t['train_pairs'] / single:,.0f} s | | |")
    print(f"| euclidean | the book's loop, TorchSharp `BookLoop` | {book:,.0f} | | | | one epoch ≈ {t['train_pairs'] / book:,.0f} s | | |")
    print()
    triad = need(b, "triad_gb_per_s", bandwidth_path)
    rows = need(b, "row_read_gb_per_s", bandwidth_path)
    print("Memory bandwidth, same run (`bandwidth` subcommand, best of "
          f"{b['repeats']} repeats over {b['megabytes']} MB):")
    print()
    print("| threads | STREAM-style triad GB/s | random 16 KB rows GB/s |")
    print("|---:|---:|---:|")
    for k in sorted(triad, key=int):
        print(f"| {k} | {triad[k]:.1f} | {rows[k]:.1f} |")
    print()
    print(f"Bound: random-row bandwidth with {b['bound_threads']} threads / (2 rows × 16,384 B per pair) = "
          f"**{bound:,.0f} pairs/s**; '% of bandwidth bound' = pairs/s ÷ that bound.")
    # Since the compact feature store, the CLI's trainers read the store's sparse rows (the dense kernels decode them),
    # not the .b file's 16 KB rows: the bound is the machine's figure for 16 KB rows, and a trainer may exceed it.
    print()
    print("The bound counts 16 KB rows as a mapped `.b` file holds them. The CLI's runs above read the compact feature "
          "store (positions and values of the non-zeros; the dense kernels decode them into 16 KB rows in cache), so "
          "they read far fewer bytes per pair and the bound does not limit them; it is the machine's figure, kept for comparison.")
    print(f"Load average: {t['load_average_start']} → {t['load_average_end']} (inside the training run).")


def parse_repeated(path):
    runs = {"ours": [], "sklearn": [], "other": []}
    scores = {}
    for line in Path(path).read_text().splitlines():
        head, _, rest = line.partition(" ")
        if head in runs and rest.startswith("{"):
            runs[head].append(json.loads(rest))
        elif line.startswith('{"embedding"'):
            s = json.loads(line)
            scores[s["embedding"]] = s
    return runs, scores


def tsne(repeated_path, large_path=None):
    runs, scores = parse_repeated(repeated_path)
    if not runs["ours"] or not runs["sklearn"]:
        fail(f"{repeated_path}: no 'ours' or no 'sklearn' timing line")
    for name in ("ours", "sklearn"):
        if name not in scores:
            fail(f"{repeated_path}: no scores for '{name}'")
    ours = [float(need(r, "seconds", repeated_path)) for r in runs["ours"]]
    sk = [float(need(r, "seconds", repeated_path)) for r in runs["sklearn"]]
    n = runs["ours"][0].get("n", "?")
    tool = runs["sklearn"][0].get("tool", "sklearn")
    print(f"{n:,} points, {len(ours)} interleaved rounds (separate processes):")
    print()
    print("| | seconds, median (range) | exact KL, shared P | trustworthiness (10) | 10-NN label accuracy |")
    print("|---|---:|---:|---:|---:|")
    for label, times, key in (("this library", ours, "ours"), (f"scikit-learn `TSNE` ({tool})", sk, "sklearn")):
        s = scores[key]
        print(f"| {label} | {statistics.median(times):.1f} ({min(times):.1f}–{max(times):.1f}) | "
              f"{s['exact_kl_shared_p']:.4f} | {s['trustworthiness_10']:.5f} | {s['knn10_label_accuracy']:.4f} |")
    print()
    print(f"Same-run ratio of medians: **{statistics.median(sk) / statistics.median(ours):.1f}×** "
          f"(per round: {', '.join(f'{b / a:.1f}×' for a, b in zip(ours, sk))}).")
    if large_path:
        large = json.loads(Path(large_path).read_text().strip().splitlines()[-1])
        print()
        print(f"{large.get('n', '?'):,} points, this library, one run: **{float(need(large, 'seconds', large_path)):.1f} s**.")


def notebooks(dirs):
    print("| run | notebook | cells | sum of cell times, s | first cell, s |")
    print("|---|---|---:|---:|---:|")
    for run, directory in enumerate(dirs, 1):
        files = sorted(Path(directory).glob("*.ipynb"))
        if not files:
            fail(f"{directory}: no executed notebook")
        for f in files:
            cells = [c for c in json.loads(f.read_text())["cells"] if c["cell_type"] == "code"]
            times = [c.get("metadata", {}).get("compat_notebooks", {}).get("duration_seconds") for c in cells]
            if any(t is None for t in times):
                fail(f"{f}: a code cell has no metadata.compat_notebooks.duration_seconds")
            print(f"| {run} | {f.stem} | {len(cells)} | {sum(times):.1f} | {times[0]:.1f} |")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "training" and len(args) == 2:
        training(*args)
    elif kind == "tsne" and len(args) in (1, 2):
        tsne(*args)
    elif kind == "notebooks":
        notebooks(args)
    else:
        fail(f"bad arguments: {sys.argv[1:]}\n{__doc__}")


if __name__ == "__main__":
    main()
