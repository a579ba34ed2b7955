import CMalloc

/// Keeps freed memory in the process's heap for the next allocation. glibc maps every block over
/// 32 MB afresh and unmaps it when freed, so a panel's per-stretch buffers and per-step arrays came
/// back as new pages, each zeroed by the kernel on first touch (about 0.65 s a GB on the 2-core
/// virtual machine of `make bench`). Without mapped blocks, and with the heap trimmed only past
/// 2 GB free at its top, a freed block is reused as it is: at 10× the values pass went from
/// 1.12–1.15 s to 0.96–0.99 s, at 100× (an unsorted file) `analyze` from 84 s to 70 s, for peak
/// memory 1–2% higher at 10×. Only on Linux (glibc).
func reuseFreedMemory() {
    #if os(Linux)
        _ = mallopt(M_MMAP_MAX, 0)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
    #endif
}
