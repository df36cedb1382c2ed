#!/usr/bin/python3
"""Talks to the repo's .NET kernel with jupyter_client and reports how live displays and charts reach a front end.

usage: jupyter/live_display_check.py NOTEBOOK [--timeout S]

Starts the kernel of jupyter/kernels/.net-csharp in NOTEBOOK's folder, runs NOTEBOOK's first code cell (the `#r`
lines and NotebookSetup.Prepare()), then cells that show a progress bar, a live loss curve, a chart, and a progress
bar finished by a later cell. Prints one JSON object (the messages as a front end sees them) for the xunit test
tests/CompatNotebooks.Tests/Jupyter/LiveDisplayTests.cs to judge:
  cells: per cell, its status and, in order, each display message: type, display_id, mime types, for
         update_display_data whether an earlier display_data carried the same display_id, how its Plotly figure
         arrived (`plotly_json`: "object" with data and layout, "string", or null), whether its HTML carries the
         inline plotly.js bundle, and the bytes of its content as JSON;
  plotly: the figure JSON of the chart output (or null), as the front end received it;
  loss_curve_plotly: the figure of the loss curve's last update, as the front end received it;
  listening: the TCP addresses the kernel's processes listen on once the first cell ran (its HTTP server, ZeroMQ);
  kernel_pid: the process the kernelspec started;
  leftover_processes: processes of the kernel's session still running after shutdown (then killed).
Exit code 0 when it could talk to the kernel, 2 on a usage error or when the kernel did not answer in time.
"""

import argparse
import ipaddress
import queue
import json
import os
import sys
import time
import warnings

BUNDLE_MARKER = "data-compat-plotly-bundle"  # PlotlyJs.BundleMarker
PLOTLY_MIME = "application/vnd.plotly.v1+json"

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (HERE, os.environ.get("JUPYTER_PATH", "")) if p)
sys.path.insert(0, HERE)
warnings.filterwarnings("ignore", message="Code cell is missing an id field")  # nbformat 4.4 notebooks

import nbformat  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

from run_notebook import KERNEL_NAME, session_processes, stop_leftovers  # noqa: E402

# Each reports with a pause longer than ProgressDisplay's update interval, so every report reaches the front end.
CELLS = {
    "progress": """
using (var progress = CompatNotebooks.Notebook.ProgressDisplay.Start("Counting", 3))
{
    for (var i = 1; i <= 3; i++)
    {
        System.Threading.Thread.Sleep(300);
        progress.Report(i, $"item {i}");
    }
}
""",
    "loss_curve": """
var curve = new CompatNotebooks.Notebook.LiveLossCurve("live check");
for (var i = 1; i <= 3; i++)
    curve.Report(new CompatNotebooks.Training.BookLoopProgress(i * 100, 1.0 / i, 1.0 / i, System.TimeSpan.FromSeconds(i)));
""",
    # As if no earlier output had carried plotly.js (the first cell's output not shown): the curve takes it, once.
    "loss_curve_claims_bundle": """
CompatNotebooks.Notebook.NotebookFormatters.ResetPlotlyBundle();
var first = new CompatNotebooks.Notebook.LiveLossCurve("first chart");
for (var i = 1; i <= 3; i++)
    first.Report(new CompatNotebooks.Training.BookLoopProgress(i * 100, 1.0 / i, 1.0 / i, System.TimeSpan.FromSeconds(i)));
""",
    "chart": """
CompatNotebooks.Plotting.TrainingCharts.Loss(new double[] { 1, 2, 3 }, new double[] { 0.9, 0.6, 0.4 }, title: "native check")
""",
    "later_start": """
var status = CompatNotebooks.Notebook.ProgressDisplay.Start("Later update", 2);
""",
    "later_finish": """
status.Complete("finished by the next cell");
""",
}


def execute(client, code, timeout):
    """Runs `code`; returns (status, iopub messages of that request, in order)."""
    msg_id = client.execute(code, store_history=True)
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no idle status for {code.strip().splitlines()[0]!r} within {timeout} s")
        message = client.get_iopub_msg(timeout=remaining)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
        messages.append(message)
    reply = client.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
    return reply["content"]["status"], messages


def describe(messages, shown_ids):
    """The display messages of one cell; `shown_ids` (display_data ids so far, across cells) is extended."""
    described = []
    for message in messages:
        kind = message["msg_type"]
        if kind not in ("display_data", "update_display_data", "execute_result", "error", "stream"):
            continue
        content = message["content"]
        display_id = content.get("transient", {}).get("display_id")
        data = content.get("data", {})
        entry = {"type": kind, "display_id": display_id, "mime_types": sorted(data),
                 "plotly_json": plotly_kind(data.get(PLOTLY_MIME)),
                 "carries_bundle": BUNDLE_MARKER in text(data.get("text/html", "")),
                 "bytes": len(json.dumps(content, ensure_ascii=False).encode("utf-8"))}
        if kind == "update_display_data":
            entry["updates_earlier_display"] = display_id in shown_ids
        if kind == "display_data" and display_id:
            shown_ids.add(display_id)
        if kind == "error":
            entry["error"] = f"{content.get('ename')}: {content.get('evalue')}"
        described.append(entry)
    return described


def text(value):
    """A mime value's text: a string, or a list of lines."""
    return "".join(value) if isinstance(value, list) else value if isinstance(value, str) else json.dumps(value)


def plotly_kind(value):
    """How a Plotly figure arrived: "object" (a JSON object with data and layout), "string", "other" or None."""
    if value is None:
        return None
    if isinstance(value, dict):
        return "object" if "data" in value and "layout" in value else "other"
    return "string" if isinstance(value, str) else "other"


def listening_addresses(session_id):
    """"address:port" of every TCP socket listening in a process of session `session_id` (IPv4 and IPv6)."""
    inodes = set()
    for pid in session_processes(session_id):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue  # exited meanwhile
    addresses = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            with open(table, encoding="ascii") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            host, port = local.split(":")
            raw = bytes.fromhex(host)
            # /proc prints each 32-bit word in host (little-endian) order.
            words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            ip = ipaddress.ip_address(words) if width == 8 else ipaddress.IPv6Address(words)
            addresses.append(f"{ip}:{int(port, 16)}")
    return sorted(addresses)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    notebook = nbformat.read(args.notebook, as_version=4)
    setup = next((c.source for c in notebook.cells if c.cell_type == "code"), None)
    if setup is None:
        print(f"live_display_check.py: {args.notebook}: no code cell", file=sys.stderr)
        return 2

    manager = KernelManager(kernel_name=KERNEL_NAME)
    # The kernel's own log goes to stderr: stdout is this script's report.
    manager.start_kernel(cwd=os.path.dirname(os.path.abspath(args.notebook)), stdout=sys.stderr)
    kernel_pid = manager.provisioner.process.pid
    session = os.getsid(kernel_pid)
    client = manager.client()
    client.start_channels()
    report = {"cells": {}, "plotly": None, "loss_curve_plotly": None, "kernel_pid": kernel_pid, "listening": [],
              "leftover_processes": []}
    try:
        client.wait_for_ready(timeout=args.timeout)
        shown_ids = set()
        for name, code in [("setup", setup)] + list(CELLS.items()):
            status, messages = execute(client, code, args.timeout)
            report["cells"][name] = {"status": status, "displays": describe(messages, shown_ids)}
            if name == "setup":
                report["listening"] = listening_addresses(session)
            if name == "loss_curve":
                for message in messages:
                    data = message["content"].get("data", {})
                    if PLOTLY_MIME in data:
                        report["loss_curve_plotly"] = data[PLOTLY_MIME]
            if name == "chart":
                for message in messages:
                    data = message["content"].get("data", {})
                    if "application/vnd.plotly.v1+json" in data:
                        report["plotly"] = data["application/vnd.plotly.v1+json"]
    except (TimeoutError, RuntimeError, queue.Empty) as e:
        print(f"live_display_check.py: {e}", file=sys.stderr)
        return 2
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
        report["leftover_processes"] = stop_leftovers(session)
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
