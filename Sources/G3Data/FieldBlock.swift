import Foundation

/// Where the fields of a block of records lie in a plain stretch (`TypedCSVReader.readPlain`): the
/// records are first split into fields, row by row, and then each column's fields are taken in one
/// loop of their own (`PlainSink.take(_:from:)`), so that what a field is (number, text, bytes) is
/// decided once a column, not once a field.
struct FieldBlock {
    /// Records a block holds: their bytes (about 90 KB for a panel) and bounds (120 KB) stay in cache
    /// between the split and the columns' loops.
    static let capacity = 1024
    /// The columns kept (the fields after them are only counted).
    let wanted: Int
    /// Column-major, `capacity` a column: column 0 holds each record's first byte − 1, column c + 1
    /// the end of field c, so that field c spans `bounds[c][i] + 1 ..< bounds[c + 1][i]`.
    private let bounds: UnsafeMutablePointer<Int>
    /// Each record's file line.
    let lines: UnsafeMutablePointer<Int>
    private(set) var count = 0

    init(wanted: Int) {
        self.wanted = wanted
        bounds = .allocate(capacity: (wanted + 1) * Self.capacity)
        lines = .allocate(capacity: Self.capacity)
    }

    func deallocate() {
        bounds.deallocate()
        lines.deallocate()
    }

    /// The bytes of field `column` of record `i`.
    @inline(__always)
    func field(_ i: Int, _ column: Int) -> Range<Int> {
        let start = bounds[column &* Self.capacity &+ i] &+ 1
        return start..<bounds[(column &+ 1) &* Self.capacity &+ i]
    }

    /// Splits the records from `start` (on file line `line`), the next separators of `separators`,
    /// until the block is full or the bytes end, moving both on; blank lines are skipped. A record
    /// that is not `width` fields wide ends the block (the records before it are kept) and is the
    /// error returned.
    mutating func fill(
        _ separators: inout Separators, from start: inout Int, line startLine: inout Int, width: Int, source: String
    ) -> DataError? {
        // Locals, not the inout arguments, which the stores into `bounds` could alias.
        var scan = separators
        let bytes = scan.bytes
        let wanted = wanted
        let bounds = bounds
        var p = start
        var line = startLine
        var rows = 0
        defer {
            separators = scan
            start = p
            startLine = line
            count = rows
        }
        while rows < Self.capacity, p < bytes.count {
            bounds[rows] = p &- 1
            var fields = 0
            var end = bytes.count
            while let at = scan.next() {
                if bytes[at] == 0x0A, fields == 0, at == p {
                    // A blank line.
                    p &+= 1
                    line &+= 1
                    bounds[rows] = p &- 1
                    continue
                }
                if fields < wanted { bounds[(fields &+ 1) &* Self.capacity &+ rows] = at }
                fields &+= 1
                p = at &+ 1
                if bytes[at] == 0x0A {
                    end = at
                    break
                }
            }
            if end == bytes.count {
                // The bytes end: a last record without a line feed, or nothing after a blank line.
                guard fields > 0 || p < bytes.count else { break }
                if fields < wanted { bounds[(fields &+ 1) &* Self.capacity &+ rows] = bytes.count }
                fields &+= 1
                p = bytes.count
            }
            guard fields == width else {
                return DataError("\(source):\(line): expected \(width) fields as in the header, got \(fields)")
            }
            lines[rows] = line
            rows &+= 1
            line &+= 1
        }
        return nil
    }
}
