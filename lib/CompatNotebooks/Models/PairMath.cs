using CompatNotebooks.Models;

namespace CompatNotebooks.Models;

/// <summary>The per-pair scalar part shared by the dense and sparse kernels: logit, loss and ∂loss/∂s.</summary>
internal static unsafe class PairMath
{
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
