#!/usr/bin/python3
"""Runs notebooks through Jupyter's own executor (nbclient) with the repo's kernelspec, papermill-style.

usage: jupyter/run_notebook.py NOTEBOOK... [--out DIR] [-p name=value]... [--timeout-per-cell S]

Each notebook gets a fresh kernel (jupyter/kernels/.net-csharp, found through JUPYTER_PATH, which this script sets).
Parameters are injected after the cell tagged `parameters` exactly as `compat-notebooks run -p` does (see
notebook_parameters.py). The executed notebook is written to DIR (default out/jupyter) even when a cell fails.
Prints one line per code cell (seconds, MB of iopub messages) and, last, one JSON line: per notebook the seconds it
took, the kernel start, each code cell's seconds and iopub traffic (messages, bytes, largest, how many over 1 MB), the
error if any, and `leftover_processes` (processes of the kernel's session still running after
the kernel was shut down: they are killed, and reported so a test can fail on them).
Exit code: 0 all notebooks ran, 1 a cell failed or a kernel left processes behind, 2 bad usage or parameters.
Run it with Debian's /usr/bin/python3 (the one python3-nbclient is installed for).
"""

import argparse
import datetime
import json
import math
import os
import re
import signal
import sys
import time
import traceback
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL_NAME = ".net-csharp"
JSON_MIME = re.compile(r"^application/(.*\+)?json$")
# Before jupyter_client reads it: the repo's kernelspec first, whatever else the user has after it.
os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (HERE, os.environ.get("JUPYTER_PATH", "")) if p)
sys.path.insert(0, HERE)
# Our notebooks are nbformat 4.4 (no cell ids); nbformat adds ids when it writes, which is all the warning asks for.
warnings.filterwarnings("ignore", message="Code cell is missing an id field")

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402

import notebook_parameters  # noqa: E402


def inject_parameters(notebook, parameters, path):
    """Inserts the injected-parameters cell after the `parameters` cell (nothing to do without parameters)."""
    if not parameters:
        return
    index = next((i for i, cell in enumerate(notebook.cells)
                  if notebook_parameters.PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])), None)
    if index is None:
        raise notebook_parameters.ParameterError(
            f"{path}: no cell is tagged '{notebook_parameters.PARAMETERS_TAG}', so -p {', '.join(parameters)} cannot be set")
    try:
        source = notebook_parameters.injected_cell(notebook.cells[index].source, parameters)
    except notebook_parameters.ParameterError as e:
        raise notebook_parameters.ParameterError(f"{path}: {e}") from None
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = [notebook_parameters.INJECTED_TAG]
    cell.metadata["dotnet_interactive"] = {"language": "csharp"}
    cell.metadata["polyglot_notebook"] = {"kernelName": "csharp"}
    notebook.cells.insert(index + 1, cell)


def session_processes(session_id):
    """Pids of live processes in session `session_id` (the kernel is started as a session leader)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue  # exited meanwhile
        fields = stat[stat.rindex(")") + 2:].split()
        # fields[0] is the state, [3] the session id (stat fields 3 and 6); zombies are already gone for our purpose.
        if fields[0] != "Z" and int(fields[3]) == session_id:
            pids.append(int(entry))
    return pids


def json_mime_values_as_objects(cell):
    """dotnet-interactive sends every formatted value as a string except application/json; an .ipynb stores JSON
    mime types (application/vnd.plotly.v1+json, …) as JSON, which is what Plotly renderers read."""
    for output in cell.get("outputs", []):
        for mime, value in output.get("data", {}).items():
            if JSON_MIME.match(mime) and isinstance(value, str):
                try:
                    output["data"][mime] = json.loads(value)
                except ValueError:
                    pass  # not JSON after all: kept as the kernel sent it


class MeasuringClient(NotebookClient):
    """nbclient's client, counting per cell the iopub messages, the bytes of their content (as JSON) and the messages
    over 1 MB, so a run shows what crosses the protocol (e.g. a live chart resent with the plotly.js bundle on every
    update: the bundle alone is 3.6 MB)."""

    LARGE = 1_000_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.traffic = {}

    def process_message(self, msg, cell, cell_index):
        entry = self.traffic.setdefault(cell_index, {"messages": 0, "bytes": 0, "largest": 0, "large": 0})
        size = len(json.dumps(msg["content"], ensure_ascii=False).encode("utf-8"))
        entry["messages"] += 1
        entry["bytes"] += size
        entry["largest"] = max(entry["largest"], size)
        entry["large"] += size > self.LARGE
        return super().process_message(msg, cell, cell_index)


def cell_seconds(cell):
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return None
    parse = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return round((parse(end) - parse(start)).total_seconds(), 3)


def run(path, out_dir, parameters, timeout):
    notebook = nbformat.read(path, as_version=4)
    inject_parameters(notebook, parameters, path)
    client = MeasuringClient(notebook, kernel_name=KERNEL_NAME, timeout=int(math.ceil(timeout)),
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    result = {"notebook": path, "error": None, "kernel_pid": None, "kernel_start_seconds": None, "cells": [], "leftover_processes": []}
    clock = time.monotonic()
    kernel_session = None
    try:
        started = time.monotonic()
        client.km = client.create_kernel_manager()
        # The kernel's own log goes to stderr: stdout is this script's report.
        client.start_new_kernel(stdout=sys.stderr)
        result["kernel_pid"] = client.km.provisioner.process.pid
        kernel_session = os.getsid(result["kernel_pid"])
        client.start_new_kernel_client()
        result["kernel_start_seconds"] = round(time.monotonic() - started, 3)
        client.reset_execution_trackers()
        info = client.wait_for_reply(client.kc.kernel_info())
        if info is not None and "language_info" in info["content"]:
            notebook.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            label = f"cell {index + 1:2}"
            try:
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            finally:
                json_mime_values_as_objects(cell)
                seconds = cell_seconds(cell)
                traffic = client.traffic.get(index, {"messages": 0, "bytes": 0, "largest": 0, "large": 0})
                result["cells"].append({"index": index, "seconds": seconds, "iopub_messages": traffic["messages"],
                                        "iopub_bytes": traffic["bytes"], "largest_message_bytes": traffic["largest"],
                                        "messages_over_1mb": traffic["large"]})
                print(f"  {label} {seconds if seconds is not None else '?':>8} s {traffic['bytes'] / 1e6:8.2f} MB  "
                      f"{cell.source.splitlines()[0][:60] if cell.source else ''}", flush=True)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        result["error"] = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    finally:
        client._cleanup_kernel()
        if kernel_session is not None:
            result["leftover_processes"] = stop_leftovers(kernel_session)
        result["seconds"] = round(time.monotonic() - clock, 3)
        os.makedirs(out_dir, exist_ok=True)
        result["executed"] = os.path.join(out_dir, os.path.basename(path))
        nbformat.write(notebook, result["executed"])
    return result


def stop_leftovers(session_id, grace_seconds=10):
    """Waits (bounded) for the kernel's session to end; returns and kills what is still running after that."""
    deadline = time.monotonic() + grace_seconds
    while session_processes(session_id) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = session_processes(session_id)
    for pid in leftovers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return leftovers


def parse_parameter(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"-p expects name=value, got '{text}'")
    return name.strip(), value


def main(argv):
    parser = argparse.ArgumentParser(description="Run notebooks through nbclient with the repo's .NET kernelspec.")
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", default=os.path.join("out", "jupyter"))
    parser.add_argument("-p", dest="parameters", action="append", type=parse_parameter, default=[])
    parser.add_argument("--timeout-per-cell", type=float, default=600)
    args = parser.parse_args(argv)
    parameters = dict(args.parameters)
    for path in args.notebooks:
        if not os.path.isfile(path):
            print(f"run_notebook.py: {path}: no such notebook", file=sys.stderr)
            return 2
    results = []
    clock = time.monotonic()
    for path in args.notebooks:
        print(f"{path}:", flush=True)
        try:
            result = run(path, args.out, parameters, args.timeout_per_cell)
        except notebook_parameters.ParameterError as e:
            print(f"run_notebook.py: {e}", file=sys.stderr)
            return 2
        except Exception as e:  # noqa: BLE001 - any failure is reported for this notebook, the report still printed
            traceback.print_exc()
            result = {"notebook": path, "error": f"{type(e).__name__}: {e}", "leftover_processes": []}
        results.append(result)
        if result["error"]:
            print(f"run_notebook.py: {path}: {result['error']}", file=sys.stderr)
        if result["leftover_processes"]:
            print(f"run_notebook.py: {path}: kernel processes left running after shutdown: {result['leftover_processes']}",
                  file=sys.stderr)
    total = round(time.monotonic() - clock, 3)
    succeeded = all(not r["error"] and not r["leftover_processes"] for r in results)
    print(f"{sum(1 for r in results if not r['error'])} of {len(results)} notebooks succeeded in {total:.1f} s")
    print(json.dumps({"succeeded": succeeded, "seconds": total, "notebooks": results}))
    return 0 if succeeded else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
