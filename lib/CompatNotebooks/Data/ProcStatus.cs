using System.Globalization;

namespace CompatNotebooks.Data;

/// <summary>
/// Reads <c>Key: value kB</c> fields of Linux's <c>/proc/self/status</c> (peak and current resident memory).
/// The kernel separates key and value with a tab and pads short numbers with spaces, so the line is split on any
/// whitespace: <c>"VmHWM:\t  123456 kB"</c> and <c>"VmHWM:\t24326444 kB"</c> both read. A diagnostic must never cost
/// finished work, so every failure (no such file, no such field, an unreadable number) is <c>null</c>, not an exception.
/// </summary>
public static class ProcStatus
{
    /// <summary>The file read by <see cref="PeakResidentBytes()"/> and <see cref="ReadBytes"/>.</summary>
    public const string SelfStatusPath = "/proc/self/status";

    /// <summary>This process's peak resident set (<c>VmHWM</c>) in bytes, or null when it cannot be read.</summary>
    public static long? PeakResidentBytes() => ReadBytes("VmHWM");

    /// <summary>The field <paramref name="key"/> (e.g. <c>VmHWM</c>) of <c>/proc/self/status</c> in bytes, or null.</summary>
    public static long? ReadBytes(string key)
    {
        try
        {
            return File.Exists(SelfStatusPath) ? FieldBytes(File.ReadLines(SelfStatusPath), key) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The field <paramref name="key"/> in bytes from the lines of a status file: the first line whose first word is
    /// <c>key:</c>, its number multiplied by 1024 when the unit is <c>kB</c>. Null when the field is absent or its value
    /// is not a non-negative integer that fits in a <see cref="long"/>.
    /// </summary>
    public static long? FieldBytes(IEnumerable<string> lines, string key)
    {
        foreach (var line in lines)
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0].Length != key.Length + 1 || !words[0].StartsWith(key, StringComparison.Ordinal) || words[0][^1] != ':')
                continue;
            if (!long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                return null;
            if (words.Length < 3) return value;
            return words[2] == "kB" && value <= long.MaxValue / 1024 ? value * 1024 : null;
        }
        return null;
    }
}
