using System.Collections.Concurrent;
using System.Diagnostics;
using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

public sealed partial class ProductCatalog
{
    /// <summary>Products handed from the parsing thread to the join at a time: one hand-over per product would cost
    /// more in synchronisation than the join's own work on it.</summary>
    private const int HandOverProducts = 1024;

    /// <summary>Hand-overs parsed ahead of the join (and while the feature file is being opened). Few on purpose: a
    /// product still waiting here at a garbage collection is copied to an older generation, and with thousands waiting
    /// that copying costs more than the overlap gains.</summary>
    private const int MetadataLookahead = 2;

    /// <summary>From this many items on, the load ends by giving the memory its parsing freed back to the system
    /// (<see cref="FreedMemory"/>): by then it is hundreds of megabytes.</summary>
    private const int ReturnMemoryFromItems = 100_000;

    /// <summary>
    /// Opens <c>image_features_&lt;category&gt;.b</c> through its compact store (converted on first use, see
    /// <see cref="CatalogOptions.UseFeatureStore"/>; or memory-mapped when that is off) and streams <c>meta_&lt;category&gt;.json.gz</c>
    /// from <paramref name="dataDir"/> and joins them. The catalog owns the mapping: dispose it when done.
    /// </summary>
    /// <remarks>The metadata is parsed on a second thread while the feature file is mapped and checked, in file
    /// order, so the result is the same as streaming one after the other.</remarks>
    /// <param name="dataDir">Folder holding the files (the notebooks and the CLI decide which folder that is: see
    /// <c>CompatNotebooks.Location.DataLocation</c>).</param>
    /// <param name="category">File-name spelling (<c>Musical_Instruments</c>); spaces are accepted for underscores.</param>
    /// <param name="options">Which items to keep and how to treat bad input (<see cref="CatalogOptions.Strict"/>: the first
    /// bad line or record is an error).</param>
    /// <exception cref="FileNotFoundException">A file is missing or a dangling link (the message names it).</exception>
    /// <exception cref="IOException">A link loop; a truncated or corrupt metadata archive, or one with no product
    /// (<see cref="MetadataFileException"/>); a bad feature file (<see cref="FeatureFileException"/>).</exception>
    public static ProductCatalog Load(string dataDir, string category, CatalogOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        options ??= new CatalogOptions();
        var clock = Stopwatch.StartNew();
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        string dir = Path.GetFullPath(dataDir);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Data folder '{dir}' does not exist.");
        string featurePath = Path.Combine(dir, DataFiles.FeatureFileName(category));
        string metadataPath = Path.Combine(dir, DataFiles.MetadataFileName(category));
        foreach (var path in new[] { featurePath, metadataPath })
        {
            try
            {
                LinkedFile.Require(path, $"Data file for category '{category}'");
            }
            catch (FileNotFoundException missing)
            {
                throw new FileNotFoundException(
                    $"{missing.Message} See data/README.md for the file names and how to download them.", path);
            }
        }

        using var reader = MetadataReader.Read(metadataPath, new MetadataReadOptions
        {
            OnError = options.MetadataErrors,
            Progress = options.MetadataProgress,
        });
        using var stop = new CancellationTokenSource();
        using var buffer = new BlockingCollection<List<ProductMetadata>>(MetadataLookahead);
        // A thread of its own: it blocks (on the parser and on a full buffer), and a blocked pool thread would starve
        // the parallel work it feeds (the parser's batches, the store's check, the join's lookups).
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var batch in CatalogJoin.Batches(reader, HandOverProducts)) buffer.Add(batch, stop.Token);
            }
            finally { buffer.CompleteAdding(); }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        IDisposable? owned = null;
        try
        {
            var (features, index) = OpenFeatures(featurePath, options, out owned);
            var catalog = CatalogJoin.Join(features, index, Consume(buffer, producer, stop.Token), options, owned, () => reader.Report);
            if (catalog.Count >= ReturnMemoryFromItems) FreedMemory.Release();
            return catalog.WithElapsed(clock.Elapsed);
        }
        catch
        {
            owned?.Dispose();
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* the first error is the one rethrown */ }
            throw;
        }
    }

    /// <summary>The compact store (converted when missing or stale) or, when opted out, the mapped <c>.b</c> file.</summary>
    private static (IFeatureRows, IAsinIndex) OpenFeatures(string featurePath, CatalogOptions options, out IDisposable owned)
    {
        if (options.UseFeatureStore)
        {
            var store = FeatureStoreFiles.OpenOrConvert(featurePath, options.EffectiveFeatureFile, options.StoreProgress, out _);
            owned = store;
            return (store, store);
        }
        var matrix = FeatureMatrix.Open(featurePath, options.EffectiveFeatureFile);
        owned = matrix;
        return (matrix, matrix);
    }

    /// <summary>The products in file order; rethrows the parser's error (e.g. a malformed line under Throw) at the end.</summary>
    private static IEnumerable<ProductMetadata> Consume(BlockingCollection<List<ProductMetadata>> buffer, Task producer, CancellationToken stop)
    {
        foreach (var batch in buffer.GetConsumingEnumerable(stop))
            foreach (var product in batch) yield return product;
        producer.GetAwaiter().GetResult();
    }

    private ProductCatalog WithElapsed(TimeSpan elapsed)
    {
        _report = _report with { Elapsed = elapsed };
        return this;
    }
}
