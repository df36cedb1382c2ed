namespace CompatNotebooks.Cli;

/// <summary>
/// Refuses to train on nothing: without training pairs the loss, accuracy and AUC are NaN, and without held-out
/// pairs nothing can be evaluated, so both are data errors (exit code 1) before any training starts.
/// </summary>
public static class PairCounts
{
    /// <summary>Throws when the sample holds no pair at all (checked before the split).</summary>
    /// <exception cref="InvalidDataException">No pairs to train on.</exception>
    public static void CheckSampled(string category, int items, int pairs)
    {
        if (pairs == 0)
            throw new InvalidDataException(
                $"No pairs to train on: category '{category}' has {items:N0} catalog items and no also_bought link between two of them.");
    }

    /// <summary>Throws when <paramref name="trainPairs"/> or <paramref name="testPairs"/> is zero, saying why.</summary>
    /// <exception cref="InvalidDataException">No pairs to train on, or none held out.</exception>
    public static void CheckSplit(string category, int pairs, int trainPairs, int testPairs, double testFraction)
    {
        if (trainPairs == 0)
            throw new InvalidDataException(
                $"No pairs to train on: all {pairs:N0} pairs of category '{category}' were held out (--test-fraction {testFraction}).");
        if (testPairs == 0)
            throw new InvalidDataException(
                $"No held-out pairs to evaluate: --test-fraction {testFraction} of {pairs:N0} pairs of category '{category}' holds out none; raise --test-fraction or use more data.");
    }
}
