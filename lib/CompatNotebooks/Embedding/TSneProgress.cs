using System.Globalization;

namespace CompatNotebooks.Embedding;

/// <summary>
/// A progress report of a t-SNE run. During the optimisation (<see cref="Phase"/> = <see cref="TSnePhase.Optimization"/>)
/// it is sent every <see cref="TSneOptions.CheckInterval"/> iterations and at the end. Before it, the long preparation
/// phases (<see cref="TSnePhase.Neighbours"/>, <see cref="TSnePhase.Affinities"/>, <see cref="TSnePhase.Initialization"/>)
/// report <see cref="Completed"/> out of <see cref="Total"/> with <see cref="Iteration"/> 0 and a NaN KL divergence.
/// </summary>
/// <param name="Iteration">Iterations completed.</param>
/// <param name="TotalIterations">Iterations planned.</param>
/// <param name="KullbackLeibler">KL(P‖Q) of the current embedding for the un-exaggerated P (Z from the gradient method); NaN before the optimisation.</param>
/// <param name="GradientNorm">Norm of the gain-scaled gradient of the last step; NaN before the optimisation.</param>
/// <param name="Exaggerating">True while early exaggeration is on.</param>
public readonly record struct TSneProgress(int Iteration, int TotalIterations, double KullbackLeibler, double GradientNorm, bool Exaggerating)
{
    /// <summary>The stage this report belongs to (<see cref="TSnePhase.Optimization"/> for the iteration reports).</summary>
    public TSnePhase Phase { get; init; }

    /// <summary>Work done in <see cref="Phase"/>: points for <see cref="TSnePhase.Neighbours"/>, iterations for the optimisation.</summary>
    public long Completed { get; init; }

    /// <summary>Work planned in <see cref="Phase"/> (same unit as <see cref="Completed"/>).</summary>
    public long Total { get; init; }

    /// <summary>A one-line description, e.g. "neighbours 400,000/1,455,044 points" or "iteration 50/500: KL 4.1234, …".</summary>
    public string Describe() => Phase switch
    {
        TSnePhase.Neighbours => string.Create(CultureInfo.InvariantCulture, $"neighbours and perplexity calibration: {Completed:N0}/{Total:N0} points"),
        TSnePhase.Affinities => Completed < Total ? "symmetrising the affinities" : "affinities done",
        TSnePhase.Initialization => Completed < Total ? "initialising the embedding" : "initial embedding done",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"iteration {Iteration}/{TotalIterations}: KL {KullbackLeibler:F4}, gradient norm {GradientNorm:E2}{(Exaggerating ? " (early exaggeration)" : "")}"),
    };

    /// <summary>A report of a preparation phase (before the first iteration).</summary>
    internal static TSneProgress Preparing(TSnePhase phase, long completed, long total, int totalIterations) =>
        new(0, totalIterations, double.NaN, double.NaN, false) { Phase = phase, Completed = completed, Total = total };
}
