import Testing
@testable import SluiceCore

@Suite struct URLRedactionTests {
    @Test(arguments: [
        // Credentials.
        ("http://elastic:s3cretPW@es.internal:9200", "http://***@es.internal:9200"),
        ("https://user@es.internal/", "https://***@es.internal/"),
        ("https://a:b@c@host:9200/x", "https://***@host:9200/x"),
        ("http://u:p%40ss@host", "http://***@host"),
        ("HTTPS://u:p@Host", "HTTPS://***@Host"),
        // IPv6 hosts and ports stay.
        ("http://[::1]:9200/_bulk", "http://[::1]:9200/_bulk"),
        ("http://elastic:pw@[fe80::1%25eth0]:9200", "http://***@[fe80::1%25eth0]:9200"),
        ("http://u:pw@[2001:db8::7]/loki/api/v1/push", "http://***@[2001:db8::7]/loki/api/v1/push"),
        // Query values and fragments.
        ("https://host/push?token=abc&orgid=7", "https://host/push?token=***&orgid=***"),
        ("https://s3.example/b/k?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff", "https://s3.example/b/k?X-Amz-Credential=***&X-Amz-Signature=***"),
        ("https://host/x?apikey", "https://host/x?***"),
        ("https://host/x?a=1&&b=", "https://host/x?a=***&&b=***"),
        ("https://host/cb#access_token=t", "https://host/cb#***"),
        ("https://host/x?", "https://host/x?"),
        // Nothing to hide.
        ("http://127.0.0.1:9200", "http://127.0.0.1:9200"),
        ("http://loki:3100/loki/api/v1/push", "http://loki:3100/loki/api/v1/push"),
        ("", ""),
        // No scheme.
        ("elastic:s3cretPW@es.internal:9200", "***@es.internal:9200"),
        ("es.internal:9200/_bulk?sig=x", "es.internal:9200/_bulk?sig=***"),
        // Malformed: a raw /, ? or # in the password ends the authority early.
        ("http://elastic:pa/ss@host:9200", "http://***@host:9200"),
        ("http://elastic:pa?ss@host:9200", "http://***@host:9200"),
        ("http://elastic:pa#ss@host:9200?k=v", "http://***@host:9200?k=***"),
        ("http://u:p=q@host", "http://***@host"),
        ("http://", "http://"),
        ("http//u:p@host", "***@host"),
    ])
    func safeForLogs(url: String, expected: String) {
        #expect(URLRedaction.safeForLogs(url) == expected)
    }

    @Test func scrubMasksEveryURLInAText() {
        #expect(URLRedaction.scrub("Failed to fetch http://u:pw@h:1/x?t=1 and 'https://a:b@c' now") == "Failed to fetch http://***@h:1/x?t=*** and 'https://***@c' now")
        #expect(URLRedaction.scrub("Couldn't connect to server") == "Couldn't connect to server")
        #expect(URLRedaction.scrub("x://") == "x://")
        #expect(URLRedaction.scrub("://u:p@h") == "://u:p@h")
    }
}
