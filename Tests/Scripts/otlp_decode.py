#!/usr/bin/env python3
"""Decodes OTLP/HTTP logs request bodies with the opentelemetry-proto package (an independent
decoder for Sluice's hand-written encoder) and prints them as one JSON array.

    otlp_decode.py protobuf|json FILE...

Each element is the request as protobuf's JSON mapping gives it (lowerCamelCase names, 64-bit
integers as strings), with traceId/spanId as lowercase hex, plus "problems": what the OTLP/JSON
rules forbid in the body as sent (base64 ids, 64-bit integers as numbers, enums as names).
Protobuf bodies are parsed strictly (ParseFromString); JSON bodies with ParseDict, which refuses
unknown fields and wrong types.
"""
import base64
import json
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest

ID_FIELDS = ("traceId", "spanId")
INT64_FIELDS = ("timeUnixNano", "observedTimeUnixNano", "intValue")


def walk(node, visit):
    if isinstance(node, dict):
        for key, value in node.items():
            visit(node, key, value)
            walk(value, visit)
    elif isinstance(node, list):
        for item in node:
            walk(item, visit)


def ids_to_hex(tree):
    def visit(parent, key, value):
        if key in ID_FIELDS and isinstance(value, str):
            parent[key] = base64.b64decode(value).hex()
    walk(tree, visit)
    return tree


def json_problems(tree):
    problems = []

    def visit(parent, key, value):
        if key in ID_FIELDS:
            if not (isinstance(value, str) and len(value) in (16, 32) and all(c in "0123456789abcdef" for c in value)):
                problems.append(f"{key} is not lowercase hex: {value!r}")
        if key in INT64_FIELDS and not isinstance(value, str):
            problems.append(f"{key} is not a string: {value!r}")
        if key == "severityNumber" and not isinstance(value, int):
            problems.append(f"severityNumber is not an integer: {value!r}")
    walk(tree, visit)
    return problems


def decode(encoding, path):
    with open(path, "rb") as f:
        body = f.read()
    request = ExportLogsServiceRequest()
    problems = []
    if encoding == "protobuf":
        request.ParseFromString(body)
        # Every byte accounted for: re-serialising gives the same length.
        if len(request.SerializeToString()) != len(body):
            problems.append(f"re-encoded length {len(request.SerializeToString())} != {len(body)}")
    else:
        tree = json.loads(body)
        problems = json_problems(tree)

        def visit(parent, key, value):
            if key in ID_FIELDS and isinstance(value, str):
                parent[key] = base64.b64encode(bytes.fromhex(value)).decode()
        walk(tree, visit)
        json_format.ParseDict(tree, request, ignore_unknown_fields=False)
    decoded = ids_to_hex(json_format.MessageToDict(request))
    decoded["problems"] = problems
    return decoded


def main():
    encoding = sys.argv[1]
    print(json.dumps([decode(encoding, path) for path in sys.argv[2:]]))


if __name__ == "__main__":
    main()
