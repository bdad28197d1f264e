#!/usr/bin/env python3
"""Counting Elasticsearch/Loki sink for bench/peers.sh's delivery check (not for timing).

Decodes each body (gzip or plain) and counts what arrived: Elasticsearch `_bulk` action lines,
Loki push entries (JSON, or protobuf + snappy when the body is not `application/json`, as Loki
reads it; decoded here without third-party modules), OTLP log records (protobuf or JSON, decoded
with opentelemetry-proto). GET /count answers "<bulk_docs> <loki_entries> <requests> <otlp_records>";
POST /reset zeroes the counts. Usage: count-sink.py PORT
"""
import base64
import gzip
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
counts = {"bulk": 0, "loki": 0, "requests": 0, "otlp": 0}
ES_ROOT = b'{"name":"count-sink","cluster_name":"bench","version":{"number":"8.13.0"},"tagline":"You Know, for Search"}'


def varint(data, i):
    value = shift = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def snappy_block(data):
    """Decompresses snappy's block format (a length, then literals and copies)."""
    length, i = varint(data, 0)
    out = bytearray()
    while i < len(data):
        tag = data[i]
        i += 1
        kind = tag & 3
        if kind == 0:  # literal
            n = tag >> 2
            if n >= 60:
                extra = n - 59
                n = int.from_bytes(data[i:i + extra], "little")
                i += extra
            out += data[i:i + n + 1]
            i += n + 1
            continue
        if kind == 1:
            n, offset = 4 + ((tag >> 2) & 7), ((tag >> 5) << 8) | data[i]
            i += 1
        elif kind == 2:
            n, offset = (tag >> 2) + 1, int.from_bytes(data[i:i + 2], "little")
            i += 2
        else:
            n, offset = (tag >> 2) + 1, int.from_bytes(data[i:i + 4], "little")
            i += 4
        for _ in range(n):  # copies may overlap their own output
            out.append(out[-offset])
    assert len(out) == length, "snappy: corrupt input"
    return bytes(out)


def fields(message):
    """(field number, value) of a protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(message):
        tag, i = varint(message, i)
        wire = tag & 7
        if wire == 0:
            value, i = varint(message, i)
        elif wire == 2:
            n, i = varint(message, i)
            value, i = message[i:i + n], i + n
        elif wire == 1:
            value, i = message[i:i + 8], i + 8
        elif wire == 5:
            value, i = message[i:i + 4], i + 4
        else:
            raise ValueError("wire type %d" % wire)
        yield tag >> 3, value


def loki_entries(body, content_type):
    if content_type.startswith("application/json"):
        return sum(len(s.get("values", [])) for s in json.loads(body).get("streams", []))
    # logproto.PushRequest: streams = 1, StreamAdapter.entries = 2.
    request = snappy_block(body)
    return sum(1 for n, stream in fields(request) if n == 1 for m, _ in fields(stream) if m == 2)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", ctype="application/json"):
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/count":
            with lock:
                text = "%d %d %d %d\n" % (counts["bulk"], counts["loki"], counts["requests"], counts["otlp"])
            self.reply(200, text.encode(), "text/plain")
        else:
            self.reply(200, ES_ROOT)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if (self.headers.get("Content-Encoding") or "").lower() == "gzip":
            body = gzip.decompress(body)
        path = self.path.split("?", 1)[0]
        if path == "/reset":
            with lock:
                for key in counts:
                    counts[key] = 0
            self.reply(200, b"{}")
        elif path.endswith("_bulk"):
            docs = 0
            for line in body.split(b"\n"):
                if line.startswith(b'{"create"') or line.startswith(b'{"index"'):
                    docs += 1
            with lock:
                counts["bulk"] += docs
                counts["requests"] += 1
            self.reply(200, b'{"took":1,"errors":false,"items":[]}')
        elif path == "/loki/api/v1/push":
            entries = loki_entries(body, (self.headers.get("Content-Type") or "").lower())
            with lock:
                counts["loki"] += entries
                counts["requests"] += 1
            self.reply(204)
        elif path == "/v1/logs":
            from google.protobuf import json_format
            from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
            request = ExportLogsServiceRequest()
            if (self.headers.get("Content-Type") or "").startswith("application/json"):
                tree = json.loads(body)
                for rl in tree.get("resourceLogs", []):  # hex ids (OTLP/JSON) to protobuf JSON's base64
                    for sl in rl.get("scopeLogs", []):
                        for r in sl.get("logRecords", []):
                            for key in ("traceId", "spanId"):
                                if key in r:
                                    r[key] = base64.b64encode(bytes.fromhex(r[key])).decode()
                json_format.ParseDict(tree, request)
            else:
                request.ParseFromString(body)
            records = sum(len(sl.log_records) for rl in request.resource_logs for sl in rl.scope_logs)
            with lock:
                counts["otlp"] += records
                counts["requests"] += 1
            self.reply(200, b"", "application/x-protobuf")
        else:
            self.reply(404, b'{"error":"not found"}')


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
