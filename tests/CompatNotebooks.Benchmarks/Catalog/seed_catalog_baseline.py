#!/usr/bin/python3
"""Python baseline for the catalog + pairs benchmark: the book's seed notebook way (In[5]-In[7] and
In[14]-In[17]), with numpy arrays standing in for tf.constant rows (TensorFlow is not installed here).

usage: /usr/bin/python3 seed_catalog_baseline.py DATA_DIR CATEGORY section1|exercise91|numpy-section1
Prints one JSON line: phase seconds, counts and peak RSS (ru_maxrss)."""
import array, gzip, json, random, resource, sys, time
from collections import defaultdict

import numpy as np

data_dir, category, mode = sys.argv[1], sys.argv[2], sys.argv[3]
features_path = f"{data_dir}/image_features_{category}.b"
meta_path = f"{data_dir}/meta_{category}.json.gz"
random.seed(1)


def readImageFeatures(path):
    f = open(path, 'rb')
    while True:
        asin = f.read(10).decode('utf-8')
        if len(asin) < 10:
            break
        a = array.array('f')
        a.fromfile(f, 4096)
        yield asin.strip(), a.tolist()   # strip: shorter ASINs are space-padded


def parse(path):
    g = gzip.open(path, 'r')
    for l in g:
        yield eval(l)


t0 = time.perf_counter()
phases = {}
if mode == "section1":
    X = []
    asinPos = {}
    for asin, f in readImageFeatures(features_path):
        asinPos[asin] = len(X)
        X.append(np.array(f, dtype=np.float32).reshape(1, len(f)))
    phases["features"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    compat = []
    for l in parse(meta_path):
        a1 = l['asin']
        if 'related' in l and 'also_bought' in l['related']:
            for a2 in l['related']['also_bought']:
                if a1 in asinPos and a2 in asinPos:
                    compat.append((asinPos[a1], asinPos[a2], 1))
                    compat.append((random.randint(0, len(X) - 1), random.randint(0, len(X) - 1), 0))
    phases["metadata_and_pairs"] = time.perf_counter() - t1
    items = len(X)
elif mode == "numpy-section1":
    # A faster Python: one structured memmap for the features (no per-row objects), eval for the metadata.
    record = np.dtype([("asin", "S10"), ("x", "<f4", (4096,))])
    M = np.memmap(features_path, dtype=record, mode="r")
    asinPos = {a.decode("ascii").strip(): i for i, a in enumerate(M["asin"])}
    phases["features"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    compat = []
    n = len(M)
    for l in parse(meta_path):
        a1 = l['asin']
        if a1 in asinPos and 'related' in l and 'also_bought' in l['related']:
            p1 = asinPos[a1]
            for a2 in l['related']['also_bought']:
                if a2 in asinPos:
                    compat.append((p1, asinPos[a2], 1))
                    compat.append((random.randint(0, n - 1), random.randint(0, n - 1), 0))
    phases["metadata_and_pairs"] = time.perf_counter() - t1
    items = n
elif mode == "exercise91":
    categories = dict()
    itemsPerCategory = defaultdict(set)
    for l in parse(meta_path):
        if 'categories' not in l:   # the seed would raise KeyError here
            continue
        cats = l['categories'][0]
        if len(cats) < 2:
            continue
        cat = cats[1]
        categories[l['asin']] = cat
        itemsPerCategory[cat].add(l['asin'])
    phases["categories"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    X = []
    asinPos = {}
    posPerCategory = defaultdict(set)
    for asin, f in readImageFeatures(features_path):
        if not asin in categories:
            continue
        asinPos[asin] = len(X)
        posPerCategory[categories[asin]].add(asinPos[asin])
        X.append(np.array(f, dtype=np.float32).reshape(1, len(f)))
    phases["features"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    posList = {c: list(s) for c, s in posPerCategory.items()}  # random.sample on a set is gone in Python 3.11
    compat = []
    for l in parse(meta_path):
        a1 = l['asin']
        if not a1 in categories:
            continue
        cat = categories[a1]
        if 'related' in l and 'also_bought' in l['related']:
            for a2 in l['related']['also_bought']:
                if not a2 in categories or categories[a2] != cat:
                    continue
                if a1 in asinPos and a2 in asinPos:
                    compat.append((asinPos[a1], asinPos[a2], 1))
                    negSameCat = random.sample(posList[cat], 1)[0]
                    compat.append((asinPos[a1], negSameCat, 0))
    phases["metadata_and_pairs"] = time.perf_counter() - t2
    items = len(X)
else:
    sys.exit(f"unknown mode {mode}")

total = time.perf_counter() - t0
print(json.dumps({
    "mode": mode, "items": items, "pairs": len(compat), "positive_pairs": sum(1 for c in compat if c[2] == 1),
    "seconds": round(total, 3), "phases": {k: round(v, 3) for k, v in phases.items()},
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
