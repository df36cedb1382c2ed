using CompatNotebooks.Models;

namespace CompatNotebooks.Training;

/// <summary>How <see cref="FusedParameters"/> stores E1 and E2.</summary>
internal enum ParameterLayout
{
    /// <summary>Transposed: one contiguous row of D floats per style dimension, for the dense kernels that stream a
    /// feature row against all of a block's dimensions; padded to a multiple of <see cref="FusedKernels.Width"/>.</summary>
    Transposed,

    /// <summary>Row-major D × K padded to a multiple of 8, so one feature's weights are one 256-bit vector: for the
    /// sparse kernels, which visit only a row's non-zero features.</summary>
    Interleaved,
}

/// <summary>
/// A model's parameters in a kernel layout (<see cref="ParameterLayout"/>), padded with zero style dimensions. Padding
/// is exact: a zero style dimension contributes nothing to either comparison and receives a zero gradient, so it stays
/// zero. The optimiser works element by element and does not care about the layout.
/// </summary>
internal sealed unsafe class FusedParameters : IDisposable
{
    public FusedParameters(CompatibilityKind kind, int featureDimension, int styleDimension, ParameterLayout layout = ParameterLayout.Transposed)
    {
        Kind = kind;
        FeatureDimension = featureDimension;
        StyleDimension = styleDimension;
        Layout = layout;
        int width = layout == ParameterLayout.Transposed ? FusedKernels.Width : SparseKernels.Width;
        Blocks = (styleDimension + width - 1) / width;
        PaddedStyleDimension = Blocks * width;
        W1 = new NativeBuffer((long)PaddedStyleDimension * featureDimension);
        W2 = new NativeBuffer((long)PaddedStyleDimension * featureDimension);
    }

    public CompatibilityKind Kind { get; }
    public ParameterLayout Layout { get; }
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
                transposed[Index(i, j)] = rowMajor[i * k + j];
    }

    private void Untranspose(float* transposed, float[] rowMajor)
    {
        int d = FeatureDimension, k = StyleDimension;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
                rowMajor[i * k + j] = transposed[Index(i, j)];
    }

    /// <summary>Position of feature <paramref name="d"/>, style dimension <paramref name="k"/> in the layout.</summary>
    private long Index(int d, int k) =>
        Layout == ParameterLayout.Transposed ? (long)k * FeatureDimension + d : (long)d * PaddedStyleDimension + k;

    public void Dispose()
    {
        W1.Dispose();
        W2.Dispose();
    }
}
