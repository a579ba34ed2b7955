/// An input or result of the observational analysis that cannot be used, as one sentence.
public struct ObservationalError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
