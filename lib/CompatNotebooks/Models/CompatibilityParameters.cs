using CompatNotebooks.Data;
using CompatNotebooks.Randomness;

namespace CompatNotebooks.Models;

/// <summary>
/// A compatibility model's parameters as plain arrays: the form the fused trainer, saving and tests work with.
/// </summary>
/// <remarks><see cref="E1"/> and <see cref="E2"/> are row-major <c>FeatureDimension × StyleDimension</c>, the same
/// layout as the model's tensors (row d holds feature d's weights for all style dimensions).</remarks>
public sealed class CompatibilityParameters
{
    /// <summary>Wraps the arrays (not copied).</summary>
    public CompatibilityParameters(CompatibilityKind kind, int featureDimension, int styleDimension, float[] e1, float[] e2, float c)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureDimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(styleDimension);
        ArgumentNullException.ThrowIfNull(e1);
        ArgumentNullException.ThrowIfNull(e2);
        long expected = (long)featureDimension * styleDimension;
        if (e1.Length != expected || e2.Length != expected)
            throw new ArgumentException($"E1 has {e1.Length} and E2 {e2.Length} values; {featureDimension}×{styleDimension} = {expected} expected.");
        Kind = kind;
        FeatureDimension = featureDimension;
        StyleDimension = styleDimension;
        E1 = e1;
        E2 = e2;
        C = c;
    }

    /// <summary>Euclidean or inner-product comparison.</summary>
    public CompatibilityKind Kind { get; }

    /// <summary>D, floats per feature row.</summary>
    public int FeatureDimension { get; }

    /// <summary>K, the style-space dimension.</summary>
    public int StyleDimension { get; }

    /// <summary>Projection of the first item, row-major D×K.</summary>
    public float[] E1 { get; }

    /// <summary>Projection of the second item, row-major D×K.</summary>
    public float[] E2 { get; }

    /// <summary>The bias c.</summary>
    public float C { get; set; }

    /// <summary>A deep copy.</summary>
    public CompatibilityParameters Clone() =>
        new(Kind, FeatureDimension, StyleDimension, (float[])E1.Clone(), (float[])E2.Clone(), C);

    /// <summary>The book's initialisation: every entry of E1 and E2 drawn from N(0, <paramref name="stddev"/>²)
    /// (0.001 in the chapter), c = 0; deterministic for a given <paramref name="seed"/>.</summary>
    public static CompatibilityParameters Initial(CompatibilityKind kind, int featureDimension, int styleDimension, int seed, double stddev = 0.001)
    {
        // Our own seeded generator, not System.Random or libtorch's: the same numbers on every platform and version.
        var random = new SeededRandom((ulong)seed);
        var e1 = new float[featureDimension * styleDimension];
        var e2 = new float[featureDimension * styleDimension];
        for (int i = 0; i < e1.Length; i++) e1[i] = (float)(random.NextGaussian() * stddev);
        for (int i = 0; i < e2.Length; i++) e2[i] = (float)(random.NextGaussian() * stddev);
        return new(kind, featureDimension, styleDimension, e1, e2, 0f);
    }
}
