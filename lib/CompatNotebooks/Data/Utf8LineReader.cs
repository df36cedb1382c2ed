using System.Runtime.CompilerServices;

namespace CompatNotebooks.Data;

/// <summary>Splits a byte stream into lines without decoding or allocating per line: each line is a span into
/// an internal buffer, valid until the next call. '\n' ends a line; a trailing '\r' is dropped; a UTF-8 BOM at
/// the start is skipped. The buffer grows to fit the longest line.</summary>
internal sealed class Utf8LineReader(Stream stream, int bufferSize = 1 << 20)
{
    private byte[] _buffer = new byte[bufferSize];
    private int _start, _end;
    private bool _eof, _first = true;

    /// <summary>Reads the next line; false at end of stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            int newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TrimCr(pending[..newline]);
                _start += newline + 1;
                return true;
            }
            if (_eof)
            {
                if (pending.IsEmpty) { line = default; return false; }
                line = TrimCr(pending);
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) { _eof = true; return; }
        _end += read;
        if (_first && _end >= 3)
        {
            _first = false;
            if (_buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
        }
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
