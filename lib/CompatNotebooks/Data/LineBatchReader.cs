using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace CompatNotebooks.Data;

/// <summary>Reads lines ahead on a second thread — gunzip and line splitting there, parsing on the caller's —
/// and hands them over in order, in batches (a bounded queue of a few, so memory stays small however large the
/// file). Each batch knows the number of its first line, so errors name the right line. An exception of the
/// reading thread (a corrupt gzip, an I/O error) is rethrown to the caller after the lines read before it.</summary>
internal sealed class LineBatchReader : IDisposable
{
    /// <summary>Consecutive lines copied out of the stream: line <c>i</c> is <c>Bytes[Start(i)..Ends[i]]</c>.</summary>
    internal sealed class Batch(int bytes, int lines)
    {
        public byte[] Bytes = new byte[bytes];
        public readonly int[] Ends = new int[lines];
        public int Count;
        public long FirstLine;

        public int Used => Count == 0 ? 0 : Ends[Count - 1];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ReadOnlySpan<byte> Line(int i) => Bytes.AsSpan(i == 0 ? 0 : Ends[i - 1], Ends[i] - (i == 0 ? 0 : Ends[i - 1]));
    }

    private const int QueuedBatches = 4;
    private readonly Channel<Batch> _full = Channel.CreateBounded<Batch>(
        new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly Channel<Batch> _free = Channel.CreateUnbounded<Batch>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Stream _stream;
    private readonly int _batchBytes, _batchLines;
    private readonly Task _reader;

    /// <summary>Starts reading <paramref name="stream"/> (owned: disposed by the reading thread when it ends).</summary>
    public LineBatchReader(Stream stream, int batchBytes = 1 << 18, int batchLines = 1024)
    {
        _stream = stream;
        _batchBytes = batchBytes;
        _batchLines = batchLines;
        _reader = Task.Factory.StartNew(ReadAll, TaskCreationOptions.LongRunning);
    }

    /// <summary>The next batch in file order; false at the end. Rethrows the reading thread's exception.</summary>
    public bool TryNext(out Batch batch)
    {
        var reader = _full.Reader;
        while (true)
        {
            if (reader.TryRead(out batch!)) return true;
            try
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return false;
            }
            catch (ChannelClosedException closed) when (closed.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(closed.InnerException).Throw();
            }
        }
    }

    /// <summary>Gives a consumed batch back for reuse.</summary>
    public void Recycle(Batch batch)
    {
        batch.Count = 0;
        _free.Writer.TryWrite(batch);
    }

    /// <summary>Stops the reading thread (if still running) and waits for it, so the file is closed on return.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try { _reader.Wait(); } catch (AggregateException) { } // its error was (or won't be) reported via TryNext
        _stop.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadAll()
    {
        Batch batch = NewBatch();
        try
        {
            var lines = new Utf8LineReader(_stream);
            long lineNumber = 0;
            while (lines.TryReadLine(out var line))
            {
                lineNumber++;
                if (batch.Count == _batchLines || (batch.Count > 0 && batch.Used + line.Length > batch.Bytes.Length))
                {
                    Send(batch);
                    batch = NewBatch();
                }
                if (batch.Count == 0)
                {
                    batch.FirstLine = lineNumber;
                    if (batch.Bytes.Length < line.Length) batch.Bytes = new byte[line.Length]; // a very long line
                }
                line.CopyTo(batch.Bytes.AsSpan(batch.Used));
                batch.Ends[batch.Count] = batch.Used + line.Length;
                batch.Count++;
            }
            if (batch.Count > 0) Send(batch);
            _full.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _full.Writer.TryComplete();
        }
        catch (Exception error)
        {
            // The lines read before the error still come first (as a single-threaded reader would give them).
            try { if (batch.Count > 0) Send(batch); } catch (OperationCanceledException) { }
            _full.Writer.TryComplete(error);
        }
        finally
        {
            _stream.Dispose();
        }
    }

    private Batch NewBatch() => _free.Reader.TryRead(out var batch) ? batch : new Batch(_batchBytes, _batchLines);

    private void Send(Batch batch)
    {
        var writer = _full.Writer;
        while (!writer.TryWrite(batch))
            writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult();
    }
}
