import Foundation

extension TypedCSVReader {
    /// What every stretch of records is read into: the header, each column's role, the counts.
    struct Layout: Sendable {
        let source: String
        let header: [String]
        let roles: [Role]
        /// The numeric columns' names, in their order (`Role.number`'s index).
        let numeric: [String]
        let text: Int
    }

    struct ReadOptions: Sendable {
        var releasingPages: Bool
        var releaseStep: Int
        /// Data of at least twice this many bytes are read in parallel chunks of about this size.
        var chunkSize: Int
    }

    /// The columns of a stretch of records.
    struct Records {
        var numbers: [NumberColumn]
        var reports: [CoercionReport]
        var codes: [[Int32]]
        var interners: [Interner]
        var lines: [Int] = []

        init(_ layout: Layout) {
            numbers = [NumberColumn](repeating: [], count: layout.numeric.count)
            reports = layout.numeric.map { CoercionReport(column: $0) }
            codes = [[Int32]](repeating: [], count: layout.text)
            interners = [Interner](repeating: Interner(), count: layout.text)
        }
    }

    /// The records from byte `start` (file line `line`) to the end. Data without a quote (a quoted field
    /// may hold a line end) are cut just after line ends into chunks read in parallel, and the chunks
    /// are joined in order: the same columns, codes in first-seen order, the same first problem.
    static func records(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, layout: Layout, options: ReadOptions
    ) throws -> Records {
        let cuts = chunks(all, from: start, line: line, size: options.chunkSize)
        guard cuts.count > 1, let base = all.baseAddress else {
            return try read(all, start..<all.count, line: line, layout: layout, options: options)
        }
        // Waves of one chunk per core, each joined to the result before the next is read, so that
        // no more than a wave's chunks are held beside it.
        let wave = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var out: Records?
        for first in stride(from: 0, to: cuts.count, by: wave) {
            let batch = Array(cuts[first..<min(first + wave, cuts.count)])
            let parts = readInParallel(UnsafeBufferPointer(start: base, count: all.count), batch, layout, options)
            for part in parts {
                let records = try part.get()
                if out == nil { out = records } else { out?.append(records) }
            }
        }
        return out ?? Records(layout)
    }

    /// Each chunk's records, read on its own thread, in chunk order.
    static func readInParallel(
        _ all: UnsafeBufferPointer<UInt8>, _ cuts: [(range: Range<Int>, line: Int)], _ layout: Layout,
        _ options: ReadOptions
    ) -> [Result<Records, Error>] {
        let address = Int(bitPattern: all.baseAddress)
        let count = all.count
        // Each chunk's result in its own slot.
        var parts = [Result<Records, Error>](
            repeating: .failure(DataError("\(layout.source): a chunk was not read")), count: cuts.count)
        parts.withUnsafeMutableBufferPointer { slots in
            let slotAddress = Int(bitPattern: slots.baseAddress)
            DispatchQueue.concurrentPerform(iterations: cuts.count) { k in
                let bytes = UnsafeBufferPointer(start: UnsafePointer<UInt8>(bitPattern: address), count: count)
                let slot = UnsafeMutablePointer<Result<Records, Error>>(bitPattern: slotAddress)
                slot?.advanced(by: k).pointee = Result {
                    try read(bytes, cuts[k].range, line: cuts[k].line, layout: layout, options: options)
                }
            }
        }
        return parts
    }

    /// Cut points just after line ends, about `size` bytes apart; one stretch when the data hold a quote.
    static func chunks(_ all: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, size: Int) -> [(
        range: Range<Int>, line: Int
    )] {
        let data = all[start...]
        guard data.count >= 2 * size, !data.contains(UInt8(ascii: "\"")) else { return [(start..<all.count, line)] }
        var cuts: [(range: Range<Int>, line: Int)] = []
        var from = start
        var fromLine = line
        while from < all.count {
            var to = min(from + size, all.count)
            while to < all.count && all[to - 1] != UInt8(ascii: "\n") { to += 1 }
            cuts.append((from..<to, fromLine))
            fromLine += all[from..<to].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            from = to
        }
        return cuts
    }

    /// The records of `all[range]`, whose first byte is on file line `line`.
    static func read(
        _ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, layout: Layout, options: ReadOptions
    ) throws -> Records {
        let bytes = UnsafeBufferPointer(rebasing: all[range])
        var reader = FieldCursor(bytes: bytes, position: 0, source: layout.source, line: line)
        var out = Records(layout)
        var pages = PageRelease(bytes, enabled: options.releasingPages, step: UInt(options.releaseStep))
        while let fields = try reader.nextRecord() {
            let line = reader.recordLine
            if out.lines.count & 4095 == 0 { pages.release(before: reader.position) }
            guard fields.count == layout.header.count else {
                throw DataError(
                    "\(layout.source):\(line): expected \(layout.header.count) fields as in the header, got \(fields.count)"
                )
            }
            out.lines.append(line)
            try readRecord(fields, line: line, reader: reader, layout: layout, into: &out)
        }
        pages.release(before: bytes.count, all: true)
        return out
    }

    @inline(__always)
    static func readRecord(
        _ fields: [FieldCursor.Field], line: Int, reader: FieldCursor, layout: Layout, into out: inout Records
    ) throws {
        for (c, role) in layout.roles.enumerated() {
            switch role {
            case .skip: continue
            case .number(let k):
                reader.withField(fields[c]) { raw in
                    readNumber(trimmed(raw), line: line, into: &out.numbers[k], report: &out.reports[k])
                }
            case .text(let k):
                reader.withField(fields[c]) { raw in
                    let field = trimmed(raw)
                    out.codes[k].append(missingToken(field) != nil ? -1 : out.interners[k].code(field))
                }
                if out.interners[k].invalid { throw invalidUTF8(layout.source, line, layout.header[c]) }
            case .both(let k, let t):
                reader.withField(fields[c]) { raw in
                    let field = trimmed(raw)
                    readNumber(field, line: line, into: &out.numbers[k], report: &out.reports[k])
                    out.codes[t].append(missingToken(field) != nil ? -1 : out.interners[t].code(field))
                }
                if out.interners[t].invalid { throw invalidUTF8(layout.source, line, layout.header[c]) }
            }
        }
    }

}

extension TypedCSVReader.Records {
    /// A later chunk's records joined on: columns appended, its codes mapped into this table (so codes
    /// keep first-seen order), reports added up.
    mutating func append(_ part: TypedCSVReader.Records) {
        lines += part.lines
        for k in numbers.indices {
            numbers[k].append(contentsOf: part.numbers[k])
            reports[k].absorb(part.reports[k])
        }
        for t in codes.indices {
            let mapping = interners[t].absorb(part.interners[t])
            codes[t] += part.codes[t].map { $0 < 0 ? -1 : mapping[Int($0)] }
        }
    }
}
