"""Scores t-SNE embeddings of the same data the same way: exact KL(P||Q), trustworthiness(k=10), 10-NN label accuracy.

usage: /usr/bin/python3 compare_tsne.py DATA.csv LABELS NAME=EMBEDDING.csv [NAME=EMBEDDING.csv ...]

P is computed once, exactly as scikit-learn 1.2 builds it for TSNE(perplexity=30, method="barnes_hut"): exact
k nearest neighbours (k = min(N - 1, int(3 * 30 + 1))), squared euclidean distances, the same binary search, and
P = (P_cond + P_cond^T) / sum. Every embedding is then scored against that one P with the exact O(N^2)
normaliser Z = sum_{i != j} 1 / (1 + |y_i - y_j|^2), computed in float64 in row blocks. The self-reported KL of
each tool uses its own approximate Z and is therefore not comparable; this one is.
One JSON line per embedding on stdout.
"""
import json
import sys
import time

import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.manifold._t_sne import _joint_probabilities_nn
from sklearn.neighbors import NearestNeighbors

PERPLEXITY = 30.0


def sklearn_p(x):
    n = len(x)
    k = min(n - 1, int(3.0 * PERPLEXITY + 1))
    knn = NearestNeighbors(n_neighbors=k, metric="euclidean").fit(x)
    distances = knn.kneighbors_graph(mode="distance")
    distances.data **= 2
    return _joint_probabilities_nn(distances, PERPLEXITY, 0).tocsr()


def exact_kl(p, y, block=1000):
    y = y.astype(np.float64)
    n = len(y)
    z = 0.0
    sq = (y * y).sum(1)
    for s in range(0, n, block):
        e = min(n, s + block)
        d2 = sq[s:e, None] + sq[None, :] - 2.0 * y[s:e] @ y.T
        np.maximum(d2, 0, out=d2)
        k = 1.0 / (1.0 + d2)
        k[np.arange(e - s), np.arange(s, e)] = 0.0
        z += k.sum()
    coo = p.tocoo()
    pij = coo.data.astype(np.float64)
    d2 = ((y[coo.row] - y[coo.col]) ** 2).sum(1)
    q = (1.0 / (1.0 + d2)) / z
    mask = pij > 0
    return float((pij[mask] * np.log(pij[mask] / q[mask])).sum() / pij.sum())


def knn_label_accuracy(y, labels, k=10):
    nn = NearestNeighbors(n_neighbors=k + 1).fit(y)
    idx = nn.kneighbors(y, return_distance=False)
    correct = 0
    for i in range(len(y)):
        others = [j for j in idx[i] if j != i][:k]
        votes = np.bincount(labels[others], minlength=labels.max() + 1)
        correct += int(np.argmax(votes) == labels[i])
    return correct / len(y)


def main():
    x = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float32)
    labels = np.loadtxt(sys.argv[2], dtype=np.int64)
    t = time.perf_counter()
    p = sklearn_p(x)
    print(f"P: {p.nnz} entries in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    for spec in sys.argv[3:]:
        name, path = spec.split("=", 1)
        y = np.loadtxt(path, delimiter=",", dtype=np.float64)
        t = time.perf_counter()
        kl = exact_kl(p, y)
        tw = float(trustworthiness(x, y, n_neighbors=10))
        acc = knn_label_accuracy(y, labels)
        print(json.dumps({"embedding": name, "n": len(y), "exact_kl_shared_p": round(kl, 5),
                          "trustworthiness_10": round(tw, 5), "knn10_label_accuracy": round(acc, 5),
                          "scoring_seconds": round(time.perf_counter() - t, 1)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
