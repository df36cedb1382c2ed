namespace CompatNotebooks.Models;

/// <summary>
/// The one scalar definition of each model's compatibility function on style vectors, shared by the dense and sparse
/// training kernels, their scoring and <c>CompatibilityRanker</c>: logit, loss and ∂loss/∂s. The TorchSharp modules
/// (<see cref="EuclideanCompatibility"/>, <see cref="InnerProductCompatibility"/>) state the same function in tensor
/// operations for autograd; a test checks that all of them agree on random inputs.
/// </summary>
internal static unsafe class PairMath
{
    /// <summary>logit = c − ‖s1 − s2‖² or c + ⟨s1, s2⟩ (spans of equal length).</summary>
    public static double Logit(CompatibilityKind kind, ReadOnlySpan<float> s1, ReadOnlySpan<float> s2, double c)
    {
        if (s1.Length != s2.Length)
            throw new ArgumentException($"Style vectors of {s1.Length} and {s2.Length} dimensions.", nameof(s2));
        fixed (float* p1 = s1, p2 = s2)
            return Logit(kind, p1, p2, s1.Length, c);
    }

    /// <summary>logit = c − ‖s1 − s2‖² or c + ⟨s1, s2⟩ over the first <paramref name="k"/> entries.</summary>
    public static double Logit(CompatibilityKind kind, float* s1, float* s2, int k, double c)
    {
        double z = c;
        if (kind == CompatibilityKind.Euclidean)
            for (int j = 0; j < k; j++)
            {
                double diff = s1[j] - (double)s2[j];
                z -= diff * diff;
            }
        else
            for (int j = 0; j < k; j++)
                z += s1[j] * (double)s2[j];
        return z;
    }

    /// <summary>
    /// Writes a1 = ∂(loss/batch)/∂s1 and a2 = ∂(loss/batch)/∂s2, each multiplied by the feature <paramref name="scale"/>
    /// (s = scale·x·E, so ∂/∂E carries it once more), zero beyond <paramref name="k"/> up to <paramref name="stride"/>;
    /// returns the pair's loss and sets <paramref name="g"/> = ∂(loss/batch)/∂logit = ∂/∂c.
    /// </summary>
    public static double Backward(CompatibilityKind kind, float* s1, float* s2, int k, int stride, double z, bool compatible,
        double inverseBatch, double scale, float* a1, float* a2, out double g)
    {
        double y = compatible ? 1 : 0;
        g = (StableMath.Sigmoid(z) - y) * inverseBatch;
        double gs = g * scale;
        if (kind == CompatibilityKind.Euclidean)
        {
            for (int j = 0; j < k; j++)
            {
                double diff = s1[j] - (double)s2[j];
                a1[j] = (float)(-2 * gs * diff);
                a2[j] = (float)(2 * gs * diff);
            }
        }
        else
        {
            for (int j = 0; j < k; j++)
            {
                a1[j] = (float)(gs * s2[j]);
                a2[j] = (float)(gs * s1[j]);
            }
        }
        for (int j = k; j < stride; j++)
            a1[j] = a2[j] = 0;
        return StableMath.Softplus(z) - y * z;
    }
}
