using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// <c>madvise</c> on Linux, as advice only (false where unsupported or refused; nothing else happens then):
/// <list type="bullet">
/// <item><see cref="ReleaseReadOnlyPages"/> (<c>MADV_DONTNEED</c>) drops pages of a read-only file mapping from this
/// process's page tables (and so from its resident set) while they stay in the kernel's page cache; a later read faults
/// them back in unchanged. Used when the trainer has cached what it needs from a memory-mapped feature file.</item>
/// <item><see cref="WillNeed"/> (<c>MADV_WILLNEED</c>): the kernel starts reading a mapped range in large requests
/// instead of one small read per page fault.</item>
/// <item><see cref="HugePages"/> (<c>MADV_HUGEPAGE</c>): transparent huge pages for anonymous memory, where the kernel
/// gives them only on request.</item>
/// </list>
/// </summary>
internal static unsafe partial class MemoryAdvice
{
    private const int DontNeed = 4; // MADV_DONTNEED on Linux
    private const int WillNeedAdvice = 3; // MADV_WILLNEED on Linux
    private const int HugePageAdvice = 14; // MADV_HUGEPAGE on Linux

    /// <summary>[<paramref name="address"/>, +<paramref name="length"/>) of a read-only mapping is not needed now (the
    /// range widened to whole pages).</summary>
    public static bool ReleaseReadOnlyPages(void* address, long length) => Advise(address, length, DontNeed, widen: true);

    /// <summary>[<paramref name="address"/>, +<paramref name="length"/>) of a mapping will be read soon (widened to whole pages).</summary>
    public static bool WillNeed(void* address, long length) => Advise(address, length, WillNeedAdvice, widen: true);

    /// <summary>Huge pages for the whole pages inside [<paramref name="address"/>, +<paramref name="length"/>) of anonymous memory.</summary>
    public static bool HugePages(void* address, long length) => Advise(address, length, HugePageAdvice, widen: false);

    /// <summary>The advice on the range's pages: all it touches (<paramref name="widen"/>) or only those wholly inside it
    /// (advice that changes how memory is backed must not reach memory the caller does not own).</summary>
    private static bool Advise(void* address, long length, int advice, bool widen)
    {
        if (!OperatingSystem.IsLinux() || length <= 0) return false;
        long page = Environment.SystemPageSize, first = (long)address, last = first + length;
        long start = widen ? first & ~(page - 1) : (first + page - 1) & ~(page - 1);
        long end = widen ? (last + page - 1) & ~(page - 1) : last & ~(page - 1);
        return end > start && Madvise((void*)start, (nuint)(end - start), advice) == 0;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
