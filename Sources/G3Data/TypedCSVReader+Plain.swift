import Foundation

extension TypedCSVReader {
    /// Whether `readPlain` can read a stretch: it holds no quote and no carriage return, so that every
    /// comma ends a field and every line feed a record. `quoteFree`: the quote was looked for already.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>, quoteFree: Bool = false) -> Bool {
        !holds(0x0D, bytes) && (quoteFree || !holds(0x22, bytes))
    }

    /// Whether the bytes hold `byte` (memchr).
    static func holds(_ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false
    }

    /// The records of a plain stretch (`isPlain`), as `read` gives them, in one walk over the bytes: each
    /// field is handed to its column as the walk reaches it, the values are written into columns
    /// allocated for the most records the stretch can hold, and the fields after the last one read are
    /// only counted. Blank lines are skipped; the first record of the wrong width, or the first text
    /// that is not UTF-8, is the error `read` reports.
    static func readPlain(
        _ bytes: UnsafeBufferPointer<UInt8>, line: Int, layout: Layout, options: ReadOptions
    ) throws -> Records {
        let width = layout.header.count
        // A record spans at least `width` bytes (its commas and its line feed; the last may lack one).
        var sink = PlainSink(layout: layout, capacity: bytes.count / max(width, 1) + 2, keepsLines: options.keepsLines)
        defer { sink.deallocate() }
        var pages = PageRelease(bytes, enabled: options.releasingPages, step: UInt(options.releaseStep))
        let wanted = sink.wanted
        var p = 0
        let firstLine = line
        var line = line
        while p < bytes.count {
            if bytes[p] == 0x0A {
                p += 1
                line += 1
                continue
            }
            if sink.rows & 4095 == 0 { pages.release(before: p) }
            var fields = 0
            while true {
                let start = p
                p = fieldEnd(bytes, from: p)
                if fields < wanted { sink.take(bytes[start..<p], column: fields, line: line) }
                fields += 1
                if p >= bytes.count || bytes[p] == 0x0A { break }
                p += 1
                if fields == wanted {
                    let rest = lineEnd(bytes, from: p)
                    fields += rest.commas + 1
                    p = rest.end
                    break
                }
            }
            guard fields == width else {
                throw DataError("\(layout.source):\(line): expected \(width) fields as in the header, got \(fields)")
            }
            if let c = sink.invalidColumn() { throw invalidUTF8(layout.source, line, layout.header[c]) }
            sink.finishRecord(line: line)
            p += 1
            line += 1
        }
        pages.release(before: bytes.count, all: true)
        var out = sink.records(layout)
        out.bytes = bytes.count
        out.lineEnds = line - firstLine
        return out
    }

    /// From byte `from`: the index of the next comma or line feed, or the end; eight bytes at a time.
    @inline(__always)
    static func fieldEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var i = from
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let ends = zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
            if ends != 0 { return i + ends.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < bytes.count, bytes[i] != 0x2C, bytes[i] != 0x0A { i += 1 }
        return i
    }
}

/// Where `readPlain` writes a stretch's values: one column of `capacity` slots per number and text
/// column, filled row by row, then copied out at the records' count. The per-field work reads only
/// unmanaged tables (no array's uniqueness check, no report copied per value).
struct PlainSink {
    /// What is read of a column: its index among the number, text and byte columns (−1 when not).
    struct Slot {
        var number = -1
        var text = -1
        var bytes = -1
    }

    /// A text column's value in the record before: its bytes (in the stretch being read) and code.
    /// Panels repeat an account's id and labels row after row, and comparing with the bytes just
    /// read costs less than the table's lookup.
    struct Previous {
        var start: UnsafePointer<UInt8>?
        var count = -1
        var code: Int32 = -1
    }

    /// Per column up to the last one read (`wanted` of them).
    private let slots: UnsafeMutablePointer<Slot>
    let wanted: Int
    let capacity: Int
    let numbers: UnsafeMutablePointer<Double>
    let codes: UnsafeMutablePointer<Int32>
    /// Per number column: whether its report holds the evidence that its commas group (then a
    /// value with a point tells nothing new).
    private let commasGroup: UnsafeMutablePointer<Bool>
    private let previous: UnsafeMutablePointer<Previous>
    private let interners: UnsafeMutablePointer<Interner>
    private let textCount: Int
    var reports: [CoercionReport]
    var byteColumns: [ByteValues]
    var lines: [Int] = []
    let keepsLines: Bool
    /// Whether a text column has met a value that is not UTF-8.
    private var invalid = false
    private(set) var rows = 0

    init(layout: TypedCSVReader.Layout, capacity: Int, keepsLines: Bool) {
        let active = layout.active
        wanted = max(1, (active.last?.column ?? 0) + 1)
        slots = .allocate(capacity: wanted)
        slots.initialize(repeating: Slot(), count: wanted)
        for (c, role) in active {
            switch role {
            case .skip: break
            case .number(let k): slots[c].number = k
            case .text(let t): slots[c].text = t
            case .both(let k, let t): (slots[c].number, slots[c].text) = (k, t)
            case .bytes(let k): slots[c].bytes = k
            }
        }
        self.capacity = capacity
        self.keepsLines = keepsLines
        let numberCount = max(layout.numeric.count, 1)
        numbers = .allocate(capacity: capacity * numberCount)
        codes = .allocate(capacity: capacity * max(layout.text, 1))
        commasGroup = .allocate(capacity: numberCount)
        commasGroup.initialize(repeating: false, count: numberCount)
        textCount = layout.text
        previous = .allocate(capacity: max(textCount, 1))
        previous.initialize(repeating: Previous(), count: max(textCount, 1))
        interners = .allocate(capacity: max(textCount, 1))
        interners.initialize(repeating: Interner(), count: max(textCount, 1))
        reports = layout.numeric.map { CoercionReport(column: $0) }
        byteColumns = [ByteValues](repeating: ByteValues(), count: layout.byteNames.count)
        if keepsLines { lines.reserveCapacity(capacity) }
    }

    func deallocate() {
        slots.deinitialize(count: wanted)
        slots.deallocate()
        numbers.deallocate()
        codes.deallocate()
        commasGroup.deallocate()
        previous.deallocate()
        interners.deinitialize(count: max(textCount, 1))
        interners.deallocate()
    }

    /// The field of column `column` (untrimmed) of the current record.
    @inline(__always)
    mutating func take(_ raw: Slice<UnsafeBufferPointer<UInt8>>, column: Int, line: Int) {
        let slot = slots[column]
        guard slot.number >= 0 || slot.text >= 0 || slot.bytes >= 0 else { return }
        let field = TypedCSVReader.trimmed(raw)
        if slot.bytes >= 0 {
            byteColumns[slot.bytes].append(field)
            invalid = invalid || byteColumns[slot.bytes].invalid
        }
        if slot.number >= 0 {
            numbers[slot.number * capacity + rows] = number(field, k: slot.number, line: line) ?? .nan
        }
        if slot.text >= 0 { codes[slot.text * capacity + rows] = code(field, t: slot.text) }
    }

    /// The code of a text field: −1 for a missing token; the record before's code when its bytes
    /// are the same; else the table's (`Interner`).
    @inline(__always)
    private mutating func code(_ field: Slice<UnsafeBufferPointer<UInt8>>, t: Int) -> Int32 {
        let bytes = UnsafeBufferPointer(rebasing: field)
        let before = previous[t]
        if bytes.count == before.count, let a = bytes.baseAddress, let b = before.start,
            Interner.same(UnsafeRawPointer(a), UnsafeRawPointer(b), bytes.count)
        {
            return before.code
        }
        let code = TypedCSVReader.isMissing(field) ? -1 : interners[t].code(UnsafeRawBufferPointer(bytes))
        invalid = invalid || interners[t].invalid
        previous[t] = Previous(start: bytes.baseAddress, count: bytes.count, code: code)
        return code
    }

    /// A plain decimal at once (`NumberText.plainDecimal`, which `NumberText.read` tries first);
    /// anything else through `TypedCSVReader.number`, which counts it in the report. A plain decimal
    /// with a point is the evidence `GroupingEvidence.note` looks for; one without tells it nothing.
    @inline(__always)
    private mutating func number(_ field: Slice<UnsafeBufferPointer<UInt8>>, k: Int, line: Int) -> Double? {
        guard let parts = NumberText.plainDecimalParts(UnsafeBufferPointer(rebasing: field)) else {
            defer { commasGroup[k] = reports[k].grouping.commasGroup }
            return TypedCSVReader.number(field, line: line, report: &reports[k])
        }
        let value = parts.value
        if parts.point, !commasGroup[k] {
            reports[k].grouping.note(.number(value), bytes: field, line: line)
            commasGroup[k] = reports[k].grouping.commasGroup
        }
        return value
    }

    /// The first column, in the header's order, whose text is not UTF-8.
    func invalidColumn() -> Int? {
        guard invalid else { return nil }
        return (0..<wanted).first { c in
            let slot = slots[c]
            return (slot.text >= 0 && interners[slot.text].invalid)
                || (slot.bytes >= 0 && byteColumns[slot.bytes].invalid)
        }
    }

    mutating func finishRecord(line: Int) {
        if keepsLines { lines.append(line) }
        rows += 1
    }

    /// The records written, copied out at their count.
    func records(_ layout: TypedCSVReader.Layout) -> TypedCSVReader.Records {
        var out = TypedCSVReader.Records(layout)
        out.numbers = layout.numeric.indices.map { k in
            NumberColumn(storing: UnsafeBufferPointer(start: numbers + k * capacity, count: rows))
        }
        out.codes = (0..<layout.text).map { t in Array(UnsafeBufferPointer(start: codes + t * capacity, count: rows)) }
        out.reports = reports
        out.interners = Array(UnsafeBufferPointer(start: interners, count: textCount))
        out.byteColumns = byteColumns
        out.lines = lines
        out.rows = rows
        return out
    }
}
