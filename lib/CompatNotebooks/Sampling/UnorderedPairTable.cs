using System.Runtime.CompilerServices;
using CompatNotebooks.Data;
using CompatNotebooks.Randomness;

namespace CompatNotebooks.Sampling;

/// <summary>
/// Open-addressing hash table from unordered item pairs {a, b} to a dense id (0, 1, 2… in insertion order):
/// the set of known positives and the group of each positive in one structure, several times faster and
/// smaller than a <see cref="Dictionary{TKey, TValue}"/> of <see cref="long"/> for the ~10⁶ links of a category.
/// </summary>
internal sealed class UnorderedPairTable
{
    private const long Empty = -1; // keys are ≥ 0 (a ≤ b, both ≥ 0)
    private long[] _keys;
    private int[] _ids;
    private int _mask;

    public UnorderedPairTable(int expected)
    {
        int capacity = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2)));
        _keys = new long[capacity];
        Array.Fill(_keys, Empty);
        _ids = new int[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Number of distinct pairs.</summary>
    public int Count { get; private set; }

    /// <summary>The key of the unordered pair {a, b}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    /// <summary>The id of {a, b}, adding it with the next id if new.</summary>
    public int GetOrAdd(int a, int b)
    {
        long key = Key(a, b);
        int slot = Slot(key);
        while (true)
        {
            long k = _keys[slot];
            if (k == key) return _ids[slot];
            if (k == Empty) break;
            slot = (slot + 1) & _mask;
        }
        if (2 * (Count + 1) > _keys.Length)
        {
            Grow();
            return GetOrAdd(a, b);
        }
        _keys[slot] = key;
        _ids[slot] = Count;
        return Count++;
    }

    /// <summary>Whether {a, b} is in the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int a, int b)
    {
        long key = Key(a, b);
        for (int slot = Slot(key); ; slot = (slot + 1) & _mask)
        {
            long k = _keys[slot];
            if (k == key) return true;
            if (k == Empty) return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(long key) => (int)(SeededRandom.Mix((ulong)key) & (uint)_mask);

    private void Grow()
    {
        var keys = _keys;
        var ids = _ids;
        _keys = new long[keys.Length * 2];
        Array.Fill(_keys, Empty);
        _ids = new int[keys.Length * 2];
        _mask = _keys.Length - 1;
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] == Empty) continue;
            int slot = Slot(keys[i]);
            while (_keys[slot] != Empty) slot = (slot + 1) & _mask;
            _keys[slot] = keys[i];
            _ids[slot] = ids[i];
        }
    }
}
