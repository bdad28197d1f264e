/// Keys that name an identifier, whose values are ids even when a detector's shape fits
/// them: `id`, `order_id`, `user-id`, `userId`, `requestID`, `ids`, and keys mentioning
/// `tracking`, `order`, `invoice`, `request`, `ticket`, `shipment`, `sku`, `serial`,
/// `reference`, `isbn`, `ean`, `upc`, `trace` or `span`. A key that also mentions `card`,
/// `payment`, `iban`, `account`, `phone`, `mobile` or `caller` does not count: those ids are
/// the personal data (`card_id`, `caller_id`).
enum IdentifierKeys {
    static let mentions: KeywordList = [
        "tracking", "order", "invoice", "request", "ticket", "shipment", "sku", "serial", "reference", "isbn", "ean",
        "upc", "trace", "span",
    ]
    static let personal: KeywordList = ["card", "payment", "iban", "account", "phone", "mobile", "caller"]

    static func names(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = key.baseAddress, key.count > 0, key.count <= 64 else { return false }
        let bytes = Bytes(base, key.count)
        if bytes.windowContains(before: key.count, window: key.count, personal) { return false }
        return endsWithID(key) || bytes.windowContains(before: key.count, window: key.count, mentions)
    }

    /// `id`, `…_id`, `…-id`, `….id`, `…Id`, `…ID` (and with a plural `s`).
    static func endsWithID(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var n = key.count
        if n >= 3, key[n - 1] == UInt8(ascii: "s") { n -= 1 }
        guard n >= 2 else { return false }
        let i = key[n - 2], d = key[n - 1]
        guard i | 0x20 == UInt8(ascii: "i"), d | 0x20 == UInt8(ascii: "d") else { return false }
        if n == 2 { return true }
        let before = key[n - 3]
        if before == UInt8(ascii: "_") || before == UInt8(ascii: "-") || before == UInt8(ascii: ".") { return true }
        // camelCase: a capital I after a lower-case letter or digit (`userId`, `requestID`).
        return i == UInt8(ascii: "I") && (before &- UInt8(ascii: "a") < 26 || before &- UInt8(ascii: "0") < 10)
    }
}
