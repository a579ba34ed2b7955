import Foundation

/// Gives a mapped file's pages back to the kernel once the reader has passed them, so that reading a
/// file of gigabytes does not keep it all in the resident set. A file-backed mapping's pages are
/// dropped, not lost: touched again, they are read from the file again.
struct PageRelease {
    private let base: UInt
    private let end: UInt
    private var released: UInt
    private let enabled: Bool
    /// Release in steps of at least this many bytes (32 MB when reading a file).
    private let step: UInt
    private static let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))

    init(_ bytes: UnsafeBufferPointer<UInt8>, enabled: Bool, step: UInt) {
        self.step = step
        base = UInt(bitPattern: bytes.baseAddress)
        end = base + UInt(bytes.count)
        // The first whole page of the buffer.
        released = (base + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        self.enabled = enabled && bytes.baseAddress != nil
    }

    /// Releases the whole pages before byte `offset` (the start of a record not yet read), in steps;
    /// `all` releases them whatever their size (at the end of a stretch).
    mutating func release(before offset: Int, all: Bool = false) {
        guard enabled else { return }
        let upTo = (base + UInt(offset)) / Self.pageSize * Self.pageSize
        guard upTo > released, all || upTo - released >= step, upTo <= end,
            let start = UnsafeMutableRawPointer(bitPattern: released)
        else { return }
        _ = madvise(start, Int(upTo - released), Int32(MADV_DONTNEED))
        released = upTo
    }
}
