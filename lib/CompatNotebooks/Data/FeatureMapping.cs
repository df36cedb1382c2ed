using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace CompatNotebooks.Data;

/// <summary>A read-only memory mapping of a whole feature file, shared by a <see cref="FeatureMatrix"/> and its
/// subset views and released when the last of them is disposed (reference counted).</summary>
/// <remarks>The mapped file's own handle stays open, so <see cref="ChangeSinceOpen"/> can compare the length and
/// modification time of the very file that is mapped (not whatever the path names now) with those seen at open.
/// A file shortened under a mapping makes a later read of the lost pages a fatal SIGBUS that .NET cannot catch;
/// this check turns the cases it sees first into an error.</remarks>
internal sealed unsafe class FeatureMapping
{
    private readonly SafeFileHandle _handle;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly DateTime _writeTimeAtOpen;
    private int _leases = 1;

    public FeatureMapping(string path, long length)
    {
        Length = length;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            _writeTimeAtOpen = File.GetLastWriteTimeUtc(_handle);
            long lengthNow = RandomAccess.GetLength(_handle);
            if (lengthNow != length)
                throw new FeatureFileException(path, null, null, $"the file changed while being opened (length {length} when checked, {lengthNow} when mapped).");
            _file = MemoryMappedFile.CreateFromFile(_handle, mapName: null, capacity: 0, MemoryMappedFileAccess.Read,
                HandleInheritability.None, leaveOpen: true);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
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
            _handle.Dispose();
            throw;
        }
    }

    /// <summary>How the mapped file differs from when it was opened (length, modification time), or null when it
    /// does not.</summary>
    public string? ChangeSinceOpen()
    {
        long length = RandomAccess.GetLength(_handle);
        if (length != Length) return $"its length is now {length} bytes, {Length} when it was opened";
        DateTime written = File.GetLastWriteTimeUtc(_handle);
        if (written != _writeTimeAtOpen) return $"it was modified at {written:O}, after it was opened (last modified {_writeTimeAtOpen:O})";
        return null;
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
        _handle.Dispose();
    }
}
