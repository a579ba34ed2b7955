import CMalloc

/// Keeps freed memory in the process's heap for the next allocation. glibc maps every block over
/// 32 MB afresh and unmaps it when freed, so a panel's per-stretch buffers and per-step arrays came
/// back as new pages, each zeroed by the kernel on first touch (about 0.65 s a GB on the 2-core
/// virtual machine of `make bench`). With blocks mapped only from 128 MB on (a column of 16 million
/// rows), and the heap trimmed only past 2 GB free at its top, a freed block below that is reused as
/// it is: at 10× the values pass went from 1.12–1.15 s to 0.96–0.99 s. Blocks of 128 MB and more
/// (the columns of a panel of tens of millions of rows) are given back when freed, so that the
/// arrays a 100× read lets go of (4 bytes a record each) leave no memory behind. Only on Linux (glibc).
func reuseFreedMemory() {
    #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 128 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
    #endif
}

/// Gives the heap's free pages back to the kernel when more than 512 MB of it is free (after the read
/// of a panel of tens of millions of rows, the buffers of its stretches): glibc's `malloc_trim` releases
/// the whole free pages inside the heap too, not only at its top. Below that the free memory is kept
/// for the analysis to reuse. Only on Linux (glibc).
func releaseFreedMemory() {
    #if os(Linux)
        guard mallinfo2().fordblks > 512 << 20 else { return }
        _ = malloc_trim(0)
    #endif
}
