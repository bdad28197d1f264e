extension WorkflowLineGenerator {
    /// Constant byte fragments, built once on first use and never freed.
    ///
    /// They are raw buffers rather than `[UInt8]` so that the hot loop appends
    /// them without retain/release traffic (which otherwise dominates the cost
    /// of a line). `nonisolated(unsafe)` is sound: the buffers are written once
    /// inside the lazy static initializer and only read afterwards.
    enum F {
        typealias Bytes = UnsafeBufferPointer<UInt8>

        static func b(_ s: String) -> Bytes {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: s.utf8.count)
            _ = buffer.initialize(from: s.utf8)
            return Bytes(buffer)
        }

        static func list(_ strings: [String]) -> UnsafeBufferPointer<Bytes> {
            let buffer = UnsafeMutableBufferPointer<Bytes>.allocate(capacity: strings.count)
            _ = buffer.initialize(from: strings.map(b))
            return UnsafeBufferPointer(buffer)
        }

        nonisolated(unsafe) static let timestampKey = b(#"{"timestamp":""#)
        nonisolated(unsafe) static let levelKey = b(#"","level":""#)
        nonisolated(unsafe) static let loggerKey = b(#"","logger":""#)
        nonisolated(unsafe) static let eventKey = b(#"","event":""#)
        nonisolated(unsafe) static let workflowKey = b(#"","workflow_id":"wf-2026-"#)
        nonisolated(unsafe) static let batchKey = b(#"","batch_id":"b-"#)
        nonisolated(unsafe) static let traceKey = b(#"","trace_id":""#)
        nonisolated(unsafe) static let spanKey = b(#"","span_id":""#)
        nonisolated(unsafe) static let msgKey = b(#","msg":""#)

        nonisolated(unsafe) static let levels = list(["info", "debug", "warning", "error"])
        nonisolated(unsafe) static let loggers = list([
            "ingest", "preprocess", "inference", "postprocess", "delivery",
        ])

        /// Per stage: info (2 variants), debug, warning, error.
        nonisolated(unsafe) static let events = list([
            "data_ingested", "manifest_received", "object_fetch_started", "source_retry",
            "ingest_failed",
            "chunk_embedded", "document_normalized", "chunk_split", "document_truncated",
            "embedding_failed",
            "inference_completed", "inference_completed", "prompt_rendered", "inference_slow",
            "inference_failed",
            "answer_validated", "pii_redacted", "citations_resolved", "schema_coerced",
            "postprocess_failed",
            "delivered", "workflow_completed", "delivery_attempt", "delivery_retry",
            "delivery_failed",
        ])

        // Ingestion.
        nonisolated(unsafe) static let sourceURIKey = b(#","source_uri":""#)
        nonisolated(unsafe) static let sourcePrefixes = list([
            "s3://raw.example.com/acme/part-", "https://feeds.example.org/v2/docs?page=",
            "gs://ingest.example.com/batch-",
        ])
        nonisolated(unsafe) static let sourceSuffixes = list([".parquet", "", ".jsonl"])
        nonisolated(unsafe) static let bytesKey = b(#"","bytes":"#)
        nonisolated(unsafe) static let recordsKey = b(#","records":"#)
        nonisolated(unsafe) static let attemptKey = b(#","attempt":"#)

        // Preprocessing.
        nonisolated(unsafe) static let docIDKey = b(#","doc_id":"doc-"#)
        nonisolated(unsafe) static let chunkIndexKey = b(#"","chunk_index":"#)

        // Inference.
        nonisolated(unsafe) static let models = list([
            #","model":"llama-3.1-8b-instruct""#, #","model":"llama-3.1-70b-instruct""#,
            #","model":"mistral-7b-instruct-v0.3""#, #","model":"qwen2.5-14b-instruct""#,
        ])
        nonisolated(unsafe) static let latencyKey = b(#","latency_ms":"#)
        nonisolated(unsafe) static let tokensInKey = b(#","tokens_in":"#)
        nonisolated(unsafe) static let tokensOutKey = b(#","tokens_out":"#)
        nonisolated(unsafe) static let gpus = list([
            #","gpu":"L4""#, #","gpu":"A100-80GB""#, #","gpu":"H100""#,
        ])

        // Post-processing.
        nonisolated(unsafe) static let scoreKey = b(#","score":0."#)
        nonisolated(unsafe) static let citationsKey = b(#","citations":"#)
        nonisolated(unsafe) static let redactionsKey = b(#","redactions":"#)

        // Delivery.
        nonisolated(unsafe) static let destinations = list([
            #","destination":"https://api.example.com/v1/results""#,
            #","destination":"s3://results.example.org/acme/""#,
            #","destination":"kafka://broker.example.com:9093/results""#,
        ])
        nonisolated(unsafe) static let statusKey = b(#","status_code":"#)

        // Messages with personal data.
        nonisolated(unsafe) static let emailLead = list([
            "results shared with ", "access granted to ", "notification sent to ",
        ])
        nonisolated(unsafe) static let emailNames = list([
            "alice.nguyen", "bob.okafor", "carla.mendes", "dmitri.k", "ops-team", "j.smith",
        ])
        nonisolated(unsafe) static let emailTail = b("@example.com by workflow owner")
        nonisolated(unsafe) static let ipLead = list([
            "request accepted from 203.0.113.", "upstream peer 203.0.113.",
            "client connected from 203.0.113.",
        ])
        nonisolated(unsafe) static let ipTail = b(" port ")

        /// Per stage, a traceback for half of the `error` lines (JSON-escaped).
        nonisolated(unsafe) static let excInfo = list([
            #","exc_info":"Traceback (most recent call last):\n  File \"ingest/s3.py\", line 88, in fetch\nbotocore.exceptions.ClientError: AccessDenied""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"embed.py\", line 41, in embed\ntorch.OutOfMemoryError: CUDA out of memory""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"worker.py\", line 212, in run\nEngineDeadError: worker died""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"validate.py\", line 19, in check\npydantic.ValidationError: 1 validation error""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"deliver.py\", line 57, in post\nhttpx.ConnectTimeout: timed out after 10.0 s""#,
        ])

        /// Three per (stage, level), stages in workflow order, levels info, debug,
        /// warning, error.
        nonisolated(unsafe) static let messages = list([
            // ingestion
            "object downloaded and decoded", "manifest accepted, records queued",
            "source page fetched",
            "listing prefix", "fetch started", "checkpoint loaded",
            "connection reset by peer, retrying with backoff",
            "slow source, throughput below 1 MB/s", "object modified during read, re-fetching",
            "403 Forbidden: bucket policy denies s3:GetObject",
            "source unreachable after 5 attempts", "manifest checksum mismatch",
            // preprocessing
            "chunk embedded and upserted into vector store", "document normalized to utf-8",
            "chunk embedded",
            "split document into chunks", "tokenizer cache hit", "dedup hash computed",
            "document truncated to max_tokens=8192",
            "language detection uncertain, defaulting to en", "empty chunk skipped",
            "CUDA out of memory. Tried to allocate 1.50 GiB",
            "embedding request failed: timeout", "vector store upsert rejected",
            // inference
            "completion finished", "completion finished with finish_reason=stop",
            "streamed completion to client",
            "rendered prompt template rag_answer_v7", "request queued", "kv cache usage 0.42",
            "latency above SLO of 5000 ms", "context truncated to fit model window",
            "rate limited by model router",
            "engine dead: worker process exited with code 137",
            "request timed out after 60 s", "guardrail model unavailable",
            // post-processing
            "answer validated against schema", "redacted 2 emails and 1 phone number",
            "faithfulness score computed",
            "resolved citations to source chunks", "cache miss for scorer",
            "json repaired: trailing comma",
            "coerced field confidence from str to float",
            "low faithfulness score, flagged for review", "citation points to missing chunk",
            "1 validation error for Answer: confidence is not a valid number",
            "scorer crashed: division by zero", "answer rejected by policy filter",
            // delivery
            "result delivered", "workflow completed, all batches delivered",
            "webhook acknowledged",
            "delivery attempt started", "payload compressed with gzip", "connection reused",
            "destination throttled, retrying", "retry scheduled with exponential backoff",
            "slow acknowledgement from destination",
            "delivery failed after 5 attempts", "TLS handshake failed: certificate has expired",
            "dead-lettered after retries exhausted",
        ])
    }
}
