#!/usr/bin/python3
"""Summarizes a run-jupyter-vs-runner.sh session: per notebook the executor's seconds, kernel start, first cell, the
other cells, and the MB of iopub messages; the runner's total, per notebook and first cells; the load averages.
usage: summarize.py OUT"""
import json
import re
import sys

log = open(f"{sys.argv[1]}/log.txt", encoding="utf-8").read()
lines = log.splitlines()
jupyter = json.loads(next(l for l in lines if l.startswith('{"succeeded": ')))
runner = json.loads(next(l for l in lines if l.startswith('{"succeeded":') and not l.startswith('{"succeeded": ')))
print(f"Jupyter's executor: {jupyter['seconds']:.1f} s")
for n in jupyter["notebooks"]:
    cells = n["cells"]
    # (runs from before run_notebook.py counted them have no such field)
    large = sum(c["messages_over_1mb"] for c in cells) if "messages_over_1mb" in cells[0] else "?"
    print(f"  {n['notebook'].split('/')[-1][:2]}: {n['seconds']:5.1f} s; kernel start {n['kernel_start_seconds']:5.2f} s, "
          f"first cell {cells[0]['seconds']:5.2f} s, other cells {sum(c['seconds'] for c in cells[1:]):6.2f} s; "
          f"iopub {sum(c['iopub_bytes'] for c in cells) / 1e6:6.2f} MB, {large} messages over 1 MB")
print(f"  kernel starts {sum(n['kernel_start_seconds'] for n in jupyter['notebooks']):.1f} s, "
      f"first cells {sum(n['cells'][0]['seconds'] for n in jupyter['notebooks']):.1f} s")
print(f"runner: {runner['seconds']:.1f} s; per notebook {[round(n['seconds'], 1) for n in runner['notebooks']]}; "
      f"first cells {re.findall(r'] +1/[0-9]+ ok +([0-9.]+) s', log)}")
for line in lines:
    if line.startswith("uptime"):
        print(line)
