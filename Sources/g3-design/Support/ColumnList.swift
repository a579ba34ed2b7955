import ArgumentParser
import Foundation
import G3Data
import G3Observational
import G3Report
import G3Stats

/// A comma-separated list of column names.
func columnList(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
}
