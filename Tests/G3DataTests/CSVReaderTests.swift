import Foundation
import Testing
@testable import G3Data

@Suite struct CSVReaderTests {
    func parse(_ text: String) throws -> CSVTable { try CSVReader.parse(Data(text.utf8), source: "t.csv") }

    @Test func quotedFieldsCRLFAndBOM() throws {
        let table = try CSVReader.parse(
            Data([0xEF, 0xBB, 0xBF] + Array("id,name,n\r\n1,\"Doe, \"\"J\"\"\",3\r\n\r\n2,\"two\nlines\",\r\n".utf8)),
            source: "t.csv")
        #expect(table.header == ["id", "name", "n"])
        #expect(table.rows == [["1", "Doe, \"J\"", "3"], ["2", "two\nlines", ""]])
        #expect(table.lines == [2, 4])
        #expect(try table.number(row: 1, column: 2) == nil)
    }

    @Test func missingTokens() {
        for token in ["", "NULL", "null", "nan", "NaN", "NA", " "] { #expect(CSVTable.isMissing(token)) }
        for token in ["0", "N/A", "none"] { #expect(!CSVTable.isMissing(token)) }
    }

    @Test func errorsNameFileLineAndColumn() throws {
        #expect(throws: DataError("t.csv:3: expected 2 fields as in the header, got 3")) {
            try parse("a,b\n1,2\n1,2,3\n")
        }
        let table = try parse("id,value\nx,1\ny,abc\n")
        #expect(throws: DataError("t.csv:3: column 'value': expected a number, got 'abc'")) {
            try table.number(row: 1, column: 1)
        }
        #expect(throws: DataError("t.csv: no column 'unit'; the columns are id, value")) { try table.column("unit") }
        #expect(throws: DataError("t.csv:3: column 'id': duplicate id 'x' (first on line 2)")) {
            try parse("id\nx\nx\n").uniqueIDs(column: 0)
        }
        #expect(throws: DataError("t.csv:2: a quoted field is not closed before the end of the file")) {
            try parse("a\n\"x\n")
        }
        #expect(throws: DataError("t.csv: the file is empty; expected a header line")) { try parse("") }
    }

    @Test func fingerprintIsSHA256() {
        // FIPS 180-2 test vector: SHA-256("abc").
        #expect(Fingerprint.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
