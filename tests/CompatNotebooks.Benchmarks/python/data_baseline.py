"""The seed notebook's way of loading the data, timed — the reference for the C# data benchmark.

usage: /usr/bin/python3 data_baseline.py features PATH   |   data_baseline.py metadata PATH
Prints one JSON object: seconds, items, peak_rss_bytes.

Features: the seed's readImageFeatures loop (f.read(10) + array.fromfile(f, 4096)) into a dict asin -> row.
The seed also calls a.tolist() per record; a full file of Python floats would need ~10 GB, so the arrays are
kept as array('f') (1.3 GB) — faster and leaner than the seed, i.e. a generous baseline.
Metadata: gzip.open + eval(line) per line, exactly as the seed's parse().
"""
import array, gzip, json, resource, sys, time


def features(path):
    rows = {}
    with open(path, 'rb') as f:
        while True:
            asin = f.read(10).decode('utf-8')
            if len(asin) < 10:
                break
            a = array.array('f')
            a.fromfile(f, 4096)
            rows[asin.strip()] = a
    return len(rows)


def metadata(path):
    n = 0
    with gzip.open(path, 'r') as g:
        for line in g:
            d = eval(line)
            n += 1 if d['asin'] else 0
    return n


if __name__ == '__main__':
    kind, path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    items = features(path) if kind == 'features' else metadata(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({'seconds': seconds, 'items': items, 'peak_rss_bytes': peak}))
