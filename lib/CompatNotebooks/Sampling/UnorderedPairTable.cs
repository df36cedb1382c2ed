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

    /// <summary>Key and id side by side: a lookup at a random slot touches one cache line, not two.</summary>
    private struct Slot
    {
        public long Key;
        public int Id;
    }

    private Slot[] _slots;
    private int _mask;

    public UnorderedPairTable(int expected)
    {
        int capacity = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2)));
        _slots = NewSlots(capacity);
        _mask = capacity - 1;
    }

    private static Slot[] NewSlots(int capacity)
    {
        var slots = new Slot[capacity];
        slots.AsSpan().Fill(new Slot { Key = Empty });
        return slots;
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
        int slot = SlotOf(key);
        while (true)
        {
            long k = _slots[slot].Key;
            if (k == key) return _slots[slot].Id;
            if (k == Empty) break;
            slot = (slot + 1) & _mask;
        }
        if (2 * (Count + 1) > _slots.Length)
        {
            Grow();
            return GetOrAdd(a, b);
        }
        _slots[slot] = new Slot { Key = key, Id = Count };
        return Count++;
    }

    /// <summary>Whether {a, b} is in the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int a, int b)
    {
        long key = Key(a, b);
        for (int slot = SlotOf(key); ; slot = (slot + 1) & _mask)
        {
            long k = _slots[slot].Key;
            if (k == key) return true;
            if (k == Empty) return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(long key) => (int)(SeededRandom.Mix((ulong)key) & (uint)_mask);

    private void Grow()
    {
        var old = _slots;
        _slots = NewSlots(old.Length * 2);
        _mask = _slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Key == Empty) continue;
            int slot = SlotOf(entry.Key);
            while (_slots[slot].Key != Empty) slot = (slot + 1) & _mask;
            _slots[slot] = entry;
        }
    }
}
