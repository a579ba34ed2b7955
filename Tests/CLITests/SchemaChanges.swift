import Foundation

/// The documented changes from result schema 1 to 2 (docs/json.md), applied to a schema-1 document so
/// that a test can hold a schema-2 output against what the same command printed before the change.
enum SchemaChanges {
    /// Keys schema 2 adds to every estimate (one shape everywhere), and `schema_version`.
    static let addedKeys: Set<String> = [
        "schema_version", "outcome", "method", "estimand", "estimate", "se", "df", "ci_low", "ci_high", "p_value",
        "n_treated", "n_control", "relative", "se_method", "control_mean", "cohen_d", "bootstrap"
    ]
    static let methods = [
        "difference_in_means": "difference-in-means", "difference_in_means_pooled": "difference-in-means-pooled",
        "itt_takeup": "itt-takeup"
    ]

    /// A schema-1 value with schema 2's renamed keys and method names.
    static func upgrade(_ value: Any) -> Any {
        if let text = value as? String { return methods[text] ?? text }
        if let list = value as? [Any] { return list.map(upgrade) }
        guard var object = value as? [String: Any] else { return value }
        if object["estimate"] != nil, object["method"] != nil || object["estimate_id"] != nil {
            object["n_treated"] = object.removeValue(forKey: "n_treatment") ?? object["n_treated"]
            object["p_value"] = object.removeValue(forKey: "p") ?? object["p_value"]
            object["t"] = nil
        }
        if object["arm"] != nil || object["benchmark_estimate_id"] != nil {
            object["diagnostics"] = object.removeValue(forKey: "notes")
        }
        return object.mapValues(upgrade)
    }

    /// The differences between an upgraded schema-1 value and a schema-2 value, by key path: a key of
    /// `new` that `old` lacks must be one schema 2 adds; a diagnostic object stands for its message.
    static func differences(_ old: Any, _ new: Any, path: String = "") -> [String] {
        if let diagnostic = new as? [String: Any], Set(diagnostic.keys) == ["kind", "severity", "subject", "message"] {
            return differences(old, diagnostic["message"] ?? "", path: path)
        }
        if let a = old as? [String: Any], let b = new as? [String: Any] {
            var found = a.keys.filter { b[$0] == nil }.map { "\(path).\($0): removed" }
            found += b.keys.filter { a[$0] == nil && !addedKeys.contains($0) }.map { "\(path).\($0): added" }
            for key in a.keys where b[key] != nil {
                found += differences(a[key] ?? NSNull(), b[key] ?? NSNull(), path: "\(path).\(key)")
            }
            return found
        }
        if let a = old as? [Any], let b = new as? [Any] {
            guard a.count == b.count else { return ["\(path): \(a.count) items, now \(b.count)"] }
            return zip(a, b).enumerated().flatMap { differences($1.0, $1.1, path: "\(path)[\($0)]") }
        }
        return NSObject.isEqual(old as AnyObject, new as AnyObject) ? [] : ["\(path): \(old) → \(new)"]
    }
}

extension NSObject {
    /// JSON scalars compared as Foundation compares them (1 and 1.0 are equal; NSNull equals NSNull).
    static func isEqual(_ a: AnyObject, _ b: AnyObject) -> Bool {
        (a as? NSObject)?.isEqual(b) ?? false
    }
}
