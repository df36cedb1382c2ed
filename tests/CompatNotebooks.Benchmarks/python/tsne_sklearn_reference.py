"""Reference KL divergence and trustworthiness for the t-SNE test on a fixed small data set.

Rebuilds TSneTestData.ReferenceBlobs() (tests/CompatNotebooks.Tests/Embedding/TSneTestData.cs) with the same 64-bit LCG
and Box-Muller, runs scikit-learn's exact t-SNE with its defaults (perplexity 30, early exaggeration 12,
learning_rate 'auto', init 'pca', 1000 iterations) for several seeds of its PCA solver, and prints the KL divergence
(`kl_divergence_`, exact: dense P, exact Q) and `trustworthiness(X, Y, n_neighbors=10)` of each run and their median.

usage: /usr/bin/python3 tsne_sklearn_reference.py [OUT.csv]   (OUT.csv: the data set, to compare with the C# one)
"""
import json
import math
import statistics
import sys

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

MASK = (1 << 64) - 1
state = 20261207


def uniform():
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) & MASK
    return (state >> 11) * (1.0 / (1 << 53))


clusters, per_cluster, dim = 4, 75, 5
centres = [16 * uniform() - 8 for _ in range(clusters * dim)]
rows = np.zeros((clusters * per_cluster, dim), dtype=np.float32)
for i in range(clusters * per_cluster):
    for d in range(dim):
        u1, u2 = uniform(), uniform()
        noise = math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)
        rows[i, d] = np.float32(centres[(i % clusters) * dim + d] + noise)
if len(sys.argv) > 1:
    np.savetxt(sys.argv[1], rows, delimiter=",", fmt="%.9g")

runs = []
for seed in range(5):
    tsne = TSNE(n_components=2, perplexity=30.0, learning_rate="auto", init="pca", method="exact", random_state=seed)
    y = tsne.fit_transform(rows)
    runs.append({"seed": seed, "kl": float(tsne.kl_divergence_), "trustworthiness": float(trustworthiness(rows, y, n_neighbors=10)),
                 "iterations": int(tsne.n_iter_) + 1})
print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "n": len(rows), "runs": runs,
                  "median_kl": statistics.median(r["kl"] for r in runs),
                  "median_trustworthiness": statistics.median(r["trustworthiness"] for r in runs)}))
