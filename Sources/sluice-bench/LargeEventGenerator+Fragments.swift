extension LargeEventGenerator {
    /// Text fragments of large events, JSON-escaped as a logger writes them (`\n`, `\"`, `\\`,
    /// `\t`, `\u00e9`), built once and never freed (see ``WorkflowLineGenerator/F``).
    enum L {
        typealias F = WorkflowLineGenerator.F

        nonisolated(unsafe) static let header = F.b(#"","level":"info","logger":"inference","event":"llm_call_completed","workflow_id":"wf-2026-"#)
        nonisolated(unsafe) static let promptKey = F.b(#","prompt":""#)
        nonisolated(unsafe) static let completionKey = F.b(#"","completion":""#)
        nonisolated(unsafe) static let close = F.b(#""}"#)
        nonisolated(unsafe) static let sourceClose = F.b("] ")
        nonisolated(unsafe) static let paragraphEnd = F.b(#"\n\n"#)
        nonisolated(unsafe) static let newline = F.b(#"\n"#)
        nonisolated(unsafe) static let bullet = F.b("- ")
        nonisolated(unsafe) static let logLead = F.b(#"Relevant request log (UTC):\n"#)
        nonisolated(unsafe) static let logDay = F.b("2026-11-23T")
        nonisolated(unsafe) static let logZ = F.b("Z ")
        nonisolated(unsafe) static let client = F.b(" ms client=10.20.")
        nonisolated(unsafe) static let requestID = F.b(" ms req=")

        nonisolated(unsafe) static let systemPrompts = F.list([
            #"You are Acme Cloud's support assistant. Answer the customer's question using only the numbered context below; cite sources as [n]. If the context does not contain the answer, say so and suggest contacting support.\n\n### Context\n\n"#,
            #"System: you are a senior site-reliability engineer. Summarise the incident from the notes and logs below, list the contributing factors, and propose follow-up actions with owners.\n\n"#,
            #"You are a coding assistant. The user shares code and error output; explain the cause, then give a corrected version. Keep answers under 400 words unless code is needed.\n\n---\n\n"#,
            #"<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou extract structured data from documents. Return JSON matching the schema; use null for missing values.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"#,
        ])

        nonisolated(unsafe) static let listLeads = F.list([
            #"Key points:\n"#, #"Steps to reproduce:\n"#, #"Follow-up actions:\n"#,
            #"Requirements from the ticket:\n"#, #"What changed in this release:\n"#,
        ])

        /// Plain sentences: documentation, incident notes, policy text, chat.
        nonisolated(unsafe) static let sentences = F.list([
            #"The ingestion service reads objects from the raw bucket, splits them into chunks of at most 512 tokens and writes the embeddings to the vector store."#,
            #"Retries use exponential backoff starting at 100 ms and capped at 30 seconds, with full jitter so that clients do not synchronise."#,
            #"When a batch fails validation, the whole batch is moved to the dead-letter queue and an alert is raised after five consecutive failures."#,
            #"Version 2.14.0 of the SDK changed the default timeout from 60 s to 30 s, which explains the spike of client-side timeouts after the rollout on Tuesday."#,
            #"The p95 latency of the inference tier rose from 1.8 s to 6.2 s between 14:05 and 14:40 UTC while the GPU pool was being drained for maintenance."#,
            #"Customers on the Enterprise plan can request a data export at any time; exports are delivered as Parquet files within 48 hours."#,
            #"Refunds are issued to the original payment method and usually appear on the statement within 5 to 10 business days."#,
            #"To rotate a credential, create the new key first, deploy it to every consumer, verify traffic, and only then revoke the old key."#,
            #"The scheduler assigns each workflow to a region based on data residency: EU tenants stay in Frankfurt and Dublin, US tenants in Oregon and Virginia."#,
            #"Our retention policy keeps raw prompts for 30 days and aggregated metrics for 13 months, unless a legal hold applies."#,
            #"In the last quarter the support team closed 18,420 tickets with a median first-response time of 2 hours and 11 minutes."#,
            #"The model router sends requests above 8,192 prompt tokens to the 70B model and everything else to the 8B model, unless the tenant pins a model."#,
            #"A cache hit skips retrieval entirely; cache keys are the SHA-256 of the normalised question and the tenant id."#,
            #"During the incident, the connection pool to the metadata database was exhausted because each worker opened 64 connections instead of 8."#,
            #"Please note that the maintenance window on Saturday, December 5th, runs from 02:00 to 04:00 CET and may cause brief interruptions."#,
            #"The dashboard shows tokens per second per GPU, queue depth, and the ratio of cancelled to completed requests."#,
            #"If the document is a scanned PDF, OCR runs first and the confidence score of every page is stored alongside the extracted text."#,
            #"Rate limits are applied per API key: 600 requests per minute and 2,000,000 tokens per day on the standard tier."#,
            #"The migration to the new index format finished at 03:12; 4.2 billion vectors were re-encoded without downtime."#,
            #"Users reported that answers sometimes cite the wrong section, which we traced to overlapping chunk boundaries in the splitter."#,
            #"We recommend setting max_tokens explicitly, because the default depends on the model and can change between versions."#,
            #"The finance team asked for a monthly breakdown of inference cost by business unit, including idle GPU hours."#,
            #"Each tenant gets an isolated namespace, its own encryption key in the KMS, and a separate audit log stream."#,
            #"Latency SLOs are measured at the load balancer, so they include queueing time but not the client's network."#,
            #"The evaluation set contains 1,200 questions with reference answers; faithfulness is scored by a judge model and spot-checked by humans."#,
            #"After the rollback at 15:02 the error rate returned to 0.3%, and no data was lost because the queue retained every message."#,
            #"The customer wants to know why the invoice for November is 14% higher than October's, given a similar number of requests."#,
            #"Streaming responses are flushed every 50 ms or every 16 tokens, whichever comes first."#,
            #"Sessions expire after 12 hours of inactivity; refresh tokens are valid for 30 days and are bound to the device."#,
            #"The contract requires that personal data never leaves the EU and that subprocessors are listed in Annex III."#,
            #"Our on-call engineer acknowledged the page within four minutes and opened an incident channel."#,
            #"The warehouse in Rotterdam ships orders placed before 16:00 the same day; orders to Norway and Switzerland need a customs declaration."#,
            #"Support can reset two-factor authentication only after verifying the account owner's identity through the registered e-mail address."#,
            #"Embeddings are 1,024-dimensional float16 vectors, which keeps the index at roughly 2 KB per chunk including metadata."#,
            #"The hallucination rate on the held-out set dropped from 7.9% to 3.1% after adding the citation requirement to the system prompt."#,
            #"Can you explain why the export job keeps failing with \"permission denied\" even though the service account has the Storage Admin role?"#,
            #"I tried clearing the cache and reinstalling the CLI, but `acme deploy --region eu-west-1` still hangs at \"Uploading artifacts...\"."#,
            #"According to the runbook, the first step is to check whether the queue consumer is lagging, and the second is to look at recent deploys."#,
            #"The contract renewal is due on 2027-01-31; the account manager proposed a 3-year term with a 12% discount."#,
            #"We noticed that the tokenizer splits product codes like AC-7781-X into six tokens, which inflates costs for catalogue queries."#,
            #"The caf\u00e9 chain in Z\u00fcrich asked whether menus in German, French and Italian can be processed in a single request."#,
            #"Le client souhaite savoir si la facture de d\u00e9cembre inclut les frais de stockage suppl\u00e9mentaires."#,
            #"Der Kunde fragt, ob die Daten in der Region Frankfurt gespeichert werden und wie lange die Aufbewahrung dauert."#,
            #"Nuestro equipo revis\u00f3 la configuraci\u00f3n y encontr\u00f3 que el l\u00edmite de memoria era demasiado bajo."#,
            #"The release notes mention a breaking change: the field \"confidence\" is now a float between 0 and 1 instead of a percentage string."#,
            #"Throughput scaled linearly up to 16 replicas and flattened beyond that because the feature store became the bottleneck."#,
            #"Note: the health check path changed from /healthz to /ready in chart version 4.x; old probes will mark pods as unhealthy."#,
            #"Logs are shipped by a sidecar to Elasticsearch, indexed daily, and kept for 14 days in the hot tier."#,
            #"I'd like a summary of the three most common complaints this week and a suggested reply template for each."#,
            #"Quarterly planning: the platform team will focus on cost per request, the applied team on answer quality, and both on reliability."#,
            #"Answer: yes, you can use your own keys (BYOK); the key must be an AES-256 key in a supported KMS, and rotation is automatic every 90 days."#,
            #"The build failed because the lockfile pinned numpy 1.26 while the base image ships Python 3.13, for which no wheel exists."#,
            #"Based on the context, the outage affected only tenants whose workloads were pinned to the eu-central GPU pool [3]."#,
            #"I could not find anything in the provided documents about on-premise deployment, so I cannot confirm whether it is supported."#,
            #"Here is a revised version of the function that closes the file handle even when parsing fails, and logs the offending line number."#,
            #"The root cause was a race between the cache warm-up and the first request, which returned an empty result for about 40 seconds."#,
            #"To summarise: the invoice increase comes from the longer average prompt (+22%) rather than from more requests."#,
            #"These steps should resolve the issue; if the error persists, please attach the full output of `acme doctor --verbose` to the ticket."#,
        ])

        /// Sentences with personal data, as users paste it (about one in 30 sentences).
        nonisolated(unsafe) static let personal = F.list([
            #"Please send the updated contract to maria.gonzalez@example.com and copy legal-team@example.org."#,
            #"You can reach me on +44 20 7946 0958 or on my mobile, 07700 900123, after 5 pm."#,
            #"The failing requests all came from 198.51.100.23 and 203.0.113.77, both inside the customer's VPN range."#,
            #"Dear Mr. Okafor, thank you for your patience while we investigated the billing discrepancy."#,
            #"My name is Charlotte Dubois and I manage the integration for our Lyon office."#,
            #"Ship the replacement to 221B Baker Street, London NW1 6XE, attention of the facilities desk."#,
            #"The webhook keeps failing; our key is sk-proj-4fQ9xK2mVb7LpR8tZ3nW1yH6cJ0dS5gA and it worked yesterday."#,
            #"The node at 2001:db8:85a3::8a2e:370:7314 stopped answering health checks at 14:07."#,
            #"Call the customer back at (415) 555-2671; she prefers calls over e-mail."#,
            #"From: Jonas Lindqvist <jonas.lindqvist@example.se>\nSubject: Re: data export\n\nHi team,"#,
            #"Regards,\nPriya Raghavan\nHead of Data Platform"#,
            #"The card ending 4242 was charged twice; the customer's billing email is t.nakamura@example.jp."#,
        ])

        /// Code blocks, escaped as JSON strings.
        nonisolated(unsafe) static let code = F.list([
            #"```python\nimport json\nfrom pathlib import Path\n\ndef load_records(path: Path) -> list[dict]:\n    records = []\n    with path.open(encoding=\"utf-8\") as f:\n        for number, line in enumerate(f, 1):\n            try:\n                records.append(json.loads(line))\n            except json.JSONDecodeError as e:\n                raise ValueError(f\"{path}:{number}: {e.msg}\") from e\n    return records\n```\n\n"#,
            #"```sql\nSELECT tenant_id,\n       date_trunc('day', created_at) AS day,\n       sum(prompt_tokens + completion_tokens) AS tokens,\n       count(*) FILTER (WHERE status = 'error') AS errors\nFROM llm_calls\nWHERE created_at >= now() - interval '30 days'\nGROUP BY 1, 2\nORDER BY tokens DESC\nLIMIT 100;\n```\n\n"#,
            #"```bash\nset -euo pipefail\nfor f in /var/log/app/*.log; do\n\tgrep -c \"ERROR\" \"$f\" || true\ndone | sort -n | tail -5\nkubectl -n inference rollout restart deploy/router\n```\n\n"#,
            #"```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: router\n  labels: {app: router, tier: inference}\nspec:\n  replicas: 4\n  template:\n    spec:\n      containers:\n        - name: router\n          image: registry.example.com/router:2.14.0\n          resources: {limits: {memory: 2Gi, cpu: \"2\"}}\n```\n\n"#,
            #"```python\nclass RateLimiter:\n    \"\"\"Token bucket; capacity tokens, refilled at rate per second.\"\"\"\n\n    def __init__(self, rate: float, capacity: int) -> None:\n        self.rate, self.capacity = rate, capacity\n        self.tokens, self.updated = capacity, time.monotonic()\n\n    def take(self) -> bool:\n        now = time.monotonic()\n        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)\n        self.updated = now\n        if self.tokens < 1:\n            return False\n        self.tokens -= 1\n        return True\n```\n\n"#,
            #"Traceback (most recent call last):\n  File \"/app/worker.py\", line 212, in run\n    result = await engine.generate(prompt, params)\n  File \"/app/engine.py\", line 88, in generate\n    raise EngineDeadError(\"worker process exited with code 137\")\nengine.EngineDeadError: worker process exited with code 137\n\n"#,
            #"```js\nconst res = await fetch(`${base}/v1/chat/completions`, {\n  method: \"POST\",\n  headers: {\"Content-Type\": \"application/json\"},\n  body: JSON.stringify({model, messages, stream: true}),\n});\nif (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);\n```\n\n"#,
            #"```\nC:\\Users\\build\\workspace\\acme-sdk\\src\\client.ts(41,7): error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.\n```\n\n"#,
        ])

        /// JSON held in a string: chat messages, tool calls, extracted records.
        nonisolated(unsafe) static let jsonInString = F.list([
            #"{\"role\":\"user\",\"content\":\"Why was I charged twice for order 88231? The second charge shows as \\\"ACME*CLOUD 4471\\\".\"}\n"#,
            #"{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_7Qx2\",\"type\":\"function\",\"function\":{\"name\":\"search_docs\",\"arguments\":\"{\\\"query\\\":\\\"refund duplicate charge\\\",\\\"top_k\\\":5}\"}}]}\n"#,
            #"{\"role\":\"tool\",\"tool_call_id\":\"call_7Qx2\",\"content\":\"[{\\\"doc\\\":\\\"billing/refunds.md\\\",\\\"score\\\":0.91},{\\\"doc\\\":\\\"billing/disputes.md\\\",\\\"score\\\":0.84}]\"}\n"#,
            #"{\"invoice_number\":\"INV-2026-11-0412\",\"date\":\"2026-11-02\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"GPU-H100-HR\",\"qty\":312,\"unit_price\":2.85},{\"sku\":\"STORAGE-TB-MO\",\"qty\":14,\"unit_price\":21.0}],\"total\":1183.2,\"notes\":null}\n\n"#,
            #"{\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},{\"role\":\"user\",\"content\":\"List the regions\\nwith GPU capacity.\"}],\"temperature\":0.2,\"max_tokens\":512}\n\n"#,
            #"{\"schema\":{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"},\"severity\":{\"enum\":[\"low\",\"medium\",\"high\"]},\"owners\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"summary\",\"severity\"]}}\n\n"#,
        ])

        nonisolated(unsafe) static let requests = F.list([
            "GET /v1/orders", "POST /v1/chat/completions", "GET /v1/documents", "POST /v1/embeddings",
            "PUT /v1/tenants/acme/settings", "GET /healthz", "DELETE /v1/files",
        ])
    }
}
