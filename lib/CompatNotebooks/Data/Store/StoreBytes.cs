using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// The bytes of an open feature store: read into memory of the process's own when the store fits comfortably in the
/// memory available (huge pages asked for, so the trainer's random row reads do not also miss the address
/// translation cache), else memory-mapped, so a store larger than memory still opens and its pages come and go with
/// use (which the block-local training order keeps local).
/// </summary>
internal sealed unsafe class StoreBytes : IDisposable
{
    private const int ReadChunk = 16 << 20;
    private readonly FeatureMapping? _mapping;
    private byte* _owned;

    private StoreBytes(byte* owned, FeatureMapping? mapping, long length)
    {
        _owned = owned;
        _mapping = mapping;
        Base = mapping is not null ? mapping.Base : owned;
        Length = length;
    }

    /// <summary>First byte.</summary>
    public byte* Base { get; }

    /// <summary>Bytes.</summary>
    public long Length { get; }

    /// <summary>Whether the bytes are the file's pages mapped (else a copy in the process's memory).</summary>
    public bool Mapped => _mapping is not null;

    /// <summary>Opens <paramref name="length"/> bytes of <paramref name="path"/>, read or mapped as <paramref name="residency"/>
    /// says (<see cref="FeatureStoreResidency.Automatic"/>: read when the store takes at most half the memory available).</summary>
    public static StoreBytes Open(string path, long length, FeatureStoreResidency residency)
    {
        bool read = residency switch
        {
            FeatureStoreResidency.Read => true,
            FeatureStoreResidency.Map => false,
            _ => AvailableMemory.Bytes() is not long available || length <= available / 2,
        };
        if (!read) return new StoreBytes(null, new FeatureMapping(path, length), length);
        byte* bytes = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, length), 2 << 20);
        try
        {
            MemoryAdvice.HugePages(bytes, length);
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            for (long done = 0; done < length;)
            {
                int n = RandomAccess.Read(handle, new Span<byte>(bytes + done, (int)Math.Min(ReadChunk, length - done)), done);
                if (n == 0) throw FeatureStoreHeader.Corrupt(path, done, $"the file ended at byte {done} while being read.");
                done += n;
            }
            return new StoreBytes(bytes, null, length);
        }
        catch
        {
            NativeMemory.AlignedFree(bytes);
            throw;
        }
    }

    /// <summary>Frees the copy or releases the mapping.</summary>
    public void Dispose()
    {
        if (_mapping is not null) _mapping.Release();
        else if (_owned is not null)
        {
            NativeMemory.AlignedFree(_owned);
            _owned = null;
        }
    }
}
