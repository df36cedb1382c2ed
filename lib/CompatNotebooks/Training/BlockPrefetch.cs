using System.Runtime.InteropServices;

namespace CompatNotebooks.Training;

/// <summary>
/// <c>madvise(MADV_WILLNEED)</c> on the rows of a block of a memory-mapped feature file (or feature store): the kernel starts reading the
/// whole range in large sequential requests, instead of one small synchronous read per page fault of the kernels'
/// scattered row accesses. Advice only: where unsupported or refused nothing happens and the faults read the pages.
/// </summary>
internal static unsafe partial class BlockPrefetch
{
    private const int WillNeed = 3; // MADV_WILLNEED on Linux

    /// <summary>Advises that rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) of <paramref name="rows"/>
    /// will be read soon, when they are read in place from a mapping; returns whether the advice was given.</summary>
    public static bool Rows(FeatureRowAccess rows, int firstRow, int rowCount)
    {
        if (rows.Rows is Data.IRowPrefetch store) return store.WillNeed(firstRow, rowCount);
        if (!OperatingSystem.IsLinux() || !rows.InPlace || rows.Rows is not Data.FeatureMatrix || rowCount <= 0) return false;
        int last = Math.Min(rows.Rows.Count, firstRow + rowCount) - 1;
        if (last < firstRow) return false;
        long page = Environment.SystemPageSize;
        long start = (long)rows.Pointer(firstRow) & ~(page - 1);
        long end = ((long)rows.Pointer(last) + 4L * rows.Dimension + page - 1) & ~(page - 1);
        return Madvise((void*)start, (nuint)(end - start), WillNeed) == 0;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
