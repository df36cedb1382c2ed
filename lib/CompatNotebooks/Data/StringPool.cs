namespace CompatNotebooks.Data;

/// <summary>Shares one string instance per distinct short value (ASINs in <c>also_bought</c> lists, category
/// names) while parsing, looked up by span so a repeat allocates nothing. Not thread-safe: one per reader.</summary>
internal sealed class StringPool
{
    /// <summary>Strings longer than this are not pooled (titles rarely repeat).</summary>
    public const int MaxLength = 32;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var existing)) return existing;
        var created = value.ToString();
        _strings.Add(created);
        return created;
    }
}
