namespace CompatNotebooks.Training;

/// <summary>A snapshot of a running training, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Epoch">The current epoch, 1-based.</param>
/// <param name="Epochs">Epochs in this run.</param>
/// <param name="PairsSeen">Pairs processed in this run so far.</param>
/// <param name="TotalPairs">Pairs this run will process (epochs × pairs).</param>
/// <param name="RunningLoss">Mean loss over the current epoch's pairs so far.</param>
/// <param name="PairsPerSecond">Throughput of this run so far.</param>
/// <param name="Elapsed">Wall time of this run so far.</param>
/// <param name="Remaining">Estimated time to the end of the run.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, long PairsSeen, long TotalPairs, double RunningLoss, double PairsPerSecond,
    TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>Fraction of the run done, 0…1.</summary>
    public double Fraction => TotalPairs == 0 ? 1 : (double)PairsSeen / TotalPairs;

    /// <summary>One line for logs and the CLI.</summary>
    public override string ToString() =>
        $"epoch {Epoch}/{Epochs}  {Fraction:P0}  loss {RunningLoss:F4}  {PairsPerSecond:N0} pairs/s  ETA {(int)Remaining.TotalMinutes}:{Remaining.Seconds:D2}";
}

/// <summary>What a training run did.</summary>
/// <param name="Epochs">Epochs completed.</param>
/// <param name="PairsSeen">Pairs processed.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="EpochLosses">Mean training loss of each epoch (parameters changing during the epoch).</param>
public sealed record TrainingResult(int Epochs, long PairsSeen, TimeSpan Elapsed, IReadOnlyList<double> EpochLosses)
{
    /// <summary>Pairs per second of wall time.</summary>
    public double PairsPerSecond => Elapsed.TotalSeconds > 0 ? PairsSeen / Elapsed.TotalSeconds : 0;

    /// <summary>The offset c after the run (NaN when not recorded).</summary>
    public double Bias { get; init; } = double.NaN;

    /// <summary>The last epoch's mean training loss (NaN when no epoch ran).</summary>
    public double FinalLoss => EpochLosses.Count > 0 ? EpochLosses[^1] : double.NaN;
}
