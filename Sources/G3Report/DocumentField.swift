/// A field of a result document that g3-design built itself was missing or of another type: a bug in
/// g3-design, reported as an error (exit 70) instead of a trap.
public struct DocumentFieldError: Error, CustomStringConvertible {
    public let description: String
}

extension Dictionary where Key == String, Value == Any {
    /// The field `key` as a `T`, or a `DocumentFieldError` naming it.
    public func field<T>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = self[key] as? T else {
            throw DocumentFieldError(description: "internal: the result field '\(key)' is missing or not a \(T.self)")
        }
        return value
    }
}
