namespace CompatNotebooks.Models;

/// <summary>Logistic functions that neither overflow nor lose the tail for any finite input.</summary>
public static class StableMath
{
    /// <summary>σ(z) = 1 / (1 + e^(−z)), evaluated on the side where the exponential cannot overflow.</summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0)
            return 1 / (1 + Math.Exp(-z));
        double e = Math.Exp(z);
        return e / (1 + e);
    }

    /// <summary>softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)); −log σ(z) = softplus(−z).</summary>
    public static double Softplus(double z) => Math.Max(z, 0) + Log1p(Math.Exp(-Math.Abs(z)));

    /// <summary>The per-pair loss −log(p·(2y−1) − y + 1) with p = σ(z), for a 0/1 label y: softplus(z) − y·z.</summary>
    public static double Loss(double logit, bool compatible) => Softplus(logit) - (compatible ? logit : 0);

    private static double Log1p(double x) => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
}
