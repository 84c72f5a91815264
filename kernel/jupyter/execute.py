"""Executes one notebook headless and writes it as .ipynb and self-contained .html.

The driver behind kernel/jupyter/run.ts (`npm run notebooks`); not meant to be run by hand,
though it can be:

    JUPYTER_PATH=kernel/jupyter/share/jupyter /usr/bin/python3 kernel/jupyter/execute.py JOB.json

JOB.json (written by run.ts):
    notebook        the notebook to execute (parameters already injected by run.ts)
    cwd             the kernel's working directory (tslab's rootDir): the source notebook's folder
    name            the page title
    kernel_name     e.g. "payback-tslab"
    timeout         seconds one cell may run
    startup_timeout seconds the kernel may take to start
    output_ipynb    where the executed notebook goes
    output_html     where the HTML goes (null: no HTML)

Progress goes out as JSON lines on file descriptor 3 (run.ts opens it as a pipe; stdout and
stderr stay free for the kernel and Jupyter's logging):
    {"event": "kernel-ready", "seconds": s}
    {"event": "cell-start", "index": i}                 i: position in the executed notebook
    {"event": "cell-done", "index": i, "seconds": s}
    {"event": "cell-error", "index": i, "kind": "error" | "timeout" | "dead-kernel",
     "ename": ..., "evalue": ..., "stderr": ..., "seconds": s}
    {"event": "written", "path": p}
    {"event": "fatal", "message": m}                    anything else that went wrong
Exit status: 0 all cells ran; 1 a cell failed (the notebook and HTML are still written, with the
error in them); 2 anything else (bad job, kernel failed to start).

Outputs are written atomically (temp file in the same folder, then rename), so a reader never
sees half a report.

The HTML uses nbconvert's "lab" template minus the two <script src> tags it loads from a CDN
(require.js and MathJax): the page must open offline and without console errors. Notebook
text/html outputs are copied verbatim, so plotly.js (emitted once by
src/report/plotly-display.ts) runs straight from the page. Markdown LaTeX stays unrendered.
"""

import json
import os
import sys
import time

OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{#- nbconvert's lab template without the CDN scripts (require.js, MathJax). -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
"""


class Events:
    """JSON lines on fd 3 (or stderr when fd 3 is not open, e.g. run by hand)."""

    def __init__(self):
        try:
            self.stream = os.fdopen(3, "w", buffering=1, encoding="utf-8")
        except OSError:
            self.stream = sys.stderr

    def emit(self, event, **fields):
        self.stream.write(json.dumps({"event": event, **fields}) + "\n")
        self.stream.flush()


def write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    temp = os.path.join(folder, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def stderr_text(cell):
    return "".join(
        output.get("text", "")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    )


def error_fields(cell, reply_content):
    """ename/evalue as the kernel sent them (tslab sends none) plus the cell's stderr."""
    content = reply_content or {}
    ename = content.get("ename") or ""
    evalue = content.get("evalue") or ""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            ename = ename or output.get("ename", "")
            evalue = evalue or output.get("evalue", "")
    return {"ename": ename, "evalue": evalue, "stderr": stderr_text(cell)}


def export_html(nb, name):
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"payback_offline.html.j2": OFFLINE_TEMPLATE})],
        template_file="payback_offline.html.j2",
    )
    # A notebook written for readers who do not read code (06-stakeholder-report) sets
    # metadata.payback.hide_code: its HTML shows the prose and the outputs only.
    if nb.metadata.get("payback", {}).get("hide_code"):
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


def main(argv):
    events = Events()
    if len(argv) != 2:
        events.emit("fatal", message="usage: execute.py JOB.json")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as handle:
            job = json.load(handle)
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        nb = nbformat.read(job["notebook"], as_version=4)
    except Exception as error:  # noqa: BLE001 - reported, not dumped
        events.emit("fatal", message="%s: %s" % (type(error).__name__, error))
        return 2

    started = time.monotonic()
    cell_started = {}
    last_reply = {}

    def on_cell_execute(cell, cell_index, **_):
        cell_started[cell_index] = time.monotonic()
        events.emit("cell-start", index=cell_index)

    def on_cell_executed(cell, cell_index, execute_reply, **_):
        last_reply[cell_index] = (execute_reply or {}).get("content", {})
        if last_reply[cell_index].get("status") == "ok":
            events.emit("cell-done", index=cell_index, seconds=time.monotonic() - cell_started[cell_index])

    def on_notebook_start(**_):
        events.emit("kernel-ready", seconds=time.monotonic() - started)

    client = NotebookClient(
        nb,
        kernel_name=job["kernel_name"],
        timeout=job["timeout"],
        startup_timeout=job.get("startup_timeout", 60),
        allow_errors=False,
        record_timing=False,  # no timestamps in the output: the same run gives the same file
        # SIGKILL to the kernel's process group when done: no 5 s wait for a kernel that a
        # pending timer keeps alive (e.g. after a timeout), and no orphaned worker processes.
        shutdown_kernel="immediate",
        resources={"metadata": {"path": job["cwd"]}},
        on_notebook_start=on_notebook_start,
        on_cell_execute=on_cell_execute,
        on_cell_executed=on_cell_executed,
    )

    status = 0
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        status = 1
        index = max(cell_started) if cell_started else -1
        cell = nb.cells[index] if index >= 0 else {}
        seconds = time.monotonic() - cell_started.get(index, started)
        if isinstance(error, CellTimeoutError):
            events.emit("cell-error", index=index, kind="timeout", ename="CellTimeoutError",
                        evalue="timed out after %s s" % job["timeout"], stderr=stderr_text(cell), seconds=seconds)
        elif isinstance(error, DeadKernelError):
            events.emit("cell-error", index=index, kind="dead-kernel", ename="DeadKernelError",
                        evalue="the kernel died", stderr=stderr_text(cell), seconds=seconds)
        else:
            events.emit("cell-error", index=index, kind="error", seconds=seconds,
                        **error_fields(cell, last_reply.get(index)))
    except Exception as error:  # noqa: BLE001 - e.g. no such kernel, kernel did not start
        events.emit("fatal", message="%s: %s" % (type(error).__name__, str(error).strip().splitlines()[0] if str(error).strip() else ""))
        return 2

    try:
        write_atomically(job["output_ipynb"], nbformat.writes(nb))
        events.emit("written", path=job["output_ipynb"])
        if job.get("output_html"):
            write_atomically(job["output_html"], export_html(nb, job["name"]))
            events.emit("written", path=job["output_html"])
    except Exception as error:  # noqa: BLE001
        events.emit("fatal", message="writing reports: %s: %s" % (type(error).__name__, error))
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
