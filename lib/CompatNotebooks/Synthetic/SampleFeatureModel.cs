using System.Numerics.Tensors;

namespace CompatNotebooks.Synthetic;

/// <summary>
/// Turns an item's planted style and subcategory into a CNN-like feature row: non-negative and sparse
/// (about three quarters zeros, some dimensions never active), through a fixed random linear map plus noise
/// and a ReLU — so a linear projection of the features (the model's E) can recover the style.
/// </summary>
internal sealed class SampleFeatureModel
{
    private const float SubcategoryWeight = 0.8f;
    private const float NoiseScale = 0.7f;
    private const float OutputScale = 2.5f;

    private readonly SampleWorld _world;
    private readonly int _dimension;
    private readonly float[] _map;   // K rows of Dimension: style k's direction in feature space
    private readonly float[] _base;  // per subcategory: bias + subcategory offset, Dimension each

    public SampleFeatureModel(SampleWorld world)
    {
        _world = world;
        _dimension = world.Options.Dimension;
        int k = world.K, d = _dimension, subcategories = world.Vocabulary.Subcategories.Length;
        var r = world.StreamOf(SampleWorld.SetupStream, 1);
        _map = new float[k * d];
        float mapScale = 1f / MathF.Sqrt(k);
        for (int i = 0; i < _map.Length; i++) _map[i] = (float)r.NextGaussian() * mapScale;
        var bias = new float[d];
        for (int j = 0; j < d; j++)
            bias[j] = r.NextDouble() < 0.05 ? -50f : -1.6f + 0.3f * (float)r.NextGaussian(); // 5 % dead units, as in real CNN features
        _base = new float[subcategories * d];
        for (int s = 0; s < subcategories; s++)
            for (int j = 0; j < d; j++)
                _base[s * d + j] = bias[j] + SubcategoryWeight * (float)r.NextGaussian();
    }

    /// <summary>Writes item <paramref name="item"/>'s features into <paramref name="row"/> (length Dimension).</summary>
    public void Fill(int item, Span<float> row)
    {
        int d = _dimension;
        _base.AsSpan(_world.Subcategory[item] * d, d).CopyTo(row);
        var style = _world.StyleOf(item);
        for (int k = 0; k < style.Length; k++)
            TensorPrimitives.MultiplyAdd(_map.AsSpan(k * d, d), style[k], row, row);
        // Triangular noise (two uniforms per draw, unit variance): cheap and bounded.
        var r = _world.StreamOf(SampleWorld.FeatureStream, item);
        const float toUnit = 2.4494897f / 4294967296f; // sqrt(6) / 2^32
        for (int j = 0; j < d; j++)
        {
            ulong bits = r.NextUInt64();
            float u = ((uint)bits + (float)(uint)(bits >> 32)) * toUnit - 2.4494897f;
            row[j] += NoiseScale * u;
        }
        TensorPrimitives.Max(row, 0f, row);
        TensorPrimitives.Multiply(row, OutputScale, row);
    }
}
