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
        /// The byte columns' names, in their order (`Role.bytes`' index).
        var byteNames: [String] = []
    }

    struct ReadOptions: Sendable {
        var releasingPages: Bool
        var releaseStep: Int
        /// Data of at least twice this many bytes are read in parallel chunks of about this size.
        var chunkSize: Int
        /// Whether each record's file line is kept (8 bytes a record).
        var keepsLines = true
        /// Whether a stretch without quotes and carriage returns is read by `readPlain` (tests compare
        /// it with the field-by-field read).
        var readsPlain = true
    }

    /// The columns of a stretch of records.
    struct Records {
        var numbers: [NumberColumn]
        var reports: [CoercionReport]
        var codes: [[Int32]]
        var interners: [Interner]
        var byteColumns: [ByteValues]
        /// The file line of each record; empty when the read keeps no lines (`ReadOptions.keepsLines`).
        var lines: [Int] = []
        var rows = 0
        /// How many bytes the records span.
        var bytes = 0
        /// How many lines the records span (their line ends).
        var lineEnds = 0

        init(_ layout: Layout) {
            numbers = [NumberColumn](repeating: [], count: layout.numeric.count)
            reports = layout.numeric.map { CoercionReport(column: $0) }
            codes = [[Int32]](repeating: [], count: layout.text)
            interners = [Interner](repeating: Interner(), count: layout.text)
            byteColumns = [ByteValues](repeating: ByteValues(), count: layout.byteNames.count)
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
    /// time in file order. Cut just after line ends, the stretches are read in waves of one per core,
    /// each as if it began on line 1; its lines are then moved by the lines of the stretches before it.
    /// While `body` takes in one wave, the next is read (so the cores do not wait for `body`). A
    /// stretch that fails is read again on its own true line, so that its error names that line.
    /// From the first stretch with a quote (a quoted field may hold a line end, so a cut may fall
    /// inside one) the rest is read in one pass. No byte is touched before its wave, so the file's
    /// pages are resident two waves at a time.
    static func forEachPart(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, layout: Layout, options: ReadOptions,
        _ body: (Records) throws -> Void
    ) throws {
        let wave = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Data under two stretches is still cut, into one stretch a core (of at least 1 MB).
        let size = min(options.chunkSize, max(1 << 20, (all.count - start) / wave))
        let cuts = cutPoints(all, from: start, size: size, multipleOf: wave)
        // One stretch needs neither its lines moved nor a quote looked for.
        guard cuts.count > 1 else {
            try body(try read(all, start..<all.count, line: line, layout: layout, options: options))
            return
        }
        let waves = stride(from: 0, to: cuts.count, by: wave).map { Array(cuts[$0..<min($0 + wave, cuts.count)]) }
        var next: WaveRead? = WaveRead(all, waves[0], layout, options)
        // A wave still being read when `body` fails is waited for: it reads the caller's bytes.
        defer { next?.wait() }
        var line = line
        for w in waves.indices {
            let parts = next?.wait() ?? []
            next = w + 1 < waves.count ? WaveRead(all, waves[w + 1], layout, options) : nil
            for (range, part) in zip(waves[w], parts) {
                guard let part else {
                    next?.wait()
                    next = nil
                    try body(try read(all, range.lowerBound..<all.count, line: line, layout: layout, options: options))
                    return
                }
                var records: Records
                switch part {
                case .success(let read):
                    records = read
                    records.moveLines(by: line - 1)
                case .failure:
                    records = try read(all, range, line: line, layout: layout, options: options)
                }
                line += records.lineEnds
                try body(records)
            }
        }
    }

    /// One wave of stretches read on all cores in the background (`readInParallel`), until `wait`.
    final class WaveRead: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var parts: [Result<Records, Error>?] = []
        private var waited = false

        init(_ all: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], _ layout: Layout, _ options: ReadOptions) {
            let shared = SharedBytes(buffer: all)
            DispatchQueue.global().async { [self] in
                parts = TypedCSVReader.readInParallel(shared.buffer, ranges, layout, options)
                done.signal()
            }
        }

        /// The wave's parts, in stretch order, once read; empty after the first call.
        @discardableResult
        func wait() -> [Result<Records, Error>?] {
            guard !waited else { return [] }
            waited = true
            done.wait()
            defer { parts = [] }
            return parts
        }
    }

    /// Each stretch's records, read on its own thread from line 1, in stretch order; nil for a stretch
    /// with a quote, which is not read.
    static func readInParallel(
        _ all: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], _ layout: Layout, _ options: ReadOptions
    ) -> [Result<Records, Error>?] {
        let shared = SharedBytes(buffer: all)
        return inParallel(ranges.count, failure: nil) { k in
            let bytes = UnsafeBufferPointer(rebasing: shared.buffer[ranges[k]])
            if holds(0x22, bytes) { return nil }
            return Result {
                try read(shared.buffer, ranges[k], line: 1, layout: layout, options: options, quoteFree: true)
            }
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

    /// Cut points just after line ends, at most about `size` bytes apart (one stretch for data under
    /// twice `size`), in a multiple of `multipleOf` stretches of equal size, so that every wave keeps
    /// every core busy; only the bytes around each cut are looked at.
    static func cutPoints(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, size: Int, multipleOf cores: Int = 1
    ) -> [Range<Int>] {
        let total = all.count - start
        guard total >= 2 * size else { return [start..<all.count] }
        let stretches = (total + size - 1) / size
        let balanced = (stretches + cores - 1) / cores * cores
        let step = (total + balanced - 1) / balanced
        var cuts: [Range<Int>] = []
        var from = start
        while from < all.count {
            var to = min(from + step, all.count)
            while to < all.count && all[to - 1] != UInt8(ascii: "\n") { to += 1 }
            cuts.append(from..<to)
            from = to
        }
        return cuts
    }

    /// The records of `all[range]`, whose first byte is on file line `line`.
    static func read(
        _ all: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, layout: Layout, options: ReadOptions,
        quoteFree: Bool = false
    ) throws -> Records {
        let bytes = UnsafeBufferPointer(rebasing: all[range])
        if options.readsPlain, isPlain(bytes, quoteFree: quoteFree) {
            return try readPlain(bytes, line: line, layout: layout, options: options)
        }
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
        out.lineEnds = reader.line - line
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
                    out.numbers[k].append(number(trimmed(raw), line: line, report: &out.reports[k]))
                }
            case .text(let k):
                reader.withField(fields[c]) { raw in
                    let field = trimmed(raw)
                    out.codes[k].append(isMissing(field) ? -1 : out.interners[k].code(field))
                }
                if out.interners[k].invalid { throw invalidUTF8(layout.source, line, layout.header[c]) }
            case .both(let k, let t):
                reader.withField(fields[c]) { raw in
                    let field = trimmed(raw)
                    out.numbers[k].append(number(field, line: line, report: &out.reports[k]))
                    out.codes[t].append(isMissing(field) ? -1 : out.interners[t].code(field))
                }
                if out.interners[t].invalid { throw invalidUTF8(layout.source, line, layout.header[c]) }
            case .bytes(let k):
                reader.withField(fields[c]) { raw in out.byteColumns[k].append(trimmed(raw)) }
                if out.byteColumns[k].invalid { throw invalidUTF8(layout.source, line, layout.header[c]) }
            }
        }
    }

}

extension TypedCSVReader.Records {
    /// The records' lines, and those their reports name, moved down by `offset` lines.
    mutating func moveLines(by offset: Int) {
        guard offset != 0 else { return }
        for i in lines.indices { lines[i] += offset }
        for k in reports.indices { reports[k].moveLines(by: offset) }
    }

    /// A later chunk's records joined on: columns appended, its codes mapped into this table (so codes
    /// keep first-seen order), reports added up.
    mutating func append(_ part: TypedCSVReader.Records) {
        lines += part.lines
        rows += part.rows
        for k in numbers.indices { numbers[k].append(contentsOf: part.numbers[k]) }
        for k in byteColumns.indices { byteColumns[k].append(contentsOf: part.byteColumns[k]) }
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
