namespace CompatNotebooks.Training;

/// <summary>
/// Training met a NaN or infinite loss. The trainer stops at the first such batch, before its step, so the parameters
/// stay finite; the message names the epoch and batch and suggests the usual causes.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>A report of the non-finite loss of batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(int epoch, int batch, double loss, double learningRate)
        : base($"Training diverged: the mean loss of epoch {epoch}, batch {batch} is {loss}. " +
               $"Try a smaller learning rate (now {learningRate:G3}) or check the features' scale (very large " +
               "values overflow the style vectors or their squared distances in float32); the parameters from before this batch are kept.")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>The epoch (1-based) of the failing batch.</summary>
    public int Epoch { get; }

    /// <summary>The batch (1-based, within its epoch) whose loss was not finite.</summary>
    public int Batch { get; }

    /// <summary>The non-finite mean loss.</summary>
    public double Loss { get; }
}
