namespace CompatNotebooks.Tests.Training;

/// <summary>
/// Tests that step TorchSharp's own optimisers (<c>torch.optim.Adam</c>, directly or through <c>BookLoop</c>) run alone.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's Adam passes temporary <c>Scalar</c> objects (β₁, 1 − β₁, the step size…) to native calls without
/// keeping them alive, and a <c>Scalar</c> has a finalizer that frees its native value. A garbage collection that
/// another thread starts during such a call can free the value while libtorch reads it, which fails the step with
/// "Expected false to be true … Scalar.h:140". The parallel tests allocate heavily on other threads, so they made that
/// rare event happen about once in ten full runs; alone, the loop's own thread allocates only between native calls.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchOptimizerCollection
{
    public const string Name = "TorchSharp optimisers (serial)";
}
