import SluiceTestSupport

/// Secrets of the AI stack and cloud for the redact tests (issue #20): provider keys with
/// their real prefixes, lengths and alphabets (random bodies), secret query parameters in
/// URLs, credentials in connection strings of every common scheme, and session cookies —
/// each with what must be gone afterwards and what must stay readable, and the near misses
/// that must be left alone.
enum SecretSamples {
    /// A planted secret: its rule, the text as written, the part that must be gone, and parts
    /// of the text around it that must stay (host, path, other parameters, other cookies).
    struct Sample {
        var rule: String
        var text: String
        var core: String
        var kept: [String] = []
    }

    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let digits = "0123456789"
    static let alnum = lower + upper + digits
    static let base64url = alnum + "-_"
    static let rules = ["api_key", "url_token", "connection_credentials", "session_cookie"]

    /// `n` letters and digits holding a capital, a small letter and a digit (as issued keys do).
    static func mixed(_ n: Int, _ rng: inout SplitMix) -> String {
        while true {
            let s = rng.string(n, from: alnum)
            if s.contains(where: \.isUppercase) && s.contains(where: \.isLowercase) && s.contains(where: \.isNumber) { return s }
        }
    }

    static func uuid(_ rng: inout SplitMix) -> String {
        "\(rng.hex(8))-\(rng.hex(4))-4\(rng.hex(3))-\(rng.pick(["8", "9", "a", "b"]))\(rng.hex(3))-\(rng.hex(12))"
    }

    // MARK: Provider keys

    /// One key of every provider format: (vendor, key, the words a context-keyed format
    /// needs before it).
    static func providerKeys(_ rng: inout SplitMix) -> [(vendor: String, key: String, context: String)] {
        let openAIBody = { (rng: inout SplitMix) in rng.string(74, from: base64url) + "T3BlbkFJ" + rng.string(74, from: base64url) }
        return [
            ("openai legacy", "sk-" + rng.string(20, from: alnum) + "T3BlbkFJ" + rng.string(20, from: alnum), ""),
            ("openai project", "sk-proj-" + openAIBody(&rng), ""),
            ("openai service account", "sk-svcacct-" + openAIBody(&rng), ""),
            ("openai admin", "sk-admin-" + openAIBody(&rng), ""),
            ("anthropic", "sk-ant-api03-" + rng.string(93, from: base64url) + "AA", ""),
            ("anthropic admin", "sk-ant-admin01-" + rng.string(93, from: base64url) + "AA", ""),
            ("google", "AIza" + rng.string(35, from: base64url), ""),
            ("hugging face", "hf_" + rng.string(34, from: lower + upper), ""),
            ("groq", "gsk_" + rng.string(52, from: alnum), ""),
            ("replicate", "r8_" + rng.string(37, from: alnum), ""),
            ("langsmith personal", "lsv2_pt_" + rng.hex(32) + "_" + rng.hex(10), ""),
            ("langsmith service", "lsv2_sk_" + rng.hex(32) + "_" + rng.hex(10), ""),
            ("langchain legacy", "ls__" + rng.hex(32), ""),
            ("cohere", mixed(40, &rng), rng.pick(["cohere api key ", "Cohere client with ", "COHERE key: "])),
            ("mistral", mixed(32, &rng), rng.pick(["mistral api key ", "MistralClient using ", "mistral key: "])),
            ("pinecone", "pcsk_" + rng.string(5, from: alnum) + "_" + rng.string(63, from: alnum), ""),
            ("pinecone legacy", uuid(&rng), rng.pick(["pinecone key ", "Pinecone env gcp key ", "PINECONE: "])),
            ("stripe secret", "sk_live_" + rng.string(rng.pick([24, 99]), from: alnum), ""),
            ("stripe test", "sk_test_" + rng.string(rng.pick([24, 99]), from: alnum), ""),
            ("stripe restricted", "rk_live_" + rng.string(rng.pick([24, 99]), from: alnum), ""),
            ("stripe publishable", "pk_live_" + rng.string(rng.pick([24, 99]), from: alnum), ""),
            ("stripe webhook", "whsec_" + rng.string(32, from: alnum), ""),
            ("gitlab personal", "glpat-" + rng.string(20, from: base64url), ""),
            ("gitlab deploy", "gldt-" + rng.string(20, from: base64url), ""),
            ("gitlab runner", "glrt-" + rng.string(20, from: base64url), ""),
            ("gitlab trigger", "glptt-" + rng.hex(40), ""),
            ("npm", "npm_" + rng.string(36, from: alnum), ""),
            ("pypi", "pypi-AgEIcHlwaS5vcmc" + rng.string(rng.int(120...200), from: base64url), ""),
        ]
    }

    /// Where a key appears in a log: `k` is the key, `c` the words a context-keyed format
    /// needs. Each gives the text; the rule stays `api_key` in all of them.
    static let keyForms: [(name: String, text: @Sendable (String, String) -> String)] = [
        ("plain", { c, k in "\(c)\(k)" }),
        ("bearer header", { c, k in "\(c.isEmpty ? "" : c + "; ")Authorization: Bearer \(k)" }),
        ("api-key header", { c, k in "\(c.isEmpty ? "" : c + "; ")x-api-key: \(k)" }),
        ("env var", { c, k in "\(c.isEmpty ? "" : c + "; ")OPENAI_API_KEY=\(k)" }),
        ("json in text", { c, k in #"{"provider":"\#(c)","key":"\#(k)"}"# }),
        ("python call", { c, k in #"\#(c)client = Client(api_key="\#(k)")"# }),
        ("traceback", { c, k in "Traceback (most recent call last):\n  File \"/app/llm.py\", line 12, in call\nAuthenticationError: invalid \(c.isEmpty ? "key " : c)\(k) (401)" }),
    ]

    // MARK: URLs

    static func percentEncodedBase64(_ n: Int, _ rng: inout SplitMix) -> String {
        (0..<n).map { _ in rng.chance(0.06) ? rng.pick(["%2B", "%2F", "%3D"]) : rng.string(1, from: alnum) }.joined()
    }

    /// Secret query parameters, one sample per parameter, in the URLs that carry them.
    static func urlSamples(_ rng: inout SplitMix) -> [Sample] {
        var out: [Sample] = []
        let bucket = "acme-" + rng.string(6, from: lower + digits)
        let object = "exports/" + rng.string(8, from: lower) + ".parquet"
        let akia = "AKIA" + rng.string(16, from: upper + "234567")
        let amzSignature = rng.hex(64)
        let amzToken = "IQoJb3JpZ2luX2VjE" + percentEncodedBase64(rng.int(200...400), &rng)
        let credential = "\(akia)%2F20261124%2Fus-east-1%2Fs3%2Faws4_request"
        let s3 = "https://\(bucket).s3.us-east-1.amazonaws.com/\(object)?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=\(credential)&X-Amz-Date=20261124T103000Z&X-Amz-Expires=3600"
            + "&X-Amz-SignedHeaders=host&X-Amz-Security-Token=\(amzToken)&X-Amz-Signature=\(amzSignature)"
        let s3Kept = ["\(bucket).s3.us-east-1.amazonaws.com/\(object)", "X-Amz-Date=20261124T103000Z", "X-Amz-Expires=3600"]
        out.append(Sample(rule: "url_token", text: s3, core: amzSignature, kept: s3Kept))
        out.append(Sample(rule: "url_token", text: s3, core: credential, kept: s3Kept))
        out.append(Sample(rule: "url_token", text: s3, core: amzToken, kept: s3Kept))
        let sig = percentEncodedBase64(43, &rng) + "%3D"
        let account = "acct" + rng.string(6, from: lower + digits)
        out.append(Sample(
            rule: "url_token",
            text: "https://\(account).blob.core.windows.net/uploads/\(object)?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01T00:00:00Z&spr=https&sig=\(sig)",
            core: sig, kept: ["\(account).blob.core.windows.net/uploads/\(object)", "sv=2022-11-02", "sp=r"]))
        let googSignature = rng.hex(512)
        let googCredential = "loader%40proj-\(rng.digits(6)).iam.gserviceaccount.com%2F20261124%2Fauto%2Fstorage%2Fgoog4_request"
        let gcs = "https://storage.googleapis.com/\(bucket)/\(object)?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=\(googCredential)"
            + "&X-Goog-Date=20261124T103000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=\(googSignature)"
        out.append(Sample(rule: "url_token", text: gcs, core: googSignature, kept: ["storage.googleapis.com/\(bucket)/\(object)", "X-Goog-Expires=900"]))
        out.append(Sample(rule: "url_token", text: gcs, core: googCredential, kept: ["X-Goog-Date=20261124T103000Z"]))
        // Plain parameters, names in any case.
        let names = ["token", "access_token", "refresh_token", "id_token", "api_key", "apikey", "key", "secret", "password",
                     "client_secret", "signature", "auth_token", "Access_Token", "TOKEN", "ApiKey", "private_token", "code"]
        for name in names {
            let value: String
            switch rng.int(0...3) {
            case 0: value = rng.string(rng.int(20...64), from: base64url) + rng.pick(["a1", "Z9", "7q"])
            case 1: value = rng.hex(rng.int(32...64))
            case 2: value = "eyJ" + rng.string(20, from: base64url) + ".eyJ" + rng.string(40, from: base64url) + "." + rng.string(43, from: base64url)
            default: value = mixed(rng.int(16...40), &rng)
            }
            let page = rng.int(1...40)
            let (before, after) = rng.pick([("?", "&page=\(page)"), ("?page=\(page)&", ""), ("?page=\(page)&", "#top"), ("?", "")])
            let host = rng.pick(["api.example.com", "auth.example.org", "hooks.internal.example.net:8443"])
            let path = rng.pick(["/v1/callback", "/oauth2/token", "/download", "/ws"])
            let scheme = rng.pick(["https://", "http://", "wss://"])
            out.append(Sample(rule: "url_token", text: "\(scheme)\(host)\(path)\(before)\(name)=\(value)\(after)", core: value,
                              kept: ["\(host)\(path)"] + (after.isEmpty ? [] : [after]) + (before == "?" ? [] : ["page=\(page)"])))
        }
        // OAuth's implicit flow: the tokens in the fragment.
        let fragmentToken = mixed(40, &rng)
        out.append(Sample(rule: "url_token", text: "https://app.example.com/callback#access_token=\(fragmentToken)&token_type=bearer&expires_in=3600",
                          core: fragmentToken, kept: ["app.example.com/callback", "token_type=bearer", "expires_in=3600"]))
        // Java's session id as a path parameter.
        let jsession = rng.string(32, from: upper + digits)
        out.append(Sample(rule: "url_token", text: "GET /shop/cart;jsessionid=\(jsession)?item=42 HTTP/1.1", core: jsession, kept: ["/shop/cart;", "?item=42"]))
        return out
    }

    // MARK: Connection strings

    /// A password with the characters people put in them (and `@`, which a URL should encode
    /// but often does not).
    static func password(_ rng: inout SplitMix) -> String {
        rng.string(1, from: alnum) + rng.string(rng.int(6...24), from: alnum + "!$%^*-_.~") + rng.string(1, from: alnum) + (rng.chance(0.15) ? "@" + rng.string(3, from: alnum) : "")
    }

    static let connectionSchemes: [(scheme: String, port: Int, path: String)] = [
        ("postgresql", 5432, "/app"), ("postgresql+asyncpg", 5432, "/app"), ("postgres", 5432, "/orders?sslmode=require"),
        ("mysql", 3306, "/shop"), ("mysql+pymysql", 3306, "/shop?charset=utf8mb4"), ("mariadb", 3306, "/shop"),
        ("mongodb", 27017, "/events?authSource=admin"), ("mongodb+srv", 0, "/events?retryWrites=true&w=majority"),
        ("redis", 6379, "/0"), ("rediss", 6380, "/1"), ("amqp", 5672, "/vhost"), ("amqps", 5671, "/"),
        ("kafka", 9093, ""), ("clickhouse", 8123, "/analytics"), ("snowflake", 0, "/db/public?warehouse=COMPUTE_WH"),
        ("mssql+pyodbc", 1433, "/sales?driver=ODBC+Driver+18"), ("jdbc:postgresql", 5432, "/app"), ("https", 443, "/v1/ingest"),
        ("ftp", 21, "/incoming"), ("nats", 4222, ""), ("neo4j+s", 7687, ""),
    ]

    /// A connection string of every scheme; the core is `user:password` (or `:password`).
    static func connectionSamples(_ rng: inout SplitMix) -> [Sample] {
        var out: [Sample] = []
        for (scheme, port, path) in connectionSchemes {
            let user = scheme.hasPrefix("redis") && rng.chance(0.5) ? "" : rng.pick(["app", "svc_loader", "admin", "default", "etl-user", "u\(rng.digits(4))"])
            let userinfo = "\(user):\(password(&rng))"
            let host = scheme == "mongodb+srv" ? "cluster0.\(rng.string(5, from: lower + digits)).mongodb.net"
                : scheme == "snowflake" ? "\(rng.string(7, from: lower))-\(rng.string(7, from: lower))"
                : scheme == "mongodb" ? "db-0.internal:27017,db-1.internal:27017,db-2.internal"
                : rng.pick(["db.internal", "cache", "broker-1.kafka.svc.cluster.local", "localhost"])
            let hostPort = port == 0 ? host : "\(host):\(port)"
            out.append(Sample(rule: "connection_credentials", text: "\(scheme)://\(userinfo)@\(hostPort)\(path)", core: userinfo,
                              kept: ["\(scheme)://", "@\(hostPort)\(path)"]))
        }
        // A token as the user of a git remote.
        let token = mixed(rng.int(24...40), &rng)
        out.append(Sample(rule: "connection_credentials", text: "git clone https://\(token)@git.example.com/acme/pipeline.git", core: token,
                          kept: ["@git.example.com/acme/pipeline.git"]))
        // `;`-separated connection strings.
        let adoPassword = password(&rng).replacingOccurrences(of: "@", with: "")
        out.append(Sample(rule: "connection_credentials", text: "Server=tcp:sql.example.net,1433;Database=sales;User ID=loader;Password=\(adoPassword);Encrypt=True",
                          core: adoPassword, kept: ["Server=tcp:sql.example.net,1433;Database=sales;User ID=loader;", ";Encrypt=True"]))
        let accountKey = rng.string(86, from: alnum + "+/") + "=="
        out.append(Sample(rule: "connection_credentials",
                          text: "DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=\(accountKey);EndpointSuffix=core.windows.net",
                          core: accountKey, kept: ["AccountName=acmelogs;", ";EndpointSuffix=core.windows.net"]))
        let sharedKey = rng.string(43, from: alnum + "+/") + "="
        out.append(Sample(rule: "connection_credentials",
                          text: "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=\(sharedKey)",
                          core: sharedKey, kept: ["Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"]))
        return out
    }

    // MARK: Cookies

    static let sessionCookieNames = [
        "session", "sessionid", "sid", "PHPSESSID", "JSESSIONID", "connect.sid", "_session", "laravel_session", "_myapp_session",
        "app-session", "app.sid", "__Secure-next-auth.session-token", "__Host-session", "auth_token", "csrftoken", "XSRF-TOKEN",
        "remember_user_token", "ASPSESSIONIDQQGQGQGQ", "SAPISID",
    ]
    static let harmlessCookies = ["theme=dark", "lang=en", "_ga=GA1.2.1234567890.1732445445", "locale=fr_FR", "tz=Europe%2FParis", "_gid=GA1.2.987654321.1732445445"]

    static func cookieValue(_ name: String, _ rng: inout SplitMix) -> String {
        switch name {
        case "connect.sid": return "s%3A" + rng.string(32, from: base64url) + "." + rng.string(43, from: alnum + "%")
        case "PHPSESSID": return rng.string(26, from: lower + digits)
        case "JSESSIONID": return rng.string(32, from: "0123456789ABCDEF")
        case "csrftoken", "XSRF-TOKEN": return mixed(32, &rng)
        default: return rng.chance(0.5) ? mixed(rng.int(20...64), &rng) : rng.hex(rng.int(16...64))
        }
    }

    /// Session cookies in `Cookie:` and `Set-Cookie:` headers, and in cookie members of JSON
    /// held as text; the harmless cookies beside them stay.
    static func cookieSamples(_ rng: inout SplitMix) -> [Sample] {
        var out: [Sample] = []
        for name in sessionCookieNames {
            let value = cookieValue(name, &rng)
            let harmless = rng.pick(harmlessCookies)
            let other = rng.pick(harmlessCookies)
            switch rng.int(0...4) {
            case 0:
                out.append(Sample(rule: "session_cookie", text: "Cookie: \(harmless); \(name)=\(value); \(other)", core: value, kept: [harmless, other]))
            case 1:
                out.append(Sample(rule: "session_cookie", text: "cookie: \(name)=\(value)", core: value))
            case 2:
                out.append(Sample(rule: "session_cookie", text: "Set-Cookie: \(name)=\(value); Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Secure; SameSite=Lax",
                                  core: value, kept: ["Path=/", "Expires=Wed, 21 Oct 2026 07:28:00 GMT", "SameSite=Lax"]))
            case 3:
                out.append(Sample(rule: "session_cookie", text: "set-cookie: \(harmless); Path=/, \(name)=\"\(value)\"; HttpOnly", core: value, kept: [harmless]))
            default:
                out.append(Sample(rule: "session_cookie", text: #"{"headers":{"Cookie":"\#(harmless); \#(name)=\#(value)"}}"#, core: value, kept: [harmless]))
            }
        }
        // A cookie of another name whose value is a credential by its look.
        let remember = mixed(48, &rng)
        out.append(Sample(rule: "session_cookie", text: "Cookie: theme=dark; remember_web_59ba36=\(remember)", core: remember, kept: ["theme=dark"]))
        return out
    }

    // MARK: Every format

    /// Every written format of `rule`, one sample each.
    static func formats(_ rule: String, _ rng: inout SplitMix) -> [Sample] {
        switch rule {
        case "api_key":
            return providerKeys(&rng).map { vendor, key, context in
                // A key known by its vendor's name alone is a secret pair's value after a sensitive name.
                let forms = context.isEmpty ? keyForms : keyForms.filter { ["plain", "json in text", "traceback"].contains($0.name) }
                let form = rng.pick(forms)
                return Sample(rule: "api_key", text: form.text(context, key), core: key)
            }
        case "url_token": return urlSamples(&rng)
        case "connection_credentials": return connectionSamples(&rng)
        case "session_cookie": return cookieSamples(&rng)
        default: fatalError("no samples for \(rule)")
        }
    }

    /// One sample of any rule, in any of its formats.
    static func any(_ rng: inout SplitMix) -> Sample {
        let rule = rng.pick(rules)
        return rng.pick(formats(rule, &rng))
    }

    // MARK: Near misses

    /// Text that looks like these secrets and must stay as it is.
    static func lookAlikes(_ rng: inout SplitMix) -> [String] {
        let sha = rng.hex(39) + "a"
        return [
            "trace \(rng.hex(31))a span \(rng.hex(15))b",
            "request \(uuid(&rng)) done",
            "commit \(sha) (HEAD -> main)",
            "digest sha256:\(rng.hex(63))c",
            "model gpt-4o-mini and gpt-4.1-nano, claude-3-5-sonnet-20241022, mistral-large-latest",
            "pip install scikit-learn; import sk-learn helpers; risk-adjusted return; task-force",
            "sk-learn-tutorial-for-beginners and sk-2026-11-24-rollout-canary",
            "mistral-7b-instruct-v0.3 trace \(rng.hex(31))d",
            "cohere rerank pinned at commit \(sha)",
            "pinecone index docs-\(rng.digits(4)) has \(rng.int(1...9_999)) vectors",
            "hf_hub_download and npm_config_cache and pk_test_only and gsk_short and r8_ and ls__init__ and whsec_x",
            "GET https://api.example.com/v1/search?page=2&sort=desc&q=hello#results",
            "GET /items?key=dashboard&code=404&token=expired&page_token=3",
            "GET https://shop.example.com/@alice/posts?X-Amz-Date=20261124T103000Z&sv=2022-11-02",
            "redis://cache:6379/0 and postgres://app@localhost:5432/app and postgres://user:****@db.internal/app",
            "cloning git@github.com:acme/pipeline.git",
            "Cookie: theme=dark; lang=en; _ga=GA1.2.1234567890.1732445445",
            "Set-Cookie: sessionid=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ]
    }
}
