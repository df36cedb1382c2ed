using System.Buffers;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace CompatNotebooks.Data;

/// <summary>
/// Streams the products of a <c>meta_&lt;Category&gt;.json.gz</c> file one line at a time (never loading the
/// whole file): each line is a Python dict literal (the 2014 release, which the book reads with <c>eval</c>) or
/// a strict JSON object (the later release), detected per line, parsed by <see cref="PythonLiteral"/>'s safe
/// parser — nothing is executed — and typed as a <see cref="ProductMetadata"/>.
/// </summary>
/// <remarks>Gzip is detected by its magic bytes, so plain <c>.json</c> files work too. Bad lines throw a
/// <see cref="MetadataFormatException"/> (file, line, column) or are skipped and counted in <see cref="Report"/>
/// according to <see cref="MetadataReadOptions.OnError"/>. Each enumeration reopens the file and starts a fresh
/// report.</remarks>
public sealed class MetadataReader : IEnumerable<ProductMetadata>, IDisposable
{
    private readonly MetadataReadOptions _options;
    private Stream? _open;
    private bool _disposed;

    private MetadataReader(string path, MetadataReadOptions options)
    {
        Path = path;
        _options = options;
        Report = new MetadataReadReport { Path = path };
    }

    /// <summary>Prepares to stream <paramref name="path"/>.</summary>
    /// <remarks>Symbolic links are followed.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist, or is a dangling link.</exception>
    /// <exception cref="IOException">A link loop, or the path is a folder.</exception>
    public static MetadataReader Read(string path, MetadataReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        LinkedFile.Require(path, "Metadata file");
        return new MetadataReader(path, options ?? new MetadataReadOptions());
    }

    /// <summary>The metadata file.</summary>
    public string Path { get; }

    /// <summary>Counts of the current (or last) enumeration.</summary>
    public MetadataReadReport Report { get; private set; }

    /// <summary>Streams the products.</summary>
    public IEnumerator<ProductMetadata> GetEnumerator()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var report = Report = new MetadataReadReport { Path = Path };
        var stream = OpenDecompressed(Path, out var file);
        _open = stream;
        var progress = _options.Progress;
        var clock = progress is null ? null : System.Diagnostics.Stopwatch.StartNew();
        var pool = _options.PoolStrings ? new StringPool() : null;
        // Gunzip + line split run ahead on one thread; batches of lines are parsed on pool threads (a few in
        // flight); results are taken strictly in file order here, where all counting and error policy happens,
        // so records, line numbers and the report are exactly those of a one-line-at-a-time reader.
        // The string pool is not thread-safe: with it, one batch is parsed at a time.
        int inFlightLimit = pool is not null ? 1 : Math.Clamp(Environment.ProcessorCount, 1, 4) + 1;
        var batches = new LineBatchReader(stream, batchLines: BatchLines);
        var inFlight = new Queue<Task<ParsedBatch>>();
        Exception? readError = null;
        try
        {
            while (true)
            {
                while (readError is null && inFlight.Count < inFlightLimit)
                {
                    LineBatchReader.Batch? next;
                    try
                    {
                        if (!batches.TryNext(out next)) break;
                    }
                    catch (Exception error)
                    {
                        readError = error; // thrown after the lines read before it
                        break;
                    }
                    var batch = next;
                    inFlight.Enqueue(Task.Run(() => ParseBatch(batch, pool)));
                }
                if (inFlight.Count == 0) break;
                var parsed = inFlight.Dequeue().GetAwaiter().GetResult();
                for (int i = 0; i < parsed.Lines.Count; i++)
                {
                    report.Lines = parsed.Lines.FirstLine + i;
                    switch (parsed.Results[i])
                    {
                        case null:
                            report.BlankLines++;
                            break;
                        case MetadataFormatException error:
                            if (_options.OnError == MetadataErrorPolicy.Throw) throw error;
                            report.AddSkipped(error, _options.MaxErrorMessages);
                            break;
                        case ProductMetadata product:
                            report.Records++;
                            if (product.PriceProblem is { } priceProblem)
                                report.AddDroppedPrice(priceProblem, report.Lines, product.Asin, _options.MaxErrorMessages);
                            yield return product;
                            break;
                    }
                }
                batches.Recycle(parsed.Lines);
                progress?.Report(new MetadataReadProgress(report.Lines, file.BytesRead, file.FileLength, clock!.Elapsed));
            }
            if (readError is not null) throw ReadFailure(readError, report.Lines);
            if (report.Records == 0) throw new MetadataFileException(Path, report.Lines, NothingUsable(report));
            report.Completed = true;
        }
        finally
        {
            foreach (var pending in inFlight)
                try { pending.Wait(); } catch (AggregateException) { } // stopped early: let them finish, drop them
            batches.Dispose(); // stops the reading thread, which closes the stream
            if (ReferenceEquals(_open, stream)) _open = null;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes the file of an enumeration still in progress.</summary>
    public void Dispose()
    {
        _disposed = true;
        _open?.Dispose();
    }

    /// <summary>A batch of lines with one result per line: a record, its error, or null for a blank line.</summary>
    private sealed record ParsedBatch(LineBatchReader.Batch Lines, object?[] Results);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ParsedBatch ParseBatch(LineBatchReader.Batch batch, StringPool? pool)
    {
        var results = new object?[batch.Count];
        char[] chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var bytes = batch.Line(i);
                if (bytes.Trim(" \t"u8).IsEmpty) continue;
                if (chars.Length < bytes.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(bytes.Length);
                }
                try
                {
                    results[i] = ParseLine(bytes, chars, batch.FirstLine + i, pool);
                }
                catch (MetadataFormatException error)
                {
                    results[i] = error;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
        return new ParsedBatch(batch, results);
    }

    /// <summary>Lines per read-ahead batch (small in tests, to cross many batch boundaries).</summary>
    internal int BatchLines { get; set; } = 1024;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProductMetadata ParseLine(ReadOnlySpan<byte> bytes, char[] chars, long lineNumber, StringPool? pool)
    {
        var status = Utf8.ToUtf16(bytes, chars, out int bytesRead, out int charsWritten, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
            throw new MetadataFormatException(Path, lineNumber, charsWritten + 1, MetadataSkipReasons.Encoding,
                $"invalid UTF-8 at byte {bytesRead + 1} of the line");
        var line = chars.AsSpan(0, charsWritten);
        bool json = LooksLikeJson(line);
        if (_options.TypedFastPath && TryParseTyped(line, json, pool) is { } fast) return fast;
        return ParseGeneric(line, json, lineNumber, pool);
    }

    /// <summary>The typed fast path (known keys straight into the record); null when it gives up on the line,
    /// which the generic path then parses (and reports, if the line is bad).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ProductMetadata? TryParseTyped(ReadOnlySpan<char> line, bool json, StringPool? pool)
    {
        try
        {
            return new PythonLiteralParser(line, json, pool).TryParseProduct(out var product) ? product : null;
        }
        catch (Exception error) when (error is PythonLiteralParser.GiveUp or PythonLiteralException or ProductMetadataMapper.FieldException)
        {
            return null;
        }
    }

    /// <summary>The generic path: parse the line into a dict, then map it.</summary>
    internal ProductMetadata ParseGeneric(ReadOnlySpan<char> line, bool json, long lineNumber, StringPool? pool)
    {
        object? value;
        try
        {
            value = new PythonLiteralParser(line, json, pool).ParseDocument();
        }
        catch (PythonLiteralException error)
        {
            throw new MetadataFormatException(Path, lineNumber, error.Column, MetadataSkipReasons.Syntax, error.Problem, error);
        }
        if (value is not Dictionary<string, object?> dict)
            throw new MetadataFormatException(Path, lineNumber, 1, MetadataSkipReasons.NotADict,
                $"the line is a {DescribeType(value)}, not a dict");
        try
        {
            return ProductMetadataMapper.Map(dict);
        }
        catch (ProductMetadataMapper.FieldException error)
        {
            throw new MetadataFormatException(Path, lineNumber, 1, error.Reason, error.Message, error);
        }
    }

    /// <summary>A JSON object line starts <c>{"</c>; Python's repr starts dict keys with a single quote (a double
    /// quote only for a key containing an apostrophe, which JSON mode reads identically).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool LooksLikeJson(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        if (i >= line.Length || line[i] != '{') return false;
        i++;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        return i < line.Length && line[i] == '"';
    }

    private static string DescribeType(object? value) => value switch
    {
        null => "None",
        string => "string",
        List<object?> => "list",
        bool => "bool",
        _ => "number",
    };

    /// <summary>The error for a failure of the reading thread (a truncated or corrupt archive, an I/O error),
    /// naming the file and the last line read in full.</summary>
    private Exception ReadFailure(Exception error, long lastLine)
    {
        string after = lastLine == 0 ? "before the first complete line" : $"after line {lastLine:N0}, the last complete line";
        return error switch
        {
            MetadataFileException => error,
            InvalidDataException or IOException => new MetadataFileException(Path, lastLine, $"{error.Message} Stopped {after}.", error),
            _ => new MetadataFileException(Path, lastLine, $"reading failed {after}: {error.Message}", error),
        };
    }

    /// <summary>What was found in a file that yielded no product (an empty file, random bytes, only bad lines).</summary>
    private static string NothingUsable(MetadataReadReport report)
    {
        if (report.Lines == 0) return "no product found: the file holds no line (empty, or an empty archive).";
        string found = $"no product found in {report.Lines:N0} lines ({report.BlankLines:N0} blank, {report.SkippedTotal:N0} skipped";
        if (report.Skipped.Count > 0) found += ": " + string.Join(", ", report.Skipped.Select(kv => $"{kv.Key} {kv.Value:N0}"));
        found += ")";
        if (report.ErrorMessages.Count > 0) found += $". First error: {report.ErrorMessages[0]}";
        return found + ". Is this a meta_<Category>.json.gz file?";
    }

    /// <summary>Opens the file, decompressing (and checking that the archive is complete) when it starts with the
    /// gzip magic bytes.</summary>
    internal static Stream OpenDecompressed(string path) => OpenDecompressed(path, out _);

    /// <summary>As <see cref="OpenDecompressed(string)"/>; <paramref name="file"/> tells how far the file has been read.</summary>
    internal static Stream OpenDecompressed(string path, out ReadCountingStream file)
    {
        file = new ReadCountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            return new GzipTrailerCheck(file);
        return file;
    }
}
