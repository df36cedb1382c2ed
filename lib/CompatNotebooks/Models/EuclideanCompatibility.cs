using static TorchSharp.torch;

namespace CompatNotebooks.Models;

/// <summary>The chapter's model: logit = c − ‖x1·E1 − x2·E2‖² (compatible items lie close in style space).</summary>
public sealed class EuclideanCompatibility : CompatibilityModel
{
    /// <summary>A new model with the book's initialisation: E1, E2 ~ N(0, 0.001²), c = 0, seeded.</summary>
    /// <param name="featureDimension">D (4096 for the image features).</param>
    /// <param name="styleDimension">K, 5 in the chapter.</param>
    /// <param name="seed">Seed of the initial projections.</param>
    public EuclideanCompatibility(int featureDimension, int styleDimension = 5, int seed = 1)
        : this(CompatibilityParameters.Initial(CompatibilityKind.Euclidean, featureDimension, styleDimension, seed)) { }

    /// <summary>A model holding a copy of <paramref name="parameters"/>.</summary>
    public EuclideanCompatibility(CompatibilityParameters parameters) : base(nameof(EuclideanCompatibility), parameters) { }

    /// <inheritdoc />
    public override CompatibilityKind Kind => CompatibilityKind.Euclidean;

    /// <inheritdoc />
    protected override Tensor Compare(Tensor s1, Tensor s2)
    {
        using var scope = NewDisposeScope();
        return (Bias - (s1 - s2).square().sum(-1)).MoveToOuterDisposeScope();
    }
}
