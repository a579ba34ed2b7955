import Foundation

/// Walks a CSV buffer record by record. A field is a byte range of the buffer, or for a quoted
/// field the index of its unescaped copy.
struct FieldCursor {
    enum Field {
        case plain(Range<Int>)
        case quoted(Int)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let source: String
    var line = 1
    private(set) var recordLine = 1
    /// The fields of the last record that were counted, not kept (`nextRecord(into:wanted:)`).
    private(set) var skippedFields = 0
    private var unescaped: [[UInt8]] = []

    /// `line`: the file line of the byte at `position` (a chunk read on its own starts past line 1).
    init(bytes: UnsafeBufferPointer<UInt8>, position: Int, source: String, line: Int = 1) {
        self.bytes = bytes
        self.position = position
        self.source = source
        self.line = line
    }

    /// Calls `body` with the field's bytes.
    func withField<T>(_ field: Field, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> T) -> T {
        switch field {
        case .plain(let range): return body(bytes[range])
        case .quoted(let i): return unescaped[i].withUnsafeBufferPointer { body($0[...]) }
        }
    }

    /// The next non-blank record's fields, or nil at the end of the file.
    mutating func nextRecord() throws -> [Field]? {
        var fields: [Field] = []
        return try nextRecord(into: &fields) ? fields : nil
    }

    /// Puts the next non-blank record's fields into `fields` (whose storage is reused from record to
    /// record); false at the end of the file. Only the first `wanted` fields are kept when the rest of
    /// the line holds no quote and no lone carriage return: the rest is then skipped at memchr's speed
    /// and only counted, in `skippedFields` (0 when every field is kept).
    mutating func nextRecord(into fields: inout [Field], wanted: Int = Int.max) throws -> Bool {
        while position < bytes.count {
            recordLine = line
            if !unescaped.isEmpty { unescaped.removeAll(keepingCapacity: true) }
            fields.removeAll(keepingCapacity: true)
            skippedFields = 0
            var blank = true
            while true {
                if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                    blank = false
                    unescaped.append(try quotedField())
                    fields.append(.quoted(unescaped.count - 1))
                } else {
                    let start = position
                    while position < bytes.count {
                        let b = bytes[position]
                        if b == UInt8(ascii: ",") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
                        if b == UInt8(ascii: "\"") {
                            throw DataError(
                                "\(source):\(line): a quote inside an unquoted field; quote the whole field and double inner quotes"
                            )
                        }
                        position += 1
                    }
                    if position > start { blank = false }
                    fields.append(.plain(start..<position))
                }
                // After a field: a comma, a line end, or the end of the file.
                if position >= bytes.count { return !blank }
                let b = bytes[position]
                if b == UInt8(ascii: ",") {
                    if fields.count >= wanted, let skipped = skipRest() {
                        skippedFields = skipped
                        return true
                    }
                    blank = false
                    position += 1
                    continue
                }
                if b == UInt8(ascii: "\r") {
                    position += 1
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
                } else if b == UInt8(ascii: "\n") {
                    position += 1
                } else {
                    throw DataError("\(source):\(line): unexpected text after a closing quote")
                }
                line += 1
                if blank { break }  // a blank line: skip it
                return true
            }
        }
        return false
    }

    /// From a comma to the end of its line: how many fields follow (the commas), the cursor moved past
    /// the line end; nil, the cursor unmoved, when the stretch holds a quote or a lone carriage return,
    /// which the field-by-field parse must see.
    private mutating func skipRest() -> Int? {
        let start = position
        let (end, commas) = lineEnd(bytes, from: start)
        var stop = end
        if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
        let rest = UnsafeBufferPointer(rebasing: bytes[start..<stop])
        guard !TypedCSVReader.holds(0x22, rest), !TypedCSVReader.holds(0x0D, rest) else { return nil }
        if end < bytes.count {
            position = end + 1
            line += 1
        } else {
            position = end
        }
        return commas
    }

    private mutating func quotedField() throws -> [UInt8] {
        var field: [UInt8] = []
        let opened = line
        position += 1
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    field.append(b)
                    position += 2
                    continue
                }
                position += 1
                return field
            }
            if b == UInt8(ascii: "\n") { line += 1 }
            field.append(b)
            position += 1
        }
        throw DataError("\(source):\(opened): a quoted field is not closed before the end of the file")
    }
}

/// The names in first-seen order without repeats.
func uniqueNames(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

/// From byte `from`: the index of the next line feed (or the end) and how many commas precede it,
/// in one pass of eight bytes at a time (`zeroBytes`, `countHighBits`; the first byte in memory is
/// the word's lowest on the little-endian machines Swift runs on).
@inline(__always)
func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (end: Int, commas: Int) {
    let raw = UnsafeRawBufferPointer(bytes)
    var i = from
    var commas = 0
    while i + 8 <= bytes.count {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        let feeds = zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
        let commaBits = zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C)
        if feeds != 0 {
            let before = (feeds & (0 &- feeds)) &- 1
            return (i + feeds.trailingZeroBitCount / 8, commas + countHighBits(commaBits & before))
        }
        commas += countHighBits(commaBits)
        i += 8
    }
    while i < bytes.count, bytes[i] != 0x0A {
        if bytes[i] == 0x2C { commas += 1 }
        i += 1
    }
    return (i, commas)
}

/// The high bit of each zero byte of `x`, exactly (no carry crosses bytes):
/// ~(((x & 0x7F…) + 0x7F…) | x | 0x7F…).
@inline(__always)
func zeroBytes(_ x: UInt64) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & low) &+ low) | x | low)
}

/// How many bytes of a `zeroBytes` mask are set: their high bits moved down and summed by one
/// multiplication into the top byte (a popcount without the instruction, which x86-64's baseline lacks).
@inline(__always)
func countHighBits(_ mask: UInt64) -> Int {
    Int(((mask >> 7) &* 0x0101_0101_0101_0101) >> 56)
}
