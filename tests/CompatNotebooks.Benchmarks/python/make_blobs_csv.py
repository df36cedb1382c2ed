"""Writes the t-SNE benchmark data: N points of 5-D data in 12 Gaussian clusters (scikit-learn make_blobs).

usage: /usr/bin/python3 make_blobs_csv.py N OUT_DIR [SEED]
writes OUT_DIR/blobs_N.csv (numeric rows, no header; the input of both tools) and OUT_DIR/blobs_N.labels (one label a line).
"""
import os
import sys

import numpy as np
from sklearn.datasets import make_blobs

n = int(sys.argv[1])
out_dir = sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
os.makedirs(out_dir, exist_ok=True)
x, labels = make_blobs(n_samples=n, n_features=5, centers=12, cluster_std=1.0, random_state=seed)
np.savetxt(os.path.join(out_dir, f"blobs_{n}.csv"), x.astype(np.float32), delimiter=",", fmt="%.7g")
np.savetxt(os.path.join(out_dir, f"blobs_{n}.labels"), labels, fmt="%d")
print(f"wrote {n} rows to {out_dir}")
