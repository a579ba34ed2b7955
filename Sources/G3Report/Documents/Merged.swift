/// Two documents written as one JSON object: the keys of `base`, then those of `extra` (their keys
/// must differ). A stored estimate is an estimate plus where it was stored; a cluster's estimate is
/// an estimate plus its Holm p-value.
public struct Merged<Base: Codable & Sendable, Extra: Codable & Sendable>: Codable, Sendable {
    public var base: Base
    public var extra: Extra

    public init(_ base: Base, _ extra: Extra) {
        self.base = base
        self.extra = extra
    }

    public init(from decoder: Decoder) throws {
        base = try Base(from: decoder)
        extra = try Extra(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try base.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}
