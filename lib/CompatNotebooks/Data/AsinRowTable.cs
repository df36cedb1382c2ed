using System.Runtime.CompilerServices;

namespace CompatNotebooks.Data;

/// <summary>
/// ASIN → row, for the lookups of a load (every product and every <c>also_bought</c> target of a category: tens of
/// millions at full size). An ASIN of 1–10 letters and digits — every one in the Amazon files — is packed into a 64-bit
/// key (6 bits a character) and found in an open-addressing table of key and row side by side: one cache line per
/// lookup, no string hashing or comparison, and no string kept alive. Any other string (longer, or with other characters) goes to a dictionary,
/// so every ASIN is still accepted. Lookups are safe from many threads once filled (adding is not).
/// </summary>
internal sealed class AsinRowTable
{
    private const int MaxPacked = 10;

    private struct Slot
    {
        public long Key; // 0: empty (a packed key is never 0)
        public int Row;
    }

    private Slot[] _slots;
    private int _mask;
    private Dictionary<string, int>? _others;

    /// <summary>A table sized for <paramref name="capacity"/> ASINs (it grows past that).</summary>
    public AsinRowTable(int capacity)
    {
        int size = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2L * capacity)));
        _slots = new Slot[size];
        _mask = size - 1;
    }

    /// <summary>ASINs held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="asin"/> at <paramref name="row"/>; false (and nothing changes) when it is already
    /// there, <paramref name="existing"/> then being its row.</summary>
    public bool TryAdd(string asin, int row, out int existing)
    {
        if (!TryPack(asin, out long key))
        {
            _others ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (_others.TryAdd(asin, row)) { Count++; existing = row; return true; }
            existing = _others[asin];
            return false;
        }
        if (2L * (Count + 1) > _slots.Length) Grow();
        for (int slot = SlotOf(key); ; slot = (slot + 1) & _mask)
        {
            long k = _slots[slot].Key;
            if (k == key) { existing = _slots[slot].Row; return false; }
            if (k != 0) continue;
            _slots[slot] = new Slot { Key = key, Row = row };
            Count++;
            existing = row;
            return true;
        }
    }

    /// <summary>The row of <paramref name="asin"/>; false (row −1) when it is not held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetRow(string asin, out int row)
    {
        if (TryPack(asin, out long key))
        {
            for (int slot = SlotOf(key); ; slot = (slot + 1) & _mask)
            {
                long k = _slots[slot].Key;
                if (k == key) { row = _slots[slot].Row; return true; }
                if (k == 0) break;
            }
        }
        else if (_others is not null && _others.TryGetValue(asin, out row)) return true;
        row = -1;
        return false;
    }

    /// <summary>Packs 1–10 characters of [0-9A-Za-z] into a non-zero key, distinct for distinct strings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryPack(string asin, out long key)
    {
        key = 0;
        if (asin.Length is 0 or > MaxPacked) return false;
        foreach (char c in asin)
        {
            int code = c switch
            {
                >= '0' and <= '9' => c - '0' + 1,
                >= 'A' and <= 'Z' => c - 'A' + 11,
                >= 'a' and <= 'z' => c - 'a' + 37,
                _ => 0,
            };
            if (code == 0) return false;
            key = (key << 6) | (long)code; // codes 1..62: no character packs to 0, so lengths stay apart
        }
        return true;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[checked(old.Length * 2)];
        _mask = _slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Key == 0) continue;
            int slot = SlotOf(entry.Key);
            while (_slots[slot].Key != 0) slot = (slot + 1) & _mask;
            _slots[slot] = entry;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(long key) => (int)(StoreHash.Avalanche((ulong)key) & (uint)_mask);
}
