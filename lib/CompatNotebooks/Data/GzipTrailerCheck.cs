using System.Buffers.Binary;
using System.IO.Compression;

namespace CompatNotebooks.Data;

/// <summary>
/// Decompresses a gzip file and refuses to end early. <see cref="GZipStream"/> checks the CRC and length trailer
/// when it reaches it, but when the compressed data simply stops (a truncated download) it reports a normal end
/// of stream. This stream counts the bytes it hands out and, at that end, compares the count with ISIZE — the
/// last four bytes of the file, the uncompressed length modulo 2³² — which in a truncated file are arbitrary
/// compressed bytes (a chance match is one in 2³²).
/// </summary>
/// <remarks>A file of several concatenated gzip members ends with the last member's ISIZE, so it fails this check
/// too; such files are reported as not a single gzip stream (recompress them with <c>zcat f | gzip &gt; g</c>).
/// Errors are <see cref="InvalidDataException"/>; the reader adds the file name and the last complete line.</remarks>
internal sealed class GzipTrailerCheck : Stream
{
    private readonly GZipStream _gzip;
    private readonly uint _expectedSize;
    private readonly long _compressedLength;
    private long _produced;

    public GzipTrailerCheck(Stream file)
    {
        _compressedLength = file.Length;
        Span<byte> trailer = stackalloc byte[4];
        if (_compressedLength >= 18) // 10-byte header + empty deflate block + 8-byte trailer at the least
        {
            file.Position = _compressedLength - 4;
            file.ReadExactly(trailer);
            _expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        }
        else _expectedSize = uint.MaxValue; // too short to hold a trailer: any end is early
        file.Position = 0;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException(
                $"corrupt gzip data after {_produced:N0} decompressed bytes ({error.Message}); the archive is damaged " +
                "or not gzip — download it again.", error);
        }
        if (read == 0 && !buffer.IsEmpty && (uint)_produced != _expectedSize)
            throw new InvalidDataException(
                $"the gzip stream ends before its end-of-stream marker, or its length trailer is wrong " +
                $"({_produced:N0} bytes decompressed from {_compressedLength:N0} compressed bytes; the trailer says " +
                $"{_expectedSize:N0} mod 2^32): a truncated download? (A file of several concatenated gzip members is " +
                "not supported either: recompress it with zcat FILE | gzip > NEW.)");
        _produced += read;
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }
}
