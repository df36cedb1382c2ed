"""Runs scikit-learn's TSNE (Barnes-Hut, all defaults as of 1.2: perplexity 30, early exaggeration 12,
learning_rate 'auto', init 'pca', 1000 iterations) on a CSV and writes the x,y embedding.

usage: /usr/bin/python3 sklearn_tsne.py IN.csv OUT.csv [SEED]
last stdout line: {"tool": "sklearn", "n": ..., "seconds": ..., "kl_divergence": ..., "iterations": ...}
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE

x = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float32)
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
start = time.perf_counter()
tsne = TSNE(n_components=2, perplexity=30.0, learning_rate="auto", init="pca", random_state=seed)
y = tsne.fit_transform(x)
seconds = time.perf_counter() - start
np.savetxt(sys.argv[2], y, delimiter=",", fmt="%.9g")
print(json.dumps({"tool": f"sklearn {sklearn.__version__}", "n": len(x), "seconds": round(seconds, 3),
                  "kl_divergence": float(tsne.kl_divergence_), "iterations": int(tsne.n_iter_) + 1}))
