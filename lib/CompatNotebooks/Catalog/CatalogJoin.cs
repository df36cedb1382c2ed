using System.Diagnostics;
using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>
/// The join behind <see cref="ProductCatalog"/>: one pass over the metadata stream resolves every ASIN and
/// <c>also_bought</c> target to a feature row (only row numbers and the few displayed fields are kept, never the
/// whole records), then chooses the catalog rows, numbers the subcategories and keeps the links between
/// catalog items, counting everything it leaves out.
/// </summary>
internal static class CatalogJoin
{
    /// <summary>Joins <paramref name="metadata"/> (in file order) with the feature rows into a catalog.</summary>
    /// <param name="features">The feature rows.</param>
    /// <param name="index">Finds an ASIN's row in <paramref name="features"/>.</param>
    /// <param name="metadata">The products, in file order.</param>
    /// <param name="options">Which items to keep.</param>
    /// <param name="owned">Disposed with the catalog (the mapping), or null.</param>
    /// <param name="metadataReport">Read after the stream ends; defaults to the report of a <see cref="MetadataReader"/> stream.</param>
    public static ProductCatalog Join(IFeatureRows features, IAsinIndex index, IEnumerable<ProductMetadata> metadata,
        CatalogOptions options, IDisposable? owned, Func<MetadataReadReport?>? metadataReport = null)
    {
        var clock = Stopwatch.StartNew();
        int rows = features.Count;
        var title = new string?[rows];
        var brand = new string?[rows];
        var image = new string?[rows];
        var price = new double[rows];
        Array.Fill(price, double.NaN);
        var subcategoryName = new string?[rows];
        var hasMetadata = new bool[rows];
        var metadataAsins = new AsinRowTable(rows); // a set: the rows it stores are unused
        var pending = new List<long>(); // (from feature row << 32) | to feature row
        var listSeen = new HashSet<int>();
        int duplicates = 0, withBoth = 0, withSubcategory = 0;
        long linksTotal = 0, fromNoFeatures = 0, toNoFeatures = 0, selfLinks = 0, duplicateLinks = 0;

        // The ASIN lookups (most of the work: every product and every also_bought target) run on every core, a batch
        // at a time; what depends on file order (first line wins, the lists' duplicates, the link order) stays serial.
        var resolved = new ResolvedBatch();
        // The fields shown per item are gathered in file order and put in place by row afterwards: stored straight into
        // the row-indexed arrays (old, large), every young string would dirty a card of them at random, and each young
        // collection of the stream would scan them all.
        var shown = new List<ShownFields>(rows);
        foreach (var batch in Batches(metadata, ResolvedBatch.Products))
        {
            resolved.Resolve(batch, index);
            for (int p = 0; p < batch.Count; p++)
            {
                var product = batch[p];
                if (!metadataAsins.TryAdd(product.Asin, 0, out _)) { duplicates++; continue; }
                string? subcategory = product.Subcategory;
                if (subcategory is not null) withSubcategory++;
                var alsoBought = product.Related.AlsoBought;
                linksTotal += alsoBought.Count;
                int row = resolved.RowOf[p];
                if (row < 0) { fromNoFeatures += alsoBought.Count; continue; }
                withBoth++;
                hasMetadata[row] = true;
                shown.Add(new ShownFields(row, product.Title, product.Brand, product.ImageUrl, subcategory));
                if (product.Price is double amount) price[row] = amount;
                listSeen.Clear();
                var targets = resolved.TargetsOf(p);
                for (int t = 0; t < targets.Length; t++)
                {
                    int to = targets[t];
                    if (to == ResolvedBatch.Self) { selfLinks++; continue; }
                    if (to < 0) { toNoFeatures++; continue; }
                    if (!listSeen.Add(to)) { duplicateLinks++; continue; }
                    pending.Add(((long)row << 32) | (uint)to);
                }
            }
        }

        foreach (var (row, productTitle, productBrand, productImage, subcategory) in shown)
        {
            title[row] = productTitle;
            brand[row] = productBrand;
            image[row] = productImage;
            subcategoryName[row] = subcategory;
        }
        shown = null;

        // Which feature rows become items, in file order (the book's asinPos order).
        bool needMetadata = options.RequireMetadata || options.RequireSubcategory;
        var itemOfRow = new int[rows];
        var kept = new List<int>(rows);
        for (int r = 0; r < rows; r++)
        {
            bool keep = (!needMetadata || hasMetadata[r]) && (!options.RequireSubcategory || subcategoryName[r] is not null);
            itemOfRow[r] = keep ? kept.Count : -1;
            if (keep) kept.Add(r);
        }
        int count = kept.Count;

        // Subcategories: largest first, ties by name, ids = positions.
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int r in kept)
            if (subcategoryName[r] is { } name) sizes[name] = sizes.GetValueOrDefault(name) + 1;
        var subcategories = sizes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select((kv, id) => new SubcategoryCount(id, kv.Key, kv.Value)).ToArray();
        var idOf = subcategories.ToDictionary(s => s.Name, s => s.Id, StringComparer.Ordinal);

        var asins = new string[count];
        var itemTitle = new string?[count];
        var itemBrand = new string?[count];
        var itemImage = new string?[count];
        var itemPrice = new double[count];
        var itemSubcategory = new int[count];
        for (int i = 0; i < count; i++)
        {
            int r = kept[i];
            asins[i] = index.AsinAt(r);
            itemTitle[i] = title[r];
            itemBrand[i] = brand[r];
            itemImage[i] = image[r];
            itemPrice[i] = price[r];
            itemSubcategory[i] = subcategoryName[r] is { } name ? idOf[name] : -1;
        }

        var links = new List<CatalogLink>(pending.Count);
        long outsideCatalog = 0;
        foreach (long packed in pending)
        {
            int from = itemOfRow[(int)(packed >> 32)], to = itemOfRow[(int)(uint)packed];
            if (from < 0 || to < 0) { outsideCatalog++; continue; }
            links.Add(new CatalogLink(from, to));
        }

        // All rows kept: the source itself; otherwise a view of the kept rows (no copy of the features).
        var (catalogFeatures, catalogAsinIndex) = count == rows ? (features, index) : SelectRows(features, index, kept.ToArray());

        var readReport = metadataReport is not null ? metadataReport() : (metadata as MetadataReader)?.Report;
        var report = new CatalogReport
        {
            ItemsInMetadata = metadataAsins.Count,
            DuplicateMetadataLines = duplicates,
            ItemsWithFeatures = rows,
            ItemsWithBoth = withBoth,
            ItemsWithSubcategory = withSubcategory,
            CatalogItems = count,
            Subcategories = subcategories.Length,
            LinksTotal = linksTotal,
            LinksInCatalog = links.Count,
            LinksFromItemsWithoutFeatures = fromNoFeatures,
            LinksToItemsWithoutFeatures = toNoFeatures,
            LinksOutsideCatalog = outsideCatalog,
            SelfLinks = selfLinks,
            DuplicateLinks = duplicateLinks,
            MetadataSkipped = readReport is null ? new Dictionary<string, long>() : new Dictionary<string, long>(readReport.Skipped),
            MetadataFile = readReport,
            FeatureFile = (features as FeatureMatrix)?.Report ?? (features as FeatureStore)?.Report,
            Elapsed = clock.Elapsed,
        };
        return new ProductCatalog(catalogFeatures, catalogAsinIndex, asins, itemTitle, itemBrand, itemImage, itemPrice,
            itemSubcategory, subcategories, links.ToArray(), report, owned);
    }

    private readonly record struct ShownFields(int Row, string? Title, string? Brand, string? Image, string? Subcategory);

    /// <summary>The products in order, <paramref name="size"/> at a time (the last batch shorter).</summary>
    internal static IEnumerable<List<ProductMetadata>> Batches(IEnumerable<ProductMetadata> metadata, int size)
    {
        var batch = new List<ProductMetadata>(size);
        foreach (var product in metadata)
        {
            batch.Add(product);
            if (batch.Count < size) continue;
            yield return batch;
            batch = new List<ProductMetadata>(size);
        }
        if (batch.Count > 0) yield return batch;
    }

    private static (IFeatureRows, IAsinIndex) SelectRows(IFeatureRows features, IAsinIndex index, int[] rows)
    {
        if (features is FeatureMatrix matrix && ReferenceEquals(features, index))
        {
            var subset = matrix.Subset(rows); // shares the mapping; disposed with the catalog
            return (subset, subset);
        }
        var view = features is ISparseFeatureRows sparse
            ? new SelectedSparseFeatureRows(sparse, index, rows)
            : new SelectedFeatureRows(features, index, rows);
        return (view, view);
    }
}
