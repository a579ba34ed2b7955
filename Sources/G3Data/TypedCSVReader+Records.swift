import Foundation

extension TypedCSVReader {
    /// What every stretch of records is read into: the header, each column's role, the counts.
    struct Layout: Sendable {
        let source: String
        let header: [String]
        let roles: [Role]
        /// The columns read (not skipped), with their roles.
        var active: [(column: Int, role: Role)] {
            roles.enumerated().compactMap { c, role in
                if case .skip = role { return nil }
                return (c, role)
            }
        }
        /// The numeric columns' names, in their order (`Role.number`'s index).
        let numeric: [String]
        /// The text columns' names, in their order (`Role.text`'s index).
        let textNames: [String]
        var text: Int { textNames.count }
    }

    struct ReadOptions: Sendable {
        var releasingPages: Bool
        var releaseStep: Int
        /// Data of at least twice this many bytes are read in parallel chunks of about this size.
        var chunkSize: Int
        /// Whether each record's file line is kept (8 bytes a record).
        var keepsLines = true
    }

    /// The columns of a stretch of records.
    struct Records {
        var numbers: [NumberColumn]
        var reports: [CoercionReport]
        var codes: [[Int32]]
        var interners: [Interner]
        /// The file line of each record; empty when the read keeps no lines (`ReadOptions.keepsLines`).
        var lines: [Int] = []
        var rows = 0
        /// How many bytes the records span.
        var bytes = 0

        init(_ layout: Layout) {
            numbers = [NumberColumn](repeating: [], count: layout.numeric.count)
            reports = layout.numeric.map { CoercionReport(column: $0) }
            codes = [[Int32]](repeating: [], count: layout.text)
            interners = [Interner](repeating: Interner(), count: layout.text)
        }
    }

    /// The records from byte `start` (file line `line`) to the end, the stretches of `forEachPart`
    /// joined in order: the same columns, codes in first-seen order, the same first problem.
    static func records(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, layout: Layout, options: ReadOptions,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Records {
        var out: Records?
        var position = start
        try forEachPart(all, from: start, line: line, layout: layout, options: options) { part in
            position += part.bytes
            defer { progress?(position, out?.rows ?? 0) }
            guard out != nil else {
                // Room for the whole file at the first stretch's rows per byte, so that the columns
                // are not copied as they grow.
                let expected = Double(part.rows) * Double(all.count - start) / Double(max(part.bytes, 1))
                out = part
                out?.reserveCapacity(Int(min(expected * 1.02, Double(Int32.max))))
                return
            }
            out?.append(part)
        }
        return out ?? Records(layout)
    }

    /// The records from byte `start` (file line `line`) to the end, handed to `body` a stretch at a
    /// time in file order. Cut just after line ends, the stretches are read in waves of one per core:
    /// each wave's stretches are first scanned in parallel for their line ends (to number their lines)
    /// and for quotes, then read in parallel. From the first stretch with a quote (a quoted field may
    /// hold a line end) the rest is read in one pass. No byte is touched before its wave, so the
    /// file's pages are resident a wave at a time.
    static func forEachPart(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, layout: Layout, options: ReadOptions,
        _ body: (Records) throws -> Void
    ) throws {
        let cuts = cutPoints(all, from: start, size: options.chunkSize)
        // One stretch needs neither its line ends counted nor a quote looked for.
        guard cuts.count > 1 else {
            try body(try read(all, start..<all.count, line: line, layout: layout, options: options))
            return
        }
        let wave = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var line = line
        for first in stride(from: 0, to: cuts.count, by: wave) {
            let batch = Array(cuts[first..<min(first + wave, cuts.count)])
            let scans = scanInParallel(all, batch)
            let quoted = scans.firstIndex { $0.quoted } ?? batch.count
            var numbered: [(range: Range<Int>, line: Int)] = []
            for (range, scan) in zip(batch, scans).prefix(quoted) {
                numbered.append((range, line))
                line += scan.lineEnds
            }
            if numbered.count > 1 {
                for part in readInParallel(all, numbered, layout, options) { try body(try part.get()) }
            } else if let only = numbered.first {
                try body(try read(all, only.range, line: only.line, layout: layout, options: options))
            }
            if quoted < batch.count {
                try body(
                    try read(all, batch[quoted].lowerBound..<all.count, line: line, layout: layout, options: options))
                return
            }
        }
    }

    /// Each stretch's records, read on its own thread, in stretch order.
    static func readInParallel(
        _ all: UnsafeBufferPointer<UInt8>, _ cuts: [(range: Range<Int>, line: Int)], _ layout: Layout,
        _ options: ReadOptions
    ) -> [Result<Records, Error>] {
        let shared = SharedBytes(buffer: all)
        let unread = Result<Records, Error>.failure(DataError("\(layout.source): a chunk was not read"))
        return inParallel(cuts.count, failure: unread) { k in
            Result { try read(shared.buffer, cuts[k].range, line: cuts[k].line, layout: layout, options: options) }
        }
    }

    /// How many line ends a stretch holds and whether it holds a quote.
    struct Scan {
        var lineEnds = 0
        var quoted = false
    }

    /// Each stretch scanned on its own thread, in stretch order.
    static func scanInParallel(_ all: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>]) -> [Scan] {
        let shared = SharedBytes(buffer: all)
        return inParallel(ranges.count, failure: Scan(quoted: true)) { k in
            let bytes = UnsafeBufferPointer(rebasing: shared.buffer[ranges[k]])
            var scan = Scan()
            scan.lineEnds = countBytes(UInt8(ascii: "\n"), in: bytes)
            scan.quoted = bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\"")), bytes.count) != nil } ?? false
            return scan
        }
    }

    /// `work(k)` for k in 0..<count on all cores, the results in order; `failure` fills a slot that
    /// was not reached (none is, but the slots need a value).
    static func inParallel<T>(_ count: Int, failure: T, _ work: @Sendable (Int) -> T) -> [T] {
        var results = [T](repeating: failure, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            // Each iteration writes only its own slot.
            let slotAddress = Int(bitPattern: slots.baseAddress)
            DispatchQueue.concurrentPerform(iterations: count) { k in
                let slot = UnsafeMutablePointer<T>(bitPattern: slotAddress)
                slot?.advanced(by: k).pointee = work(k)
            }
        }
        return results
    }

    /// The file's bytes, shared read-only by the threads of a wave.
    struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
    }

    /// Cut points just after line ends, about `size` bytes apart (one stretch for data under twice
    /// `size`); only the bytes around each cut are looked at.
    static func cutPoints(_ all: UnsafeBufferPointer<UInt8>, from start: Int, size: Int) -> [Range<Int>] {
        guard all.count - start >= 2 * size else { return [start..<all.count] }
        var cuts: [Range<Int>] = []
        var from = start
        while from < all.count {
            var to = min(from + size, all.count)
            while to < all.count && all[to - 1] != UInt8(ascii: "\n") { to += 1 }
            cuts.append(from..<to)
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
        var fields: [FieldCursor.Field] = []
        fields.reserveCapacity(layout.header.count + 1)
        let active = layout.active
        // The fields after the last one read are only counted.
        let wanted = max(1, (active.last?.column ?? 0) + 1)
        while try reader.nextRecord(into: &fields, wanted: wanted) {
            let line = reader.recordLine
            if out.rows & 4095 == 0 { pages.release(before: reader.position) }
            let count = fields.count + reader.skippedFields
            guard count == layout.header.count else {
                throw DataError(
                    "\(layout.source):\(line): expected \(layout.header.count) fields as in the header, got \(count)"
                )
            }
            if options.keepsLines { out.lines.append(line) }
            out.rows += 1
            try readRecord(fields, line: line, reader: reader, layout: layout, active: active, into: &out)
        }
        pages.release(before: bytes.count, all: true)
        out.bytes = bytes.count
        return out
    }

    @inline(__always)
    static func readRecord(
        _ fields: [FieldCursor.Field], line: Int, reader: FieldCursor, layout: Layout,
        active: [(column: Int, role: Role)], into out: inout Records
    ) throws {
        for (c, role) in active {
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
        rows += part.rows
        for k in numbers.indices { numbers[k].append(contentsOf: part.numbers[k]) }
        for (t, mapped) in absorbTables(part).enumerated() { codes[t] += mapped }
    }

    mutating func reserveCapacity(_ rows: Int) {
        if !lines.isEmpty { lines.reserveCapacity(rows) }
        for k in numbers.indices { numbers[k].reserveCapacity(rows) }
        for t in codes.indices { codes[t].reserveCapacity(rows) }
    }

    /// A later chunk's reports added up and its distinct values taken into this table, without its
    /// rows; returns its codes mapped into this table.
    mutating func absorbTables(_ part: TypedCSVReader.Records) -> [[Int32]] {
        for k in reports.indices { reports[k].absorb(part.reports[k]) }
        return codes.indices.map { t in
            let mapping = interners[t].absorb(part.interners[t])
            return part.codes[t].map { $0 < 0 ? -1 : mapping[Int($0)] }
        }
    }
}
