import Foundation

extension TypedCSVReader {
    /// Stretches of a file read on background threads and handed on in stretch order (`next`): a
    /// worker takes the next stretch as soon as it is free and fewer than `window` stretches are read
    /// or being read and not yet handed on. The cores keep reading while the caller takes in a stretch
    /// (however long that takes), and at most `window` stretches' records are held besides the one
    /// handed on.
    final class StretchPipeline: @unchecked Sendable {
        /// A stretch's state: not read yet, read (nil: it holds a quote and was not read).
        private enum Slot {
            case pending
            case done(Result<Records, Error>?)
        }

        private let ranges: [Range<Int>]
        private let read: @Sendable (Range<Int>) -> Result<Records, Error>?
        private var slots: [Slot]
        private let ready: [DispatchSemaphore]
        private let room: DispatchSemaphore
        private let workers: Int
        private let lock = NSLock()
        private let running = DispatchGroup()
        /// Stretches taken by a worker, and handed on by `next`.
        private var taken = 0
        private var handed = 0
        private var stopped = false

        /// Starts `workers` threads reading `ranges` with `read`.
        init(
            ranges: [Range<Int>], workers: Int, window: Int,
            read: @escaping @Sendable (Range<Int>) -> Result<Records, Error>?
        ) {
            self.ranges = ranges
            self.read = read
            self.workers = workers
            slots = [Slot](repeating: .pending, count: ranges.count)
            ready = ranges.map { _ in DispatchSemaphore(value: 0) }
            room = DispatchSemaphore(value: window)
            for _ in 0..<workers {
                running.enter()
                DispatchQueue.global().async { [self] in
                    work()
                    running.leave()
                }
            }
        }

        private func work() {
            while true {
                room.wait()
                guard let k = claim() else {
                    room.signal()
                    return
                }
                let result = read(ranges[k])
                lock.withLock { slots[k] = .done(result) }
                ready[k].signal()
            }
        }

        /// The next stretch for a worker; nil once all are taken or the pipeline is stopped.
        private func claim() -> Int? {
            lock.withLock {
                guard !stopped, taken < ranges.count else { return nil }
                defer { taken += 1 }
                return taken
            }
        }

        /// The next stretch's records in stretch order, once read; nil for a stretch with a quote.
        /// Called at most once per stretch, from one thread.
        func next() -> Result<Records, Error>? {
            let k = handed
            handed += 1
            ready[k].wait()
            let slot = lock.withLock {
                defer { slots[k] = .pending }
                return slots[k]
            }
            room.signal()
            guard case .done(let result) = slot else { return nil }
            return result
        }

        /// Starts no further stretch, and returns once the workers are done with those they read.
        /// The room of the stretches read and not handed on is given back (a semaphore must not be
        /// let go of below its initial value).
        func stop() {
            lock.withLock { stopped = true }
            for _ in 0..<workers { room.signal() }
            running.wait()
            for _ in handed..<taken { room.signal() }
            handed = taken
        }
    }
}
