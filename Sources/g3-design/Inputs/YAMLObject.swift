import Foundation
import Yams

/// A YAML mapping read key by key, so every error names the file, line and key path and says what
/// was expected: "designs/x.yaml:14: arms[1].share: expected a number, got 'half'".
struct YAMLObject {
    let file: String
    let path: String
    let mapping: Node.Mapping

    /// Parses `text` and requires a mapping at the top.
    init(text: String, file: String) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw Self.describe(error, text: text, file: file)
        }
        guard let mapping = node?.mapping else {
            throw DesignFileError("\(file): expected a mapping of keys (kind, id, …) at the top")
        }
        self.init(file: file, path: "", mapping: mapping)
    }

    /// Reads and parses a YAML file.
    init(contentsOf file: String) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DesignFileError("\(file): cannot read the file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), file: file)
    }

    /// One line for a YAML syntax error: file, line and what is wrong, never the file echoed back.
    static func describe(_ error: Error, text: String, file: String) -> DesignFileError {
        switch error {
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let uses = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("\(key):") }
            let line = uses.count > 1 ? uses[1] + 1 : context.mark.line
            return DesignFileError(
                "\(file):\(line): duplicate key '\(key)' (first on line \((uses.first ?? 0) + 1)); each key may appear once"
            )
        case YamlError.scanner(_, let problem, let mark, _), YamlError.parser(_, let problem, let mark, _),
            YamlError.composer(_, let problem, let mark, _):
            return DesignFileError("\(file):\(mark.line):\(mark.column): not valid YAML: \(problem)")
        default:
            return DesignFileError(
                "\(file): not valid YAML: \(String(describing: error).split(whereSeparator: \.isNewline).first ?? "")")
        }
    }

    private init(file: String, path: String, mapping: Node.Mapping) {
        self.file = file
        self.path = path
        self.mapping = mapping
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String?, _ message: String, at node: Node? = nil) -> DesignFileError {
        let line = (node?.mark ?? mapping.mark).map { ":\($0.line)" } ?? ""
        let where_ = key.map(keyPath) ?? (path.isEmpty ? "" : path)
        return DesignFileError("\(file)\(line): \(where_.isEmpty ? "" : where_ + ": ")\(message)")
    }

    /// Refuses keys outside `allowed`, so a typo is never silently ignored.
    func rejectUnknownKeys(_ allowed: [String]) throws {
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw error(
                    nil, "unknown key '\(key.string ?? "?")'; allowed keys: \(allowed.joined(separator: ", "))", at: key
                )
            }
        }
    }

    subscript(key: String) -> Node? { mapping[Node(key)] }

    func string(_ key: String) throws -> String? {
        guard let node = self[key] else { return nil }
        guard let scalar = node.scalar, !scalar.string.isEmpty else { throw error(key, "expected text", at: node) }
        return scalar.string
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw error(key, "is required") }
        return value
    }

    func number(_ key: String) throws -> Double? {
        guard let node = self[key] else { return nil }
        guard let text = node.scalar?.string, let value = Double(text), value.isFinite else {
            throw error(key, "expected a number, got '\(node.scalar?.string ?? "a list or mapping")'", at: node)
        }
        return value
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let node = self[key] else { return nil }
        guard let text = node.scalar?.string, let value = Int(text), range.contains(value) else {
            throw error(
                key,
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(node.scalar?.string ?? "a list or mapping")'",
                at: node)
        }
        return value
    }

    func bool(_ key: String) throws -> Bool? {
        guard let node = self[key] else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            throw error(key, "expected true or false, got '\(node.scalar?.string ?? "a list or mapping")'", at: node)
        }
    }

    /// One of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, of type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw error(
                key, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'",
                at: self[key])
        }
        return value
    }

    func strings(_ key: String) throws -> [String]? {
        guard let node = self[key] else { return nil }
        guard let sequence = node.sequence else { throw error(key, "expected a list, e.g. [a, b]", at: node) }
        var seen = Set<String>()
        return try sequence.enumerated().map { index, item in
            guard let text = item.scalar?.string, !text.isEmpty else {
                throw error("\(key)[\(index)]", "expected text", at: item)
            }
            guard seen.insert(text).inserted else {
                throw error("\(key)[\(index)]", "'\(text)' is listed twice", at: item)
            }
            return text
        }
    }

    func object(_ key: String) throws -> YAMLObject? {
        guard let node = self[key] else { return nil }
        guard let mapping = node.mapping else { throw error(key, "expected a mapping of keys", at: node) }
        return YAMLObject(file: file, path: keyPath(key), mapping: mapping)
    }

    func objects(_ key: String) throws -> [YAMLObject]? {
        guard let node = self[key] else { return nil }
        guard let sequence = node.sequence else { throw error(key, "expected a list of mappings", at: node) }
        return try sequence.enumerated().map { index, item in
            guard let mapping = item.mapping else {
                throw error("\(key)[\(index)]", "expected a mapping of keys", at: item)
            }
            return YAMLObject(file: file, path: "\(keyPath(key))[\(index)]", mapping: mapping)
        }
    }
}

/// A design file that cannot be used, as one sentence that names the file, line and key.
struct DesignFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
