// glibc's allocator settings (mallopt), for g3-design's `reuseFreedMemory`; empty elsewhere.
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
