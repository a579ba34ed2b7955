import Dispatch
import Foundation

/// Independent work items spread over threads, results in item order. Each item must depend only on
/// its index (give it its own seeded generator), so the results are the same whatever the number
/// of threads.
public enum Parallel {
    private final class Store<T>: @unchecked Sendable {
        var values: [T?]
        var error: Error?
        let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }
    }

    /// Threads to use: the environment's G3_THREADS, else the active processors.
    public static var threads: Int {
        if let text = ProcessInfo.processInfo.environment["G3_THREADS"], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// body(i) for i in 0..<count, in contiguous chunks, one chunk per thread.
    public static func map<T>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let workers = min(threads, count)
        guard workers > 1 else { return try (0..<count).map(body) }
        let store = Store<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let start = w * count / workers
            let end = (w + 1) * count / workers
            for i in start..<end {
                do {
                    let value = try body(i)
                    store.lock.lock()
                    store.values[i] = value
                    store.lock.unlock()
                } catch {
                    store.lock.lock()
                    if store.error == nil { store.error = error }
                    store.lock.unlock()
                    return
                }
            }
        }
        if let error = store.error { throw error }
        return store.values.map { $0! }
    }
}
