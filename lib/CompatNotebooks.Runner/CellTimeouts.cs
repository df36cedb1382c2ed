using System.Globalization;
using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Runner;

/// <summary>
/// How long one cell may run: <c>metadata.compat_notebooks.timeout_seconds</c> of the cell if set, else the run's
/// <see cref="RunOptions.TimeoutPerCell"/>. A cell known to be slow (or meant to time out) gets its own limit without
/// loosening the limit of every other cell.
/// </summary>
internal static class CellTimeouts
{
    /// <summary>The cell metadata section the runner reads and writes.</summary>
    public const string MetadataSection = "compat_notebooks";

    /// <summary>The key of the per-cell limit, in seconds, inside <see cref="MetadataSection"/>.</summary>
    public const string MetadataKey = "timeout_seconds";

    /// <summary>The limit for <paramref name="cell"/>: its own if declared, else <paramref name="runDefault"/>.</summary>
    public static TimeSpan? For(InteractiveDocumentElement cell, TimeSpan? runDefault) => Declared(cell) ?? runDefault;

    /// <summary>The cell's own limit, or null when its metadata sets none.</summary>
    /// <exception cref="InvalidDataException">The value is not a positive number of seconds.</exception>
    public static TimeSpan? Declared(InteractiveDocumentElement cell)
    {
        if (cell.Metadata is null || !cell.Metadata.TryGetValue(MetadataSection, out var section))
            return null;
        object? value = section switch
        {
            IDictionary<string, object> d => d.TryGetValue(MetadataKey, out var v) ? v : null,
            JsonElement { ValueKind: JsonValueKind.Object } e => e.TryGetProperty(MetadataKey, out var v) ? v : null,
            _ => null,
        };
        if (value is null)
            return null;
        double? seconds = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
            IConvertible c when value is not string and not bool => c.ToDouble(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (seconds is not { } s || !double.IsFinite(s) || s <= 0)
            throw new InvalidDataException(
                $"cell `{NotebookRunner.FirstLine(cell.Contents)}`: metadata.{MetadataSection}.{MetadataKey} must be a positive number of seconds, not {value}");
        return TimeSpan.FromSeconds(s);
    }
}
