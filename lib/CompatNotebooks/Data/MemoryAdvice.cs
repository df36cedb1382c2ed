using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// <c>madvise(MADV_DONTNEED)</c> for read-only file mappings: drops the pages from this process's page tables (and so
/// from its resident set) while they stay in the kernel's page cache; a later read faults them back in unchanged.
/// Used when the trainer has cached what it needs from a memory-mapped feature file.
/// </summary>
internal static unsafe partial class MemoryAdvice
{
    private const int DontNeed = 4; // MADV_DONTNEED on Linux
    private const int WillNeedAdvice = 3; // MADV_WILLNEED on Linux
    private const int HugePageAdvice = 14; // MADV_HUGEPAGE on Linux

    /// <summary>Advises that [<paramref name="address"/>, +<paramref name="length"/>) of a read-only mapping is not needed
    /// now; the range is widened to whole pages. Returns false where unsupported or refused (nothing else happens).</summary>
    public static bool ReleaseReadOnlyPages(void* address, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0) return false;
        long page = Environment.SystemPageSize;
        long start = (long)address & ~(page - 1);
        long end = ((long)address + length + page - 1) & ~(page - 1);
        return Madvise((void*)start, (nuint)(end - start), DontNeed) == 0;
    }

    /// <summary>Advises that [<paramref name="address"/>, +<paramref name="length"/>) of a read-only mapping will be read
    /// soon: the kernel starts reading it in large requests instead of one small read per page fault. Returns false where
    /// unsupported or refused (the faults then read the pages).</summary>
    public static bool WillNeed(void* address, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0) return false;
        long page = Environment.SystemPageSize;
        long start = (long)address & ~(page - 1);
        long end = ((long)address + length + page - 1) & ~(page - 1);
        return Madvise((void*)start, (nuint)(end - start), WillNeedAdvice) == 0;
    }

    /// <summary>Asks for transparent huge pages on [<paramref name="address"/>, +<paramref name="length"/>) of anonymous
    /// memory (where the kernel gives them only on request); false where unsupported or refused.</summary>
    public static bool HugePages(void* address, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0) return false;
        long page = Environment.SystemPageSize;
        long start = ((long)address + page - 1) & ~(page - 1);
        long end = ((long)address + length) & ~(page - 1);
        return end > start && Madvise((void*)start, (nuint)(end - start), HugePageAdvice) == 0;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
