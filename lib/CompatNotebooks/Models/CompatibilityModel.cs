using CompatNotebooks.Interop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CompatNotebooks.Models;

/// <summary>
/// The chapter's compatibility model: items x1, x2 (feature rows) are projected into a K-dimensional style space by
/// E1 and E2 (s1 = x1·E1, s2 = x2·E2), compared, and squashed: p(compatible) = σ(logit(s1, s2)).
/// <see cref="Module{T1,T2,TResult}.forward"/> returns the logit. Inputs are single rows <c>[D]</c> or batches <c>[N, D]</c>.
/// </summary>
public abstract class CompatibilityModel : Module<Tensor, Tensor, Tensor>
{
    // The book's names: RegisterComponents() names the module's parameters after these fields (E1, E2, c), so the
    // saved state and the notebooks' own module use the chapter's vocabulary rather than the _camelCase field rule.
#pragma warning disable IDE1006
    private readonly Parameter E1;
    private readonly Parameter E2;
    private readonly Parameter c;
#pragma warning restore IDE1006

    /// <summary>Creates the module from plain parameters (copied).</summary>
    protected CompatibilityModel(string name, CompatibilityParameters parameters) : base(NativeReady(name))
    {
        if (parameters.Kind != Kind)
            throw new ArgumentException($"{parameters.Kind} parameters given to a {Kind} model.", nameof(parameters));
        FeatureDimension = parameters.FeatureDimension;
        StyleDimension = parameters.StyleDimension;
        E1 = new Parameter(torch.tensor(parameters.E1, [FeatureDimension, StyleDimension]));
        E2 = new Parameter(torch.tensor(parameters.E2, [FeatureDimension, StyleDimension]));
        c = new Parameter(torch.tensor(parameters.C));
        RegisterComponents();
    }

    /// <summary>Euclidean or inner product.</summary>
    public abstract CompatibilityKind Kind { get; }

    /// <summary>D, floats per feature row (4096 for the Amazon image features).</summary>
    public int FeatureDimension { get; }

    /// <summary>K, the style-space dimension (5 in the chapter).</summary>
    public int StyleDimension { get; }

    /// <summary>E1 (D×K), projecting the first item of a pair.</summary>
    public Parameter Projection1 => E1;

    /// <summary>E2 (D×K), projecting the second item of a pair.</summary>
    public Parameter Projection2 => E2;

    /// <summary>The bias c.</summary>
    public Parameter Bias => c;

    /// <summary>The style vectors x·E1 (<c>[N, K]</c>, or <c>[K]</c> for one row).</summary>
    public Tensor Style1(Tensor x) => x.matmul(E1);

    /// <summary>The style vectors x·E2.</summary>
    public Tensor Style2(Tensor x) => x.matmul(E2);

    /// <summary>The logit of p(compatible) for each pair (<c>[N]</c>, or a scalar for single rows).</summary>
    public override Tensor forward(Tensor x1, Tensor x2) => Compare(Style1(x1), Style2(x2));

    /// <summary>Same as <see cref="Module{T1,T2,TResult}.forward"/>: the logit.</summary>
    public Tensor Logit(Tensor x1, Tensor x2) => forward(x1, x2);

    /// <summary>p(compatible) = σ(logit).</summary>
    public Tensor Predict(Tensor x1, Tensor x2)
    {
        using var scope = torch.NewDisposeScope();
        return torch.sigmoid(forward(x1, x2)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The book's per-pair objective −log(p·(2y−1) − y + 1), i.e. −log p for y = 1 and −log(1−p) for y = 0,
    /// computed from the logit z as softplus(z) − y·z so it stays finite for any z (the book's form gives
    /// log 0 = −∞ once σ saturates). <paramref name="y"/> holds 0/1 labels shaped like the logits.
    /// </summary>
    public Tensor Loss(Tensor x1, Tensor x2, Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        var logit = forward(x1, x2);
        return LossFromLogit(logit, y.to_type(logit.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>The stable per-pair loss from logits: softplus(z) − y·z.</summary>
    public static Tensor LossFromLogit(Tensor logit, Tensor y) =>
        nn.functional.binary_cross_entropy_with_logits(logit, y, reduction: nn.Reduction.None);

    /// <summary>Compares style vectors: the logit for <c>[..., K]</c> inputs.</summary>
    protected abstract Tensor Compare(Tensor s1, Tensor s2);

    /// <summary>A copy of the parameters as plain arrays.</summary>
    public CompatibilityParameters GetParameters() =>
        new(Kind, FeatureDimension, StyleDimension,
            E1.detach().cpu().data<float>().ToArray(), E2.detach().cpu().data<float>().ToArray(), c.detach().cpu().item<float>());

    /// <summary>Overwrites the parameters with <paramref name="parameters"/> (same kind and shape).</summary>
    public void SetParameters(CompatibilityParameters parameters)
    {
        if (parameters.Kind != Kind || parameters.FeatureDimension != FeatureDimension || parameters.StyleDimension != StyleDimension)
            throw new ArgumentException(
                $"Parameters for a {parameters.Kind} {parameters.FeatureDimension}×{parameters.StyleDimension} model given to a {Kind} {FeatureDimension}×{StyleDimension} model.",
                nameof(parameters));
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        E1.copy_(torch.tensor(parameters.E1, [FeatureDimension, StyleDimension]));
        E2.copy_(torch.tensor(parameters.E2, [FeatureDimension, StyleDimension]));
        c.copy_(torch.tensor(parameters.C));
    }

    /// <summary>Writes the kind, shape and parameters to <paramref name="path"/> (see <see cref="CompatibilityModelFile"/>).</summary>
    public void Save(string path) => CompatibilityModelFile.Write(path, GetParameters());

    /// <summary>Reads a file written by <see cref="Save"/> into a new model of the stored kind.</summary>
    public static CompatibilityModel Load(string path) => Create(CompatibilityModelFile.Read(path));

    /// <summary>A new model of <paramref name="parameters"/>' kind holding a copy of them.</summary>
    public static CompatibilityModel Create(CompatibilityParameters parameters) => parameters.Kind switch
    {
        CompatibilityKind.Euclidean => new EuclideanCompatibility(parameters),
        CompatibilityKind.InnerProduct => new InnerProductCompatibility(parameters),
        _ => throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Kind, "Unknown compatibility kind."),
    };

    /// <summary>A freshly initialised model (the book's N(0, 0.001²) projections, c = 0).</summary>
    public static CompatibilityModel Create(CompatibilityKind kind, int featureDimension, int styleDimension = 5, int seed = 1) =>
        Create(CompatibilityParameters.Initial(kind, featureDimension, styleDimension, seed));

    private static string NativeReady(string name)
    {
        // Constructors are the first torch use in most programs: make the native library loadable first.
        TorchNative.EnsureLoaded();
        return name;
    }
}
