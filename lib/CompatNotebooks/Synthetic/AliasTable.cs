using CompatNotebooks.Randomness;
namespace CompatNotebooks.Synthetic;

/// <summary>Walker/Vose alias table: O(1) draws from a fixed discrete distribution (popularity-weighted items).</summary>
internal sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;
    private readonly int[] _values;

    /// <summary>Builds the table for <paramref name="values"/> drawn with the given positive <paramref name="weights"/>.</summary>
    public AliasTable(int[] values, double[] weights)
    {
        int n = values.Length;
        if (n == 0 || weights.Length != n) throw new ArgumentException("One positive weight per value is needed.");
        _values = values;
        _probability = new double[n];
        _alias = new int[n];
        double total = weights.Sum();
        var scaled = weights.Select(w => w * n / total).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = n - 1; i >= 0; i--) (scaled[i] < 1 ? small : large).Push(i);
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        foreach (int i in large) _probability[i] = 1;
        foreach (int i in small) _probability[i] = 1; // only rounding leftovers
    }

    /// <summary>Number of values.</summary>
    public int Count => _values.Length;

    /// <summary>Draws one value.</summary>
    public int Next(ref SeededRandom random)
    {
        int column = random.NextInt(_values.Length);
        return _values[random.NextDouble() < _probability[column] ? column : _alias[column]];
    }
}
