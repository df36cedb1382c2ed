using CompatNotebooks.Data;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;

namespace CompatNotebooks.Recommendation;

/// <summary>An item and its score in a ranking (higher is more compatible / more similar).</summary>
/// <param name="Row">Item row (catalog index).</param>
/// <param name="Score">The model's logit (or the similarity, for raw-feature neighbours).</param>
public readonly record struct RankedItem(int Row, double Score);

/// <summary>
/// "Given an item, what goes with it?": ranks every catalog item by the model's predicted compatibility with a
/// query item, p(compatible) = σ(c − ‖x_q E1 − x_j E2‖²) or σ(c + ⟨x_q E1, x_j E2⟩). Style vectors are computed once,
/// so each query costs n×K operations.
/// </summary>
public sealed class CompatibilityRanker
{
    private readonly DenseFeatureRows _queryStyles;
    private readonly DenseFeatureRows _candidateStyles;
    private readonly CompatibilityKind _kind;
    private readonly float _bias;

    /// <summary>Projects every item of <paramref name="features"/> with <paramref name="model"/>'s E1 (as a query)
    /// and E2 (as a candidate); later changes to the model do not affect this ranker.</summary>
    public CompatibilityRanker(CompatibilityModel model, IFeatureRows features)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        var parameters = model.GetParameters();
        _queryStyles = StyleVectors.Project(parameters, features, StyleSide.First);
        _candidateStyles = StyleVectors.Project(parameters, features, StyleSide.Second);
        _kind = parameters.Kind;
        _bias = parameters.C;
    }

    /// <summary>Number of items ranked.</summary>
    public int Count => _queryStyles.Count;

    /// <summary>The logit of "item <paramref name="candidate"/> goes with item <paramref name="query"/>".</summary>
    public double Logit(int query, int candidate) =>
        PairMath.Logit(_kind, _queryStyles.Row(query), _candidateStyles.Row(candidate), _bias);

    /// <summary>The <paramref name="count"/> most compatible items for <paramref name="query"/> (never the query itself), best first.</summary>
    public IReadOnlyList<RankedItem> Top(int query, int count)
    {
        CheckRow(query);
        return Enumerable.Range(0, Count).Where(j => j != query)
            .Select(j => new RankedItem(j, Logit(query, j)))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Row)
            .Take(count).ToList();
    }

    /// <summary>
    /// For each held-out link (first item → second item), whether the second item ranks in the top
    /// <paramref name="k"/> of the first's ranking. Ties count against the link (a constant model scores 0).
    /// </summary>
    /// <param name="heldOutLinks">The links; a link from an item to itself is skipped.</param>
    /// <param name="k">Cut-off of the ranking.</param>
    /// <param name="progress">Told the number of links ranked so far after each one (from worker threads, one
    /// report at a time, counts increasing), e.g. a notebook <c>ProgressDisplay</c> started with the link count.</param>
    public HitRate Evaluate(IEnumerable<(int From, int To)> heldOutLinks, int k = 10, IProgress<long>? progress = null) =>
        Rank(heldOutLinks, k, Count, (from, to) => Logit(from, to), (from, j) => Logit(from, j), progress);

    internal static HitRate Rank(IEnumerable<(int From, int To)> links, int k, int count, Func<int, int, double> target, Func<int, int, double> score,
        IProgress<long>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var list = links.Where(l => l.From != l.To).ToList();
        var ranks = new int[list.Count];
        var gate = new object();
        long done = 0;
        Parallel.For(0, list.Count, i =>
        {
            var (from, to) = list[i];
            var linked = target(from, to);
            var better = 0;
            for (var j = 0; j < count; j++)
                if (j != from && j != to && score(from, j) >= linked)
                    better++;
            ranks[i] = better + 1;
            if (progress is not null)
                lock (gate)
                    progress.Report(++done);
        });
        return new HitRate(list.Count, ranks.Count(r => r <= k), k, list.Count == 0 ? double.NaN : ranks.Average(), Math.Max(0, count - 1));
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is outside the catalog (0..{Count - 1})");
    }
}
