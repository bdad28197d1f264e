#!/usr/bin/env python3
"""Decodes a Loki protobuf push body to JSON, independently of Sluice's own code.

    loki_push_decode.py BODY_FILE

The body is what Sluice sends with `encoding: protobuf`: Loki's `logproto.PushRequest` in
snappy's block format. python-snappy (cramjam underneath, not libsnappy) decompresses it; the
`google.protobuf` package decodes it with message classes built at run time from the
descriptor below, written from Loki's pkg/push/push.proto (the gogoproto options, which do not
change the wire format, left out). Prints:

    {"canonical": true,            # re-serialising the message gives the same bytes
     "streams": [{"labels": "{app=\"x\"}", "hash": 0,
                  "entries": [{"seconds": 1, "nanos": 2, "line": "...",
                               "structuredMetadata": [["trace_id", "..."]]}]}]}

Exits non-zero (the reason on stderr) when the body is not snappy or not a PushRequest
(python's protobuf also refuses strings that are not UTF-8).
"""
import json
import sys

import snappy
from google.protobuf import descriptor_pb2, descriptor_pool, timestamp_pb2

try:
    from google.protobuf.message_factory import GetMessageClass
except ImportError:  # protobuf < 4.21
    from google.protobuf import message_factory

    def GetMessageClass(descriptor):
        return message_factory.MessageFactory().GetPrototype(descriptor)

F = descriptor_pb2.FieldDescriptorProto


def message(file, name, fields):
    m = file.message_type.add(name=name)
    for number, (field_name, kind, repeated, type_name) in enumerate(fields, start=1):
        f = m.field.add(name=field_name, number=number, type=kind,
                        label=F.LABEL_REPEATED if repeated else F.LABEL_OPTIONAL)
        if type_name:
            f.type_name = type_name
        f.json_name = field_name


def push_request_class():
    pool = descriptor_pool.DescriptorPool()
    timestamp = descriptor_pb2.FileDescriptorProto()
    timestamp_pb2.DESCRIPTOR.CopyToProto(timestamp)
    pool.Add(timestamp)
    push = descriptor_pb2.FileDescriptorProto(name="pkg/push/push.proto", package="logproto", syntax="proto3")
    push.dependency.append("google/protobuf/timestamp.proto")
    # message PushRequest { repeated StreamAdapter streams = 1; }
    message(push, "PushRequest", [("streams", F.TYPE_MESSAGE, True, ".logproto.StreamAdapter")])
    # message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
    message(push, "StreamAdapter", [
        ("labels", F.TYPE_STRING, False, None),
        ("entries", F.TYPE_MESSAGE, True, ".logproto.EntryAdapter"),
        ("hash", F.TYPE_UINT64, False, None),
    ])
    # message EntryAdapter { google.protobuf.Timestamp timestamp = 1; string line = 2;
    #                        repeated LabelPairAdapter structuredMetadata = 3; }
    message(push, "EntryAdapter", [
        ("timestamp", F.TYPE_MESSAGE, False, ".google.protobuf.Timestamp"),
        ("line", F.TYPE_STRING, False, None),
        ("structuredMetadata", F.TYPE_MESSAGE, True, ".logproto.LabelPairAdapter"),
    ])
    # message LabelPairAdapter { string name = 1; string value = 2; }
    message(push, "LabelPairAdapter", [("name", F.TYPE_STRING, False, None), ("value", F.TYPE_STRING, False, None)])
    pool.Add(push)
    return GetMessageClass(pool.FindMessageTypeByName("logproto.PushRequest"))


def main():
    with open(sys.argv[1], "rb") as f:
        body = f.read()
    raw = snappy.uncompress(body)
    request = push_request_class()()
    request.ParseFromString(raw)
    out = {
        "canonical": request.SerializeToString(deterministic=True) == raw,
        "streams": [{
            "labels": s.labels,
            "hash": s.hash,
            "entries": [{
                "hasTimestamp": e.HasField("timestamp"),
                "seconds": e.timestamp.seconds,
                "nanos": e.timestamp.nanos,
                "line": e.line,
                "structuredMetadata": [[p.name, p.value] for p in e.structuredMetadata],
            } for e in s.entries],
        } for s in request.streams],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
