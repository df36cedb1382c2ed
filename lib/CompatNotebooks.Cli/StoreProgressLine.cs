using CompatNotebooks.Data;

namespace CompatNotebooks.Cli;

/// <summary>Prints a conversion's progress on stderr, one line per tenth of the file (and the last), so a log stays
/// short; reported synchronously from the converting thread.</summary>
public sealed class StoreProgressLine(TextWriter writer, string what) : IProgress<FeatureStoreProgress>
{
    private int _tenths = -1;

    /// <inheritdoc />
    public void Report(FeatureStoreProgress value)
    {
        int tenths = (int)(value.Fraction * 10);
        if (tenths == _tenths) return;
        _tenths = tenths;
        writer.WriteLine($"converting {what} to a feature store: {value.Fraction,4:P0} ({value.BytesRead / 1e6:N0} of " +
                         $"{value.TotalBytes / 1e6:N0} MB, {value.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>A progress line on stderr when the store is used, else none.</summary>
    public static StoreProgressLine? When(bool useStore) => useStore ? new StoreProgressLine(Console.Error, "the feature file") : null;
}
