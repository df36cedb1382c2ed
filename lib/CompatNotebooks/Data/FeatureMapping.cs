using System.IO.MemoryMappedFiles;

namespace CompatNotebooks.Data;

/// <summary>A read-only memory mapping of a whole feature file, shared by a <see cref="FeatureMatrix"/> and its
/// subset views and released when the last of them is disposed (reference counted).</summary>
internal sealed unsafe class FeatureMapping
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private int _leases = 1;

    public FeatureMapping(string path, long length)
    {
        Length = length;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* p = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            Base = p + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>First byte of the file.</summary>
    public byte* Base { get; }

    /// <summary>File length in bytes.</summary>
    public long Length { get; }

    /// <summary>Takes one more lease (for a subset view).</summary>
    public FeatureMapping AddLease()
    {
        if (Interlocked.Increment(ref _leases) <= 1)
            throw new ObjectDisposedException(nameof(FeatureMatrix), "The feature mapping was already released.");
        return this;
    }

    /// <summary>Returns one lease; the mapping is unmapped when none remain.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) != 0) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
