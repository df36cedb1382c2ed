namespace CompatNotebooks.Data;

/// <summary>What reading a metadata file found: lines, records, blank lines, and skipped lines by reason with the
/// first few messages. Filled in as the reader is enumerated; complete when enumeration ends.</summary>
public sealed class MetadataReadReport
{
    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly List<string> _messages = [];
    private readonly List<SkippedMetadataLine> _skippedLines = [];
    private readonly Dictionary<string, long> _droppedPrices = new(StringComparer.Ordinal);

    /// <summary>The metadata file.</summary>
    public string Path { get; internal set; } = "";

    /// <summary>Lines read (blank lines included).</summary>
    public long Lines { get; internal set; }

    /// <summary>Products returned.</summary>
    public long Records { get; internal set; }

    /// <summary>Empty lines (ignored, counted here).</summary>
    public long BlankLines { get; internal set; }

    /// <summary>Lines skipped under <see cref="MetadataErrorPolicy.SkipAndCount"/>, by reason.</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    /// <summary>Total skipped lines.</summary>
    public long SkippedTotal => _skipped.Values.Sum();

    /// <summary>The first error messages (file, line, column, problem), skipped lines and prices kept as missing
    /// in file order.</summary>
    public IReadOnlyList<string> ErrorMessages => _messages;

    /// <summary>The first skipped lines (at most <see cref="MetadataReadOptions.MaxErrorMessages"/>), in file order;
    /// <see cref="Skipped"/> counts them all.</summary>
    public IReadOnlyList<SkippedMetadataLine> SkippedLines => _skippedLines;

    /// <summary>Products whose numeric price was kept as missing (negative, infinite, NaN), by reason
    /// (<see cref="MetadataPriceReasons"/>); the first few are also listed in <see cref="ErrorMessages"/>.</summary>
    public IReadOnlyDictionary<string, long> DroppedPrices => _droppedPrices;

    /// <summary>Whether the enumeration reached the end of the file.</summary>
    public bool Completed { get; internal set; }

    internal void AddSkipped(MetadataFormatException error, int maxMessages)
    {
        _skipped[error.Reason] = _skipped.GetValueOrDefault(error.Reason) + 1;
        if (_messages.Count < maxMessages) _messages.Add(error.Message);
        if (_skippedLines.Count < maxMessages)
            _skippedLines.Add(new SkippedMetadataLine(error.Line, error.Column, error.Reason, error.Message));
    }

    internal void AddDroppedPrice(string reason, long line, string asin, int maxMessages)
    {
        _droppedPrices[reason] = _droppedPrices.GetValueOrDefault(reason) + 1;
        if (_messages.Count < maxMessages)
            _messages.Add($"Metadata file '{Path}', line {line}: ASIN {asin} has a {reason}; the price is kept as missing.");
    }

    /// <summary>A one-line human summary.</summary>
    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}: {Lines:N0} lines, {Records:N0} products, {BlankLines:N0} blank, " +
        $"{SkippedTotal:N0} skipped" + (_skipped.Count == 0 ? "" : " (" + string.Join(", ", _skipped.Select(kv => $"{kv.Key}: {kv.Value:N0}")) + ")") +
        (_droppedPrices.Count == 0 ? "" : ", prices kept as missing: " + string.Join(", ", _droppedPrices.Select(kv => $"{kv.Key} {kv.Value:N0}")));
}
