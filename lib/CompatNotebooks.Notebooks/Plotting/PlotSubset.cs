using CompatNotebooks.Randomness;

namespace CompatNotebooks.Plotting;

/// <summary>
/// Which points a chart draws: all of them when there are at most as many as a chart can carry, otherwise a seeded
/// random subset (rows in increasing order). A scatter chart of a million points is an output of hundreds of
/// megabytes that no browser renders, while a random subset of tens of thousands shows the same shapes; numbers
/// measured on the points (neighbour purity) are still taken on all of them.
/// </summary>
/// <param name="Rows">The rows drawn, increasing.</param>
/// <param name="Total">How many points there are in all.</param>
/// <param name="Seed">The seed of the draw.</param>
public sealed record PlotSubset(int[] Rows, int Total, int Seed)
{
    /// <summary>Points drawn.</summary>
    public int Count => Rows.Length;

    /// <summary>True when every point is drawn.</summary>
    public bool IsAll => Rows.Length == Total;

    /// <summary>Draws at most <paramref name="maxPoints"/> of <paramref name="total"/> rows, uniformly without
    /// replacement; the same seed gives the same rows.</summary>
    public static PlotSubset Draw(int total, int maxPoints, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPoints);
        var rows = new int[total];
        for (var i = 0; i < total; i++)
            rows[i] = i;
        if (total <= maxPoints)
            return new PlotSubset(rows, total, seed);
        // The first maxPoints places of a partial Fisher–Yates shuffle.
        var random = new SeededRandom((ulong)seed);
        for (var i = 0; i < maxPoints; i++)
        {
            var j = i + random.NextInt(total - i);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        var chosen = rows[..maxPoints];
        Array.Sort(chosen);
        return new PlotSubset(chosen, total, seed);
    }

    /// <summary>The values of the drawn rows (e.g. each point's subcategory), in the same order as <see cref="Rows"/>.</summary>
    public IReadOnlyList<T> Of<T>(IReadOnlyList<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Total)
            throw new ArgumentException($"{values.Count} values for {Total} points", nameof(values));
        return Array.ConvertAll(Rows, r => values[r]);
    }

    /// <summary>The drawn points, their coordinates rounded to <see cref="Decimals"/> decimals: a chart stores each
    /// coordinate as text (twice, for the page and for Jupyter), and a float's 17 digits as a double are noise there.</summary>
    public ScatterPoints Of(ScatterPoints points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return new ScatterPoints(Rounded(Of(points.X)), Rounded(Of(points.Y)), Of(points.HoverText));
    }

    /// <summary>Decimals kept of a drawn coordinate (t-SNE spreads points over tens of units: far below a pixel).</summary>
    public const int Decimals = 4;

    private static double[] Rounded(IReadOnlyList<double> values)
    {
        var rounded = new double[values.Count];
        for (var i = 0; i < rounded.Length; i++)
            rounded[i] = Math.Round(values[i], Decimals);
        return rounded;
    }

    /// <summary>What is drawn, e.g. <c>50,000 of 1,455,044 points (a random subset, seed 1)</c> or <c>all 9,120 points</c>.</summary>
    public override string ToString() =>
        IsAll ? $"all {Total:N0} points" : $"{Count:N0} of {Total:N0} points (a random subset, seed {Seed})";
}
