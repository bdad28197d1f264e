#!/usr/bin/env python3
"""Writes a Python app's log as CPython and its logging libraries really write it: JSON lines,
tracebacks printed after them (chained exceptions, `logging.exception` through the stdlib and
through structlog rendering JSON into a stdlib handler), and an uncaught exception at the end.

    python_tracebacks.py LOG MANIFEST

MANIFEST (JSON) lists the events a multiline reader must make of LOG, in order:
{"json": {...the JSON line's object...}, "exception": "<the traceback text>" | null} for a JSON
line, {"text": "<the lines>"} for a group with no JSON line before it (the log starts with the
traceback of a crashed run). A traceback printed after a JSON line belongs to it, even the
interpreter's own for an uncaught exception: that is the rule.
"""
import json
import logging
import sys
import traceback

import structlog

log_path, manifest_path = sys.argv[1], sys.argv[2]
out = open(log_path, "a", buffering=1)
manifest = []


def json_line(obj, exception=None):
    out.write(json.dumps(obj) + "\n")
    manifest.append({"json": obj, "exception": exception})


def load_model(name):
    return {"llama": 1}[name]


def run_inference(step):
    try:
        load_model("mistral")
    except KeyError as error:
        raise RuntimeError(f"inference failed in {step}") from error


def uncaught_text():
    try:
        raise ValueError("bad input")
    except ValueError:
        return traceback.format_exc()


# The previous run crashed: its last words, with no JSON line before them.
text = uncaught_text()
out.write(text)
manifest.append({"text": text.rstrip("\n")})

# Plain JSON lines, then one whose traceback is printed after it (raise ... from ...).
for i in range(3):
    json_line({"level": "info", "event": "step_started", "step": "ingestion", "seq": i})
try:
    run_inference("inference")
except RuntimeError:
    text = traceback.format_exc()
    json_line({"level": "error", "event": "inference_failed", "step": "inference"}, text.rstrip("\n"))
    out.write(text)

# "During handling of the above exception": an exception raised in an except block.
try:
    try:
        1 / 0
    except ZeroDivisionError:
        [][3]
except IndexError:
    text = traceback.format_exc()
    json_line({"level": "error", "event": "postprocess_failed", "step": "post-processing"}, text.rstrip("\n"))
    out.write(text)

json_line({"level": "warning", "event": "retrying", "attempt": 2})

# The stdlib: a JSON-shaped format string; logging.exception appends the traceback.
handler = logging.StreamHandler(out)
handler.setFormatter(logging.Formatter('{"level": "%(levelname)s", "event": "%(message)s", "logger": "%(name)s"}'))
stdlib = logging.getLogger("delivery")
stdlib.addHandler(handler)
stdlib.propagate = False
try:
    run_inference("delivery")
except RuntimeError:
    text = traceback.format_exc()
    stdlib.exception("delivery_failed")
    manifest.append({"json": {"level": "ERROR", "event": "delivery_failed", "logger": "delivery"}, "exception": text.rstrip("\n")})

# structlog rendering JSON, handed to a stdlib handler that formats the message and then
# appends the traceback (the misconfiguration that prints tracebacks as plain text).
plain = logging.StreamHandler(out)
plain.setFormatter(logging.Formatter("%(message)s"))
slog_std = logging.getLogger("workflow")
slog_std.addHandler(plain)
slog_std.propagate = False
slog_std.setLevel(logging.INFO)
structlog.configure(
    processors=[structlog.stdlib.add_log_level, structlog.processors.JSONRenderer(sort_keys=True)],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=False,
)
slog = structlog.get_logger("workflow")
slog.info("run_started", workflow_id="wf-7")
manifest.append({"json": {"event": "run_started", "level": "info", "workflow_id": "wf-7"}, "exception": None})
try:
    run_inference("inference")
except RuntimeError:
    text = traceback.format_exc()
    # stdlib.BoundLogger.exception passes exc_info to the stdlib record: the handler's
    # Formatter prints it after the rendered JSON.
    slog.exception("run_failed", workflow_id="wf-7")
    manifest.append({"json": {"event": "run_failed", "exc_info": True, "level": "error", "workflow_id": "wf-7"}, "exception": text.rstrip("\n")})

# The last JSON line, then an uncaught exception as the interpreter prints it.
text = uncaught_text()
json_line({"level": "info", "event": "shutdown"}, text.rstrip("\n"))
out.write(text)
out.close()
with open(manifest_path, "w") as f:
    json.dump(manifest, f)
