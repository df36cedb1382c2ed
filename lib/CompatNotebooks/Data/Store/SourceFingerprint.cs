using Microsoft.Win32.SafeHandles;

namespace CompatNotebooks.Data;

/// <summary>The cheap identity of a <c>.b</c> file checked every time a store is opened: its length, its modification
/// time and a checksum of <see cref="Blocks"/> blocks spread evenly over it (first and last included) — so a changed
/// source invalidates its store without rereading gigabytes.</summary>
internal readonly record struct SourceFingerprint(long Length, long ModifiedTicks, ulong SampleChecksum)
{
    /// <summary>Blocks sampled.</summary>
    public const int Blocks = 64;

    /// <summary>Bytes per sampled block.</summary>
    public const int BlockBytes = 4096;

    /// <summary>Reads the fingerprint of <paramref name="path"/> (following links).</summary>
    public static SourceFingerprint Of(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) info = (FileInfo?)info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        using var handle = File.OpenHandle(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        return new SourceFingerprint(length, info.LastWriteTimeUtc.Ticks, ChecksumOfBlocks(handle, length));
    }

    private static ulong ChecksumOfBlocks(SafeFileHandle handle, long length)
    {
        var block = new byte[BlockBytes];
        ulong state = (ulong)length;
        long lastStart = Math.Max(0, length - BlockBytes);
        for (int b = 0; b < Blocks; b++)
        {
            long offset = lastStart * b / (Blocks - 1);
            int read = RandomAccess.Read(handle, block, offset);
            state = StoreHash.Combine(state, StoreHash.Of(block.AsSpan(0, read), (ulong)offset));
        }
        return state;
    }
}
