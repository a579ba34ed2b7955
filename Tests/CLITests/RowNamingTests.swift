import Foundation
import G3Data
import PropertyBased
import Testing

@testable import g3_design

/// Issue 17, item 3: an error in the rows a server sent names the row by its key (the rows have no
/// lines of their own), and a message that names no row of them stays as it was.
@Suite struct RowNamingTests {
    /// Lines 1–6: the header, a record on line 2, one on lines 3–4 (a quoted line break), one on 5.
    static let rows = Data("id,month,note\n a ,2025-01,x\nb,2025-02,\"two\nlines\"\n,2025-03,y\n".utf8)
    let naming = RowNaming(label: "postgresql table t", rows: Self.rows, keys: ["id", "month", "absent"])

    func named(_ message: String) -> String {
        String(describing: naming.named(DataError(message)))
    }

    @Test func aRowIsNamedByItsKeyColumns() {
        #expect(
            named("postgresql table t:2: column 'month': bad")
                == "postgresql table t, row id = 'a', month = '2025-01' (line 2 of the rows sent): column 'month': bad")
        #expect(
            named("postgresql table t:3: x")
                == "postgresql table t, row id = 'b', month = '2025-02' (line 3 of the rows sent): x")
        #expect(
            named("postgresql table t:5: y")
                == "postgresql table t, row id empty, month = '2025-03' (line 5 of the rows sent): y")
    }

    @Test func aMessageThatNamesNoRowStays() {
        for message in [
            "postgresql table t:1: the header", "postgresql table t:4: inside a quoted field",
            "postgresql table t:6: past the end", "postgresql table t: no line", "postgresql table t:2 no colon",
            "postgresql table tt:2: another source", "other:2: x", "postgresql table t:99999999999999999999999: x", ""
        ] {
            #expect(named(message) == message)
        }
        let other = ValidationErrorStandIn()
        #expect(naming.named(other) is ValidationErrorStandIn)
        let keyless = RowNaming(label: "postgresql table t", rows: Self.rows, keys: ["absent"])
        #expect(String(describing: keyless.named(DataError("postgresql table t:2: x"))) == "postgresql table t:2: x")
    }

    struct ValidationErrorStandIn: Error {}

    /// The reader's own errors, as `WarehousePanel` reads the rows: a bad month names its account.
    @Test func thePanelReadersErrorsNameTheAccount() throws {
        let rows = Data("id,month,engaged,revenue\na,2025-01-01,,1\nb,2025-13-45,,2\n".utf8)
        let columns = PanelColumns(
            unit: "id", month: "month", engagement: "engaged", engagementType: "type", numeric: ["revenue"],
            labels: [], outcomes: ["revenue"])
        let naming = RowNaming(label: "postgresql query q.sql", rows: rows, keys: ["id", "month"])
        #expect {
            try naming.naming {
                try PanelInput(
                    file: try TypedCSVReader.File(data: rows, source: "postgresql query q.sql"), columns: columns,
                    missing: .missing, controlReference: nil)
            }
        } throws: { error in
            String(describing: error).hasPrefix(
                "postgresql query q.sql, row id = 'b', month = '2025-13-45' (line 3 of the rows sent): column 'month'")
        }
    }

    /// Whatever the rows and the message, naming never traps: the message stays, or names a row.
    @Test func hostileRowsAndMessagesNeverTrap() {
        let pieces = ["id", ",", ",", "\n", "\n", "\"", "\"\"", "a", "1", "\r\n", "é", "\u{FEFF}"]
        let texts = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...40).map { $0.map { pieces[$0] }.joined() }
        var rng = Xoshiro(seed: (20261202, 17, 3, 1))
        for _ in 0..<2_000 {
            let rows = Data(texts.run(using: &rng).utf8)
            let line = Int.random(in: -1...12, using: &rng)
            let message = "t:\(line): \(texts.run(using: &rng))"
            let named = String(
                describing: RowNaming(label: "t", rows: rows, keys: ["id", "a"]).named(DataError(message)))
            #expect(named == message || named.hasPrefix("t, row "), "\(named)")
        }
    }
}
