using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Cli;

/// <summary>What <c>train</c> was asked to do, as bound from the command line.</summary>
public sealed record TrainSettings
{
    /// <summary>The <c>--data</c> folder, or null for <c>$COMPAT_DATA_DIR</c> / the generated sample.</summary>
    public string? Data { get; init; }

    /// <summary>The category in the file names.</summary>
    public required string Category { get; init; }

    /// <summary>Stop at the first malformed line or repeated ASIN.</summary>
    public bool Strict { get; init; }

    /// <summary>Read the features through the compact store (<c>--no-store</c> turns it off).</summary>
    public bool UseStore { get; init; } = true;

    /// <summary>Which compatibility function is trained.</summary>
    public CompatibilityKind Kind { get; init; }

    /// <summary>How negatives are drawn (and, for same-subcategory, which items and links are kept).</summary>
    public NegativeSampling Negatives { get; init; }

    /// <summary>K, the style-space dimension.</summary>
    public int StyleDimension { get; init; }

    /// <summary>Passes over the training pairs (at least 1).</summary>
    public int Epochs { get; init; }

    /// <summary>Held-out share of the pairs.</summary>
    public double TestFraction { get; init; }

    /// <summary>Seeds sampling, split, initialisation and shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>Where the trained model is written, or null.</summary>
    public string? SavePath { get; init; }

    /// <summary>Evaluate the held-out pairs after every epoch.</summary>
    public bool EvaluateEachEpoch { get; init; }

    /// <summary>The trainer's options.</summary>
    public required FusedTrainerOptions Trainer { get; init; }
}
