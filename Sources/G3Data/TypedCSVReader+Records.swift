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
    /// time in file order. Cut just after line ends, the stretches are read on all cores
    /// (`StretchPipeline`, up to two a core ahead of `body`), each as if it began on line 1; its lines
    /// are then moved by the lines of the stretches before it. A stretch that fails is read again on
    /// its own true line, so that its error names that line. From the first stretch with a quote (a
    /// quoted field may hold a line end, so a cut may fall inside one) the rest is read in one pass.
    /// No byte is touched before its stretch is read, and each stretch gives its pages back as it
    /// goes, so that the file's pages are resident a few stretches at a time.
    static func forEachPart(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, layout: Layout, options: ReadOptions,
        _ body: (Records) throws -> Void
    ) throws {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Data under two stretches is still cut, into one stretch a core (of at least 1 MB).
        let size = min(options.chunkSize, max(1 << 20, (all.count - start) / cores))
        let cuts = cutPoints(all, from: start, size: size, multipleOf: cores)
        // One stretch needs neither its lines moved nor a quote looked for.
        guard cuts.count > 1 else {
            try body(try read(all, start..<all.count, line: line, layout: layout, options: options))
            return
        }
        let shared = SharedBytes(buffer: all)
        let pipeline = StretchPipeline(ranges: cuts, workers: cores, window: 2 * cores) { range in
            if holds(0x22, UnsafeBufferPointer(rebasing: shared.buffer[range])) { return nil }
            return Result {
                try read(shared.buffer, range, line: 1, layout: layout, options: options, quoteFree: true)
            }
        }
        // The stretches still being read when `body` fails are waited for: they read the caller's bytes.
        defer { pipeline.stop() }
        var line = line
        for range in cuts {
            guard let part = pipeline.next() else {
                pipeline.stop()
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

    /// The file's bytes, shared read-only by the threads that read its stretches.
    struct SharedBytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
    }

    /// Cut points just after line ends, at most about `size` bytes apart (one stretch for data under
    /// twice `size`), in a multiple of `multipleOf` stretches of equal size, so that the last ones
    /// keep every core busy to the end; only the bytes around each cut are looked at. The first
    /// stretches are an eighth, a quarter and a half of `size`, one a core each, so that the caller
    /// has its first stretch to take in after an eighth of the time a whole one takes.
    static func cutPoints(
        _ all: UnsafeBufferPointer<UInt8>, from start: Int, size: Int, multipleOf cores: Int = 1
    ) -> [Range<Int>] {
        let total = all.count - start
        guard total >= 2 * size else { return [start..<all.count] }
        let ramp = [size / 8, size / 4, size / 2].flatMap { repeatElement($0, count: cores) }
        let rest = total - ramp.reduce(0, +)
        let stretches = max(1, (rest + size - 1) / size)
        let balanced = (stretches + cores - 1) / cores * cores
        let steps = ramp + repeatElement((rest + balanced - 1) / balanced, count: balanced)
        var cuts: [Range<Int>] = []
        var from = start
        for step in steps where from < all.count {
            var to = min(from + max(step, 1), all.count)
            while to < all.count && all[to - 1] != UInt8(ascii: "\n") { to += 1 }
            cuts.append(from..<to)
            from = to
        }
        // The steps add up to at least `total` (a stretch ends at or after its step), so the last cut
        // reaches the end.
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
    /// rows; returns its codes mapped into this table (as they are where each of its values has the
    /// same code here: labels and months met in the same order, and the first chunk).
    mutating func absorbTables(_ part: TypedCSVReader.Records) -> [[Int32]] {
        for k in reports.indices { reports[k].absorb(part.reports[k]) }
        return codes.indices.map { t in
            let mapping = interners[t].absorb(part.interners[t])
            guard mapping.indices.contains(where: { mapping[$0] != $0 }) else { return part.codes[t] }
            return part.codes[t].map { $0 < 0 ? -1 : mapping[Int($0)] }
        }
    }
}
