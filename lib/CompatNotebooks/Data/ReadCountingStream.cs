namespace CompatNotebooks.Data;

/// <summary>
/// Passes reads through to a file and keeps its position where another thread can read it, so that the thread can
/// tell how far a stream consumer (the gzip decoder, the line reader) has got in the file: the decoder hides the
/// file, and a <see cref="FileStream"/>'s position is neither safe to read from another thread nor available once the
/// reading thread has closed it.
/// </summary>
internal sealed class ReadCountingStream(FileStream inner) : Stream
{
    private readonly long _length = inner.Length;
    private long _bytesRead;

    /// <summary>Position in the file after the latest read or seek (safe to read from any thread): the bytes read so
    /// far by a consumer that seeks only to look at the end and back (as <see cref="GzipTrailerCheck"/> does).</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>The file's length when it was opened (readable after the file is closed).</summary>
    public long FileLength => _length;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set
        {
            inner.Position = value;
            Volatile.Write(ref _bytesRead, value);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override long Seek(long offset, SeekOrigin origin)
    {
        long position = inner.Seek(offset, origin);
        Volatile.Write(ref _bytesRead, position);
        return position;
    }

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        Volatile.Write(ref _bytesRead, _bytesRead + read); // one reading thread writes; others only read it
        return read;
    }
}
