using CompatNotebooks.Models;

namespace CompatNotebooks.Training;

/// <summary>
/// A model's parameters in the fused kernels' layout: E1 and E2 transposed (one contiguous row of D floats per style
/// dimension) and padded with zero rows up to a multiple of <see cref="FusedKernels.Width"/>. Padding is exact: a zero
/// style dimension contributes nothing to either comparison and receives a zero gradient, so it stays zero.
/// </summary>
internal sealed unsafe class FusedParameters : IDisposable
{
    public FusedParameters(CompatibilityKind kind, int featureDimension, int styleDimension)
    {
        Kind = kind;
        FeatureDimension = featureDimension;
        StyleDimension = styleDimension;
        Blocks = (styleDimension + FusedKernels.Width - 1) / FusedKernels.Width;
        PaddedStyleDimension = Blocks * FusedKernels.Width;
        W1 = new NativeBuffer((long)PaddedStyleDimension * featureDimension);
        W2 = new NativeBuffer((long)PaddedStyleDimension * featureDimension);
    }

    public CompatibilityKind Kind { get; }
    public int FeatureDimension { get; }
    public int StyleDimension { get; }
    public int PaddedStyleDimension { get; }
    public int Blocks { get; }

    /// <summary>E1ᵀ, <c>PaddedStyleDimension × FeatureDimension</c>.</summary>
    public NativeBuffer W1 { get; }

    /// <summary>E2ᵀ.</summary>
    public NativeBuffer W2 { get; }

    public float C;

    /// <summary>Number of floats in each of W1, W2.</summary>
    public long Length => W1.Length;

    public void Load(CompatibilityParameters p)
    {
        if (p.Kind != Kind || p.FeatureDimension != FeatureDimension || p.StyleDimension != StyleDimension)
            throw new ArgumentException($"Parameters of a {p.Kind} {p.FeatureDimension}×{p.StyleDimension} model do not fit a {Kind} {FeatureDimension}×{StyleDimension} trainer.");
        Transpose(p.E1, W1.Pointer);
        Transpose(p.E2, W2.Pointer);
        C = p.C;
    }

    public void Store(CompatibilityParameters p)
    {
        Untranspose(W1.Pointer, p.E1);
        Untranspose(W2.Pointer, p.E2);
        p.C = C;
    }

    /// <summary>Writes a transposed gradient pair into a D×K row-major parameters object.</summary>
    public CompatibilityParameters ToParameters(float* w1, float* w2, float c)
    {
        var p = new CompatibilityParameters(Kind, FeatureDimension, StyleDimension,
            new float[FeatureDimension * StyleDimension], new float[FeatureDimension * StyleDimension], c);
        Untranspose(w1, p.E1);
        Untranspose(w2, p.E2);
        return p;
    }

    private void Transpose(float[] rowMajor, float* transposed)
    {
        new Span<float>(transposed, checked((int)Length)).Clear();
        int d = FeatureDimension, k = StyleDimension;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
                transposed[(long)j * d + i] = rowMajor[i * k + j];
    }

    private void Untranspose(float* transposed, float[] rowMajor)
    {
        int d = FeatureDimension, k = StyleDimension;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
                rowMajor[i * k + j] = transposed[(long)j * d + i];
    }

    public void Dispose()
    {
        W1.Dispose();
        W2.Dispose();
    }
}
