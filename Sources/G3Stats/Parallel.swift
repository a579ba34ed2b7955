import Dispatch
import Foundation

/// Independent work items spread over threads, results in item order. Each item must depend only on
/// its index (give it its own seeded generator), so the results are the same whatever the number
/// of threads.
public enum Parallel {
    /// The results, and the next item to hand out.
    private final class Store<T>: @unchecked Sendable {
        private(set) var values: [T?]
        private var next = 0
        private let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }

        /// The next item no thread has taken, if any.
        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < values.count else { return nil }
            next += 1
            return next - 1
        }

        func put(_ value: T, at i: Int) {
            lock.lock()
            values[i] = value
            lock.unlock()
        }
    }

    /// Threads to use: the environment's G3_THREADS, else the active processors.
    public static var threads: Int {
        if let text = ProcessInfo.processInfo.environment["G3_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The lowest index whose item failed so far, shared by the threads.
    private final class FirstFailure: @unchecked Sendable {
        private var index = Int.max
        private let lock = NSLock()

        func precedes(_ i: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return index < i
        }

        func note(_ i: Int) {
            lock.lock()
            index = min(index, i)
            lock.unlock()
        }
    }

    /// body(i) for i in 0..<count on the threads, each item to the first free thread. The error thrown is that
    /// of the first item by index that fails, whatever the threads: once an item fails, the items after
    /// it are skipped, and those before it still run.
    public static func map<T>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let failure = FirstFailure()
        let results = values(count) { i -> Result<T, Error>? in
            guard !failure.precedes(i) else { return nil }
            let result = Result { try body(i) }
            if case .failure = result { failure.note(i) }
            return result
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for result in results {
            // A skipped item follows a failed one, whose error is thrown first.
            guard let result else { continue }
            values.append(try result.get())
        }
        return values
    }

    /// `first()` on this thread while `second()` runs on another (one after the other with one thread):
    /// for two steps that do not depend on each other. Both run to their end; the error thrown is
    /// `first`'s, else `second`'s.
    public static func pair<A, B>(_ first: () throws -> A, _ second: @escaping @Sendable () throws -> B) throws -> (
        A, B
    ) {
        let other = Slot<B>()
        let done = DispatchGroup()
        let beside = threads > 1
        if beside { DispatchQueue.global().async(group: done) { other.result = Result { try second() } } }
        let mine = Result { try first() }
        if beside { done.wait() } else { other.result = Result { try second() } }
        return (try mine.get(), try other.result.get())
    }

    /// A result written by one thread and read by another after a `DispatchGroup` wait (which the
    /// write precedes, so the placeholder is never read).
    private final class Slot<T>: @unchecked Sendable {
        var result: Result<T, Error> = .failure(CancellationError())
    }

    /// `body` over `pieces` consecutive ranges that split 0..<count, on threads, the results joined in
    /// order: for items too small to hand out one at a time.
    public static func joined<T>(_ count: Int, pieces: Int, _ body: @escaping @Sendable (Range<Int>) -> [T]) -> [T] {
        let pieces = max(1, min(pieces, count))
        return values(pieces) { k in body(count * k / pieces..<count * (k + 1) / pieces) }.flatMap { $0 }
    }

    /// The same for work that cannot fail.
    public static func values<T>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let workers = min(threads, count)
        guard workers > 1 else { return (0..<count).map(body) }
        let store = Store<T>(count: count)
        // Items are handed out one at a time, in index order, to whichever thread is free: items of
        // unequal cost (k-means restarts, placebo draws) keep every thread busy to the end.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = store.take() { store.put(body(i), at: i) }
        }
        // Every slot was filled by the loop above.
        return store.values.compactMap { $0 }
    }
}
