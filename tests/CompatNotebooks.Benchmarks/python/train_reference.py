#!/usr/bin/python3
"""PyTorch reference for the training benchmark (run with Debian's /usr/bin/python3, which has torch and sklearn).

Same model and data as the fused trainer: features read from the .b file through a numpy memmap, pairs given as
record indices (int32 triples: record1, record2, label) written by the C# benchmark runner, E1/E2 ~ N(0, 0.001^2),
c = 0, mean binary cross-entropy on logits, Adam. Two modes:
  minibatch    epochs over the training pairs in shuffled minibatches (default 1,024), held-out metrics per epoch
  single-pair  the seed notebook's loop: one random pair per Adam step (lr 1e-5), timed for --steps steps
Prints one JSON object per line; the last line is the summary.
"""
import argparse
import json
import time

import numpy as np
import torch
from sklearn.metrics import roc_auc_score


def load_pairs(path):
    pairs = np.fromfile(path, dtype=np.int32).reshape(-1, 3)
    return pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64), pairs[:, 2].astype(np.float32)


class Compatibility(torch.nn.Module):
    def __init__(self, dim, k, kind, seed):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.E1 = torch.nn.Parameter(torch.randn(dim, k, generator=g) * 0.001)
        self.E2 = torch.nn.Parameter(torch.randn(dim, k, generator=g) * 0.001)
        self.c = torch.nn.Parameter(torch.zeros(()))
        self.kind = kind

    def forward(self, x1, x2):
        s1, s2 = x1 @ self.E1, x2 @ self.E2
        if self.kind == "euclidean":
            return self.c - ((s1 - s2) ** 2).sum(-1)
        return self.c + (s1 * s2).sum(-1)


def rows(features, index):
    # Fancy indexing on the memmap copies just these rows (like the book's X[i] lookups, batched).
    return torch.from_numpy(np.array(features[index]["x"], dtype=np.float32, order="C", copy=True))


def evaluate(model, features, test, batch=8192):
    a, b, y = test
    logits = []
    with torch.no_grad():
        for s in range(0, len(y), batch):
            logits.append(model(rows(features, a[s:s + batch]), rows(features, b[s:s + batch])))
    z = torch.cat(logits)
    yt = torch.from_numpy(y)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, yt).item()
    accuracy = ((z > 0).float() == yt).float().mean().item()
    return {"test_auc": float(roc_auc_score(y, z.numpy())), "test_accuracy": accuracy, "test_log_loss": loss}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--features", required=True)
    p.add_argument("--dim", type=int, default=4096)
    p.add_argument("--train", required=True)
    p.add_argument("--test")
    p.add_argument("--model", choices=["euclidean", "inner"], default="euclidean")
    p.add_argument("--mode", choices=["minibatch", "single-pair"], default="minibatch")
    p.add_argument("--style-dim", type=int, default=5)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    record = np.dtype([("asin", "S10"), ("x", "<f4", (a.dim,))])
    features = np.memmap(a.features, dtype=record, mode="r")
    train = load_pairs(a.train)
    model = Compatibility(a.dim, a.style_dim, a.model, a.seed)
    rng = np.random.default_rng(a.seed)

    if a.mode == "single-pair":
        optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
        start = time.perf_counter()
        for _ in range(a.steps):
            i = rng.integers(len(train[2]))
            x1, x2 = rows(features, train[0][i:i + 1]), rows(features, train[1][i:i + 1])
            y = torch.from_numpy(train[2][i:i + 1])
            optimizer.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x1, x2), y)
            loss.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        print(json.dumps({"mode": "single-pair", "model": a.model, "steps": a.steps, "seconds": seconds,
                          "pairs_per_second": a.steps / seconds, "torch": torch.__version__, "threads": a.threads}))
        return

    test = load_pairs(a.test)
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
    n = len(train[2])
    training_seconds = 0.0
    history = []
    for epoch in range(1, a.epochs + 1):
        order = rng.permutation(n)
        start = time.perf_counter()
        loss_sum = 0.0
        for s in range(0, n, a.batch):
            idx = order[s:s + a.batch]
            x1, x2 = rows(features, train[0][idx]), rows(features, train[1][idx])
            y = torch.from_numpy(train[2][idx])
            optimizer.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x1, x2), y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)
        training_seconds += time.perf_counter() - start
        entry = {"epoch": epoch, "seconds": training_seconds, "train_loss": loss_sum / n}
        entry.update(evaluate(model, features, test))
        history.append(entry)
        print(json.dumps(entry), flush=True)
    summary = {"mode": "minibatch", "model": a.model, "epochs": a.epochs, "train_pairs": n, "test_pairs": len(test[2]),
               "seconds": training_seconds, "pairs_per_second": a.epochs * n / training_seconds,
               "torch": torch.__version__, "threads": a.threads, "history": history}
    summary.update({k: history[-1][k] for k in ("test_auc", "test_accuracy", "test_log_loss")})
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
