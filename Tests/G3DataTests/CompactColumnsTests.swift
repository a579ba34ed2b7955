import Foundation
import Testing

@testable import G3Data

/// Issue 17, item 1 (part): columns that keep a panel's values in 8 bytes (numbers) and 4 bytes
/// (labels) a row, and a reader that gives a mapped file's pages back as it passes them.
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
