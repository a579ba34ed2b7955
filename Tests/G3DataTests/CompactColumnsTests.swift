import Foundation
import Testing

@testable import G3Data

/// Issue 17, item 1 (part): columns that keep a panel's values in 8 bytes (numbers), 4 bytes
/// (labels) and 2 bytes (months) a row, and a reader that gives a mapped file's pages back as it
/// passes them.
@Suite struct CompactColumnsTests {
    @Test func numberAndLabelColumnsReadAsOptionals() {
        var numbers = NumberColumn([1.5, nil, -0.0, 1e150])
        #expect(Array(numbers) == [1.5, nil, -0.0, 1e150])
        numbers[1] = 2
        numbers[0] = nil
        numbers.append(nil)
        #expect(Array(numbers) == [nil, 2, -0.0, 1e150, nil])
        #expect(numbers.gathered([4, 1]) == [nil, 2])
        let labels = LabelColumn(["MM", nil, "SMB", "MM"])
        #expect(Array(labels) == ["MM", nil, "SMB", "MM"] && labels.levels == ["MM", "SMB"])
        #expect(Array(labels.gathered([3, 1])) == ["MM", nil])
    }

    /// Pages given back while reading (here every 64 KB) come back from the file when the same mapping
    /// is read again, so both reads are the same.
    /// Months as 2-byte offsets while they span at most 65,535 months, 4 bytes past that (a span
    /// given, or a month set beyond it), reading the same months either way.
    @Test func monthsAreOffsetsWhileTheyFit() {
        let dates = [24_300, 24_288, 24_311, 24_300]
        let compact = MonthColumn(dates)
        #expect(Array(compact) == dates && compact.wide.isEmpty && compact.offsets.count == 4)
        let far = [24_300, 24_300 + 70_000, -5]
        let wide = MonthColumn(far)
        #expect(Array(wide) == far && wide.offsets.isEmpty)
        var widened = MonthColumn(count: 3, span: 24_300...24_311)
        widened.set(0, to: 24_305)
        widened.set(1, to: 24_300 + 70_000)
        widened.set(2, to: 24_300)
        #expect(Array(widened) == [24_305, 24_300 + 70_000, 24_300] && widened.offsets.isEmpty)
        #expect(widened == MonthColumn([24_305, 24_300 + 70_000, 24_300]))
        #expect(compact != MonthColumn(dates.dropLast()))
    }

    @Test func releasedPagesReadAgainFromTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("g3-pages-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = (0..<60_000).map { i in "account-\(i % 5_000),\(Double(i) / 7),segment-\(i % 3)\n" }
        try ("id,x,label\n" + rows.joined()).write(to: url, atomically: true, encoding: .utf8)
        let mapped = try #require(TypedCSVReader.File.map(url.path))
        let read = {
            try mapped.withUnsafeBytes { raw in
                try TypedCSVReader.parse(
                    raw.bindMemory(to: UInt8.self), source: "pages.csv", numeric: ["x"], text: ["id", "label"],
                    purpose: { _ in "" }, releasingPages: true, releaseStep: 1 << 16)
            }
        }
        let first = try read()
        let second = try read()
        #expect(first.rowCount == 60_000)
        #expect(first.numbers["x"] == second.numbers["x"] && first.codes["id"] == second.codes["id"])
        #expect(first.numbers["x"]?[59_999] == 59_999.0 / 7)
        #expect(second.text("label", row: 59_999) == "segment-2")
        #expect(try TypedCSVReader.File(path: url.path).mapped)
    }
}
