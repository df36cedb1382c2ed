using CompatNotebooks.Catalog;
using CompatNotebooks.Data;

namespace CompatNotebooks.Notebook;

/// <summary>
/// The progress bars of a catalog load, one per long step, each shown with its first report: converting the
/// <c>.b</c> file to the compact feature store (only when the load converts) and reading the metadata file (bytes of
/// the file on disk, in MB, and lines read). Pass <see cref="Store"/> and <see cref="Metadata"/> to
/// <see cref="CatalogOptions"/>, or let <see cref="Progress.LoadCatalog"/> do it.
/// </summary>
public sealed class CatalogLoadProgress : IDisposable
{
    private const double Megabyte = 1e6;
    private readonly string _category;
    private readonly Bar<FeatureStoreProgress> _store;
    private readonly Bar<MetadataReadProgress> _metadata;

    /// <summary>Creates the (not yet shown) bars for loading <paramref name="category"/>.</summary>
    public CatalogLoadProgress(string category)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        _category = category;
        _store = new Bar<FeatureStoreProgress>(
            p => ProgressDisplay.Start($"Converting {DataFiles.FeatureFileName(_category)} to the compact store, MB", Megabytes(p.TotalBytes)),
            (bar, p) => bar.Report(Megabytes(p.BytesRead)));
        _metadata = new Bar<MetadataReadProgress>(
            p => ProgressDisplay.Start($"Reading {DataFiles.MetadataFileName(_category)}, MB", Megabytes(p.TotalBytes)),
            (bar, p) => bar.Report(Megabytes(p.BytesRead), $"{p.Lines:N0} lines"));
    }

    /// <summary>For <see cref="CatalogOptions.StoreProgress"/>.</summary>
    public IProgress<FeatureStoreProgress> Store => _store;

    /// <summary>For <see cref="CatalogOptions.MetadataProgress"/>.</summary>
    public IProgress<MetadataReadProgress> Metadata => _metadata;

    /// <summary>The latest state of the conversion bar (null when no conversion was reported).</summary>
    public ProgressState? StoreState => _store.State;

    /// <summary>The latest state of the metadata bar (null before the first report).</summary>
    public ProgressState? MetadataState => _metadata.State;

    /// <summary>Marks every shown bar finished.</summary>
    public void Dispose()
    {
        _store.Dispose();
        _metadata.Dispose();
    }

    private static long Megabytes(long bytes) => (long)Math.Ceiling(bytes / Megabyte);

    /// <summary>A bar started by the first report; reports may come from another thread than the one that disposes.</summary>
    private sealed class Bar<T>(Func<T, ProgressDisplay> start, Action<ProgressDisplay, T> report) : IProgress<T>, IDisposable
    {
        private readonly object _gate = new();
        private ProgressDisplay? _bar;

        public ProgressState? State
        {
            get
            {
                lock (_gate)
                    return _bar?.State;
            }
        }

        public void Report(T value)
        {
            lock (_gate)
            {
                _bar ??= start(value);
                report(_bar, value);
            }
        }

        public void Dispose()
        {
            lock (_gate)
                _bar?.Complete();
        }
    }
}
