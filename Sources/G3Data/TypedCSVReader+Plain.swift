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

    /// The records of a plain stretch (`isPlain`), as `read` gives them, a block of records at a time
    /// (`FieldBlock`): split into fields, then each column's fields taken in a loop of its own, into
    /// columns allocated for the most records the stretch can hold; the fields after the last one read
    /// are only counted. Blank lines are skipped; the first record of the wrong width, or the first
    /// text that is not UTF-8, is the error `read` reports.
    static func readPlain(
        _ bytes: UnsafeBufferPointer<UInt8>, line: Int, layout: Layout, options: ReadOptions
    ) throws -> Records {
        let width = layout.header.count
        // A record spans at least `width` bytes (its commas and its line feed; the last may lack one).
        var sink = PlainSink(layout: layout, capacity: bytes.count / max(width, 1) + 2, keepsLines: options.keepsLines)
        defer { sink.deallocate() }
        var block = FieldBlock(wanted: sink.wanted)
        defer { block.deallocate() }
        var separators = Separators(bytes)
        var pages = PageRelease(bytes, enabled: options.releasingPages, step: UInt(options.releaseStep))
        var p = 0
        let firstLine = line
        var line = line
        while p < bytes.count {
            pages.release(before: p)
            let wrongWidth = block.fill(&separators, from: &p, line: &line, width: width, source: layout.source)
            if let (record, c) = sink.take(block, from: bytes) {
                throw invalidUTF8(layout.source, block.lines[record], layout.header[c])
            }
            if let wrongWidth { throw wrongWidth }
        }
        pages.release(before: bytes.count, all: true)
        var out = sink.records(layout)
        out.bytes = bytes.count
        out.lineEnds = line - firstLine
        return out
    }
}

/// Where `readPlain` writes a stretch's values: one column of `capacity` slots per number and text
/// column, filled a block of records at a time, column by column, then copied out at the records'
/// count. The per-field work reads only unmanaged tables (no array's uniqueness check, no report
/// copied per value).
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

    /// Takes each column's fields of a block of records, a column at a time; the first record (and in
    /// it the first column, in the header's order) whose text is not UTF-8, if one is.
    mutating func take(_ block: FieldBlock, from bytes: UnsafeBufferPointer<UInt8>) -> (record: Int, column: Int)? {
        var invalid: (record: Int, column: Int)?
        for c in 0..<wanted {
            let slot = slots[c]
            if slot.bytes >= 0 {
                for i in 0..<block.count { byteColumns[slot.bytes].append(field(bytes, block, i, c)) }
            }
            if slot.number >= 0 { takeNumbers(bytes, block, column: c, k: slot.number) }
            if slot.text >= 0 { takeCodes(bytes, block, column: c, t: slot.text) }
            let notUTF8 =
                (slot.text >= 0 && interners[slot.text].invalid)
                || (slot.bytes >= 0 && byteColumns[slot.bytes].invalid)
            if notUTF8, let record = firstInvalid(bytes, block, column: c), record < invalid?.record ?? Int.max {
                invalid = (record, c)
            }
        }
        if keepsLines { lines.append(contentsOf: UnsafeBufferPointer(start: block.lines, count: block.count)) }
        rows += block.count
        return invalid
    }

    /// Field `column` of the block's record `i`, trimmed.
    @inline(__always)
    private func field(_ bytes: UnsafeBufferPointer<UInt8>, _ block: FieldBlock, _ i: Int, _ column: Int)
        -> Slice<UnsafeBufferPointer<UInt8>>
    {
        TypedCSVReader.trimmed(bytes[block.field(i, column)])
    }

    /// The first of the block's records whose field `column` is not UTF-8 (the text tables and byte
    /// columns only say that one was met).
    private func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>, _ block: FieldBlock, column: Int) -> Int? {
        (0..<block.count).first { i in
            let value = UnsafeBufferPointer(rebasing: field(bytes, block, i, column))
            return value.contains { $0 >= 0x80 } && String(validating: value, as: UTF8.self) == nil
        }
    }

    /// Column `column`'s numbers: a plain decimal (`NumberText.plainDecimalParts`, as `NumberText.read`
    /// tries first) at once, unless its point is news to the column's grouping evidence; anything
    /// else through `number`.
    @inline(__always)
    private mutating func takeNumbers(
        _ bytes: UnsafeBufferPointer<UInt8>, _ block: FieldBlock, column c: Int, k: Int
    ) {
        let values = numbers + k * capacity + rows
        for i in 0..<block.count {
            let field = field(bytes, block, i, c)
            let parts = NumberText.plainDecimalParts(UnsafeBufferPointer(rebasing: field))
            if let parts, !parts.point || commasGroup[k] {
                values[i] = parts.value
            } else {
                values[i] = number(field, parts, k: k, line: block.lines[i]) ?? .nan
            }
        }
    }

    /// A field's number through `TypedCSVReader.number`, which counts it in the report, or a plain
    /// decimal (its `parts`) with a point, the evidence `GroupingEvidence.note` looks for.
    @inline(never)
    private mutating func number(
        _ field: Slice<UnsafeBufferPointer<UInt8>>, _ parts: NumberText.DecimalParts?, k: Int, line: Int
    ) -> Double? {
        defer { commasGroup[k] = reports[k].grouping.commasGroup }
        guard let parts else {
            return TypedCSVReader.number(field, line: line, report: &reports[k])
        }
        reports[k].grouping.note(.number(parts.value), bytes: field, line: line)
        return parts.value
    }

    /// Column `column`'s codes: −1 for an empty field (panels leave most dates and types of events
    /// empty), the record before's code when its bytes are the same, else `code`'s.
    @inline(__always)
    private mutating func takeCodes(_ bytes: UnsafeBufferPointer<UInt8>, _ block: FieldBlock, column c: Int, t: Int) {
        let codes = codes + t * capacity + rows
        for i in 0..<block.count {
            let field = UnsafeBufferPointer(rebasing: field(bytes, block, i, c))
            let before = previous[t]
            if field.isEmpty {
                codes[i] = -1
            } else if field.count == before.count, let a = field.baseAddress, let b = before.start,
                Interner.same(UnsafeRawPointer(a), UnsafeRawPointer(b), field.count)
            {
                codes[i] = before.code
            } else {
                codes[i] = code(field, t: t)
            }
        }
    }

    /// The code of a text field that is not the record before's: −1 for a missing token, else the
    /// table's (`Interner`); the field is remembered as the record before's.
    @inline(never)
    private mutating func code(_ field: UnsafeBufferPointer<UInt8>, t: Int) -> Int32 {
        let code = TypedCSVReader.isMissing(field[...]) ? -1 : interners[t].code(UnsafeRawBufferPointer(field))
        previous[t] = Previous(start: field.baseAddress, count: field.count, code: code)
        return code
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
