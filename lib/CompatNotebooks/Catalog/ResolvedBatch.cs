using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>The feature rows of a batch of products and of their <c>also_bought</c> targets, looked up in parallel
/// (an <see cref="IAsinIndex"/> is read-only once open, so concurrent lookups are safe). Reused batch after batch.</summary>
internal sealed class ResolvedBatch
{
    /// <summary>Products per batch: enough to share the lookups among the cores, few enough to stay in cache.</summary>
    public const int Products = 4096;

    /// <summary>A target that is the product itself.</summary>
    public const int Self = -2;

    private int[] _targets = new int[Products * 16];
    private readonly int[] _targetStart = new int[Products + 1];

    /// <summary>Per product of the batch: its feature row, or -1 when it has none.</summary>
    public int[] RowOf { get; } = new int[Products];

    /// <summary>Product <paramref name="p"/>'s targets in list order: a feature row, -1 (no features) or <see cref="Self"/>.</summary>
    public ReadOnlySpan<int> TargetsOf(int p) => _targets.AsSpan(_targetStart[p], _targetStart[p + 1] - _targetStart[p]);

    /// <summary>Looks up <paramref name="batch"/> (at most <see cref="Products"/> products) in <paramref name="index"/>.</summary>
    public void Resolve(IReadOnlyList<ProductMetadata> batch, IAsinIndex index)
    {
        int total = 0;
        for (int p = 0; p < batch.Count; p++)
        {
            _targetStart[p] = total;
            total += batch[p].Related.AlsoBought.Count;
        }
        _targetStart[batch.Count] = total;
        if (_targets.Length < total) _targets = new int[Math.Max(total, 2 * _targets.Length)];
        var targets = _targets;
        Parallel.For(0, batch.Count, p =>
        {
            var product = batch[p];
            RowOf[p] = index.TryGetRow(product.Asin, out int row) ? row : -1;
            if (RowOf[p] < 0) return; // its targets are counted, not looked up
            var alsoBought = product.Related.AlsoBought;
            int at = _targetStart[p];
            for (int t = 0; t < alsoBought.Count; t++)
            {
                string target = alsoBought[t];
                targets[at + t] = target == product.Asin ? Self : index.TryGetRow(target, out int to) ? to : -1;
            }
        });
    }
}
