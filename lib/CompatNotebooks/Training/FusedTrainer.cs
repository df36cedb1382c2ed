using System.Diagnostics;
using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;
using CompatNotebooks.Threading;

namespace CompatNotebooks.Training;

/// <summary>
/// Minibatch training of a compatibility model on the CPU without autograd: each batch's forward and backward pass
/// run in fused SIMD kernels on several threads, then one Adam (or SGD) step. Two kernel families: dense
/// (<see cref="FusedKernels"/>: each feature row streamed once per pair straight from the memory-mapped file, projected,
/// then accumulated into the gradient from cache) and sparse (<see cref="SparseKernels"/>: the same over a cache of each
/// row's non-zero features, built once — the CNN features are mostly zeros). The model's parameters are read at the
/// start of every <see cref="Train(IReadOnlyList{CompatPair}, int, IProgress{TrainingProgress}, CancellationToken)"/> and written back at its end (also when cancelled), so the same model is used for
/// prediction afterwards.
/// </summary>
/// <remarks>
/// Reproducible: the same seed, thread count, kernels and pairs give bit-identical parameters (each thread's share of a
/// batch is fixed, and the threads' gradients are summed in thread order). The optimiser state persists across calls,
/// so <c>Train(pairs, 1)</c> twice equals <c>Train(pairs, 2)</c>.
/// </remarks>
public sealed class FusedTrainer : IDisposable
{
    private readonly CompatibilityModel? _model;
    private readonly CompatibilityParameters _parameters;
    private readonly FeatureRowAccess _rows;
    private readonly FusedParameters _state;
    private readonly FusedOptimizer _optimizer;
    private readonly GradientWorker[] _workers;
    private readonly SparseFeatureCache? _sparse;
    private SeededRandom _shuffle; // mutable struct: advanced in place by every epoch's shuffle
    private readonly WorkerTeam _team;
    private bool _disposed;

    /// <summary>A trainer that updates <paramref name="model"/> from pairs of rows of <paramref name="features"/>.</summary>
    /// <exception cref="FeatureFileException">A value of a mapped feature file is NaN/±Inf (checked here when the file
    /// was opened without <see cref="FeatureFileOptions.ValidateValues"/>).</exception>
    public FusedTrainer(CompatibilityModel model, IFeatureRows features, FusedTrainerOptions? options = null)
        : this(model.GetParameters(), features, options, model) { }

    /// <summary>A trainer that updates plain <paramref name="parameters"/> in place (no TorchSharp involved).</summary>
    /// <exception cref="FeatureFileException">A value of a mapped feature file is NaN/±Inf (checked here when the file
    /// was opened without <see cref="FeatureFileOptions.ValidateValues"/>).</exception>
    public FusedTrainer(CompatibilityParameters parameters, IFeatureRows features, FusedTrainerOptions? options = null)
        : this(parameters, features, options, null) { }

    private FusedTrainer(CompatibilityParameters parameters, IFeatureRows features, FusedTrainerOptions? options, CompatibilityModel? model)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        Options = options ?? new FusedTrainerOptions();
        Options.Validate();
        if (features.Dimension != parameters.FeatureDimension)
            throw new ArgumentException($"The features have {features.Dimension} dimensions but the model expects {parameters.FeatureDimension}.", nameof(features));
        _model = model;
        _parameters = parameters;
        _rows = new FeatureRowAccess(features);
        bool sparse = Options.Kernels switch
        {
            FeatureKernels.Sparse => true,
            FeatureKernels.Dense => false,
            _ => features.Dimension <= ushort.MaxValue + 1 && SparseFeatureCache.EstimateDensity(features) <= Options.SparseDensityThreshold,
        };
        if (sparse)
        {
            var clock = Stopwatch.StartNew();
            _sparse = SparseFeatureCache.Build(features, Options.Threads);
            SparseBuildTime = clock.Elapsed;
        }
        else
            (features as FeatureMatrix)?.CheckValues(Options.Threads); // the sparse cache checks while building; dense kernels read rows as they are
        Kernels = sparse ? FeatureKernels.Sparse : FeatureKernels.Dense;
        _state = new FusedParameters(parameters.Kind, parameters.FeatureDimension, parameters.StyleDimension,
            sparse ? ParameterLayout.Interleaved : ParameterLayout.Transposed);
        _state.Load(parameters);
        _optimizer = new FusedOptimizer(_state, Options);
        _workers = new GradientWorker[Options.Threads];
        for (int t = 0; t < _workers.Length; t++)
            _workers[t] = _sparse is null ? new FusedWorker(_state, _rows) : new SparseWorker(_state, _sparse);
        if (Options.Order == PairOrder.BlockLocal)
            RowsPerBlock = BudgetRowsPerBlock;
        _shuffle = new SeededRandom((ulong)Options.Seed);
        _team = new WorkerTeam(Options.Threads, "CompatNotebooks trainer");
    }

    /// <summary>The settings.</summary>
    public FusedTrainerOptions Options { get; }

    /// <summary>The parameters being trained (the model's copy is refreshed after every <see cref="Train(IReadOnlyList{CompatPair}, int, IProgress{TrainingProgress}, CancellationToken)"/>).</summary>
    public CompatibilityParameters Parameters => _parameters;

    /// <summary>The kernels in use: <see cref="FeatureKernels.Dense"/> or <see cref="FeatureKernels.Sparse"/>.</summary>
    public FeatureKernels Kernels { get; }

    /// <summary>Fraction of non-zero features when the sparse kernels are used, else null.</summary>
    public double? SparseDensity => _sparse?.Density;

    /// <summary>Bytes of the sparse feature cache (0 for dense kernels).</summary>
    public long SparseBytes => _sparse?.Bytes ?? 0;

    /// <summary>Time spent building the sparse feature cache.</summary>
    public TimeSpan SparseBuildTime { get; }

    /// <summary>With <see cref="PairOrder.BlockLocal"/>: the rows per block (from
    /// <see cref="FusedTrainerOptions.BlockBudgetBytes"/>); otherwise null.</summary>
    public int? RowsPerBlock { get; }

    /// <summary>Optimiser steps taken so far.</summary>
    public long Steps => _optimizer.Steps;

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over <paramref name="pairs"/> (shuffled each epoch unless
    /// <see cref="FusedTrainerOptions.Shuffle"/> is off; by default pair by pair, anchor by anchor with
    /// <see cref="FusedTrainerOptions.GroupByFirstItem"/>, cell by cell of row blocks with
    /// <see cref="PairOrder.BlockLocal"/>), one optimiser step per batch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is not positive.</exception>
    /// <exception cref="ArgumentException">No pairs, or a pair refers to a row outside the features.</exception>
    /// <exception cref="TrainingDivergedException">A batch's loss is NaN or infinite; the parameters from before that
    /// batch are kept.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the parameters reached so far are kept.</exception>
    public TrainingResult Train(IReadOnlyList<CompatPair> pairs, int epochs, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(pairs);
        if (epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Train for at least one epoch.");
        if (pairs.Count == 0)
            throw new ArgumentException("No pairs to train on.", nameof(pairs));
        CheckRows(pairs);
        _state.Load(_model is not null ? _model.GetParameters() : _parameters);
        if (Options.InitializeBias && _optimizer.Steps == 0)
            _state.C = NeutralBias(pairs);

        var order = new CompatPair[pairs.Count];
        int[][]? anchorGroups = null;
        BlockLocalOrder? blocks = null;
        var visits = new List<BlockLocalOrder.CellVisit>();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long total = (long)epochs * order.Length, seen = 0;
        var epochLosses = new List<double>();
        try
        {
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                // Each epoch shuffles the given order afresh, so an epoch's order depends only on the seed and the
                // number of epochs before it, however the epochs are split across calls.
                if (RowsPerBlock is int rowsPerBlock)
                    (blocks ??= new BlockLocalOrder(pairs, _rows.Rows.Count, rowsPerBlock)).Fill(pairs, order, ref _shuffle, Options.Shuffle, visits);
                else if (Options.GroupByFirstItem)
                    EpochOrder.ByAnchor(pairs, order, anchorGroups ??= EpochOrder.AnchorGroups(pairs), ref _shuffle, Options.Shuffle, Options.AnchorRunLength);
                else
                    EpochOrder.Pairs(pairs, order, ref _shuffle, Options.Shuffle);
                double lossSum = 0;
                int done = 0, nextVisit = 0, residentLo = -1, residentHi = -1;
                for (int start = 0, batchNumber = 1; start < order.Length; start += Options.BatchSize, batchNumber++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var batch = new ReadOnlyMemory<CompatPair>(order, start, Math.Min(Options.BatchSize, order.Length - start));
                    // Block-local: ask for the blocks of every cell this batch enters, once each (the block that
                    // stays from the previous cell is already resident).
                    for (; nextVisit < visits.Count && visits[nextVisit].Start < start + batch.Length; nextVisit++)
                        (residentLo, residentHi) = Prefetch(visits[nextVisit], residentLo, residentHi, RowsPerBlock ?? 1);
                    double batchLoss = RunBatch(batch);
                    if (!double.IsFinite(batchLoss))
                        throw new TrainingDivergedException(epoch, batchNumber, batchLoss / batch.Length, Options.LearningRate);
                    lossSum += batchLoss;
                    _optimizer.Step(_workers, ActiveWorkers(batch.Length), _team);
                    done += batch.Length;
                    seen += batch.Length;
                    bool epochEnd = done == order.Length;
                    if (progress is not null && (epochEnd || clock.Elapsed - lastReport >= Options.ProgressInterval))
                    {
                        lastReport = clock.Elapsed;
                        progress.Report(Snapshot(epoch, epochs, seen, total, lossSum / done, clock.Elapsed));
                    }
                }
                epochLosses.Add(lossSum / order.Length);
            }
        }
        finally
        {
            WriteBack();
        }
        return new TrainingResult(epochLosses.Count, seen, clock.Elapsed, epochLosses) { Bias = _parameters.C };
    }

    /// <summary>Advises the kernel to read the blocks of <paramref name="cell"/> that are not among the two advised last.</summary>
    private (int Lo, int Hi) Prefetch(BlockLocalOrder.CellVisit cell, int residentLo, int residentHi, int rowsPerBlock)
    {
        // The sparse kernels read their in-memory cache, never the .b file's mapping: nothing to ask for then; but a
        // mapped store's rows they read in place.
        if (ReadsMapping)
        {
            if (cell.Lo != residentLo && cell.Lo != residentHi)
                BlockPrefetch.Rows(_rows, cell.Lo * rowsPerBlock, rowsPerBlock);
            if (cell.Hi != cell.Lo && cell.Hi != residentLo && cell.Hi != residentHi)
                BlockPrefetch.Rows(_rows, cell.Hi * rowsPerBlock, rowsPerBlock);
        }
        return (cell.Lo, cell.Hi);
    }

    /// <summary>
    /// The c that makes the mean logit of the first batch's pairs (the first <see cref="FusedTrainerOptions.BatchSize"/>
    /// of <paramref name="pairs"/> as given) zero under the current E1, E2: p ≈ 0.5 on average before the first step.
    /// </summary>
    private float NeutralBias(IReadOnlyList<CompatPair> pairs)
    {
        var sample = new CompatPair[Math.Min(Options.BatchSize, pairs.Count)];
        for (int i = 0; i < sample.Length; i++) sample[i] = pairs[i];
        _state.C = 0;
        var logits = new float[sample.Length];
        ScoreLoaded(sample, logits);
        double sum = 0;
        foreach (var z in logits) sum += z;
        double mean = sum / logits.Length;
        // A non-finite mean (overflowing features) is left for the first batch to report with its epoch and batch.
        return double.IsFinite(mean) ? (float)-mean : 0f;
    }

    /// <summary>
    /// The mean loss over <paramref name="batch"/> and its gradient with respect to E1, E2 and c (D×K row-major,
    /// like the model's tensors), without changing the parameters: what one optimiser step would use.
    /// </summary>
    public unsafe (double Loss, CompatibilityParameters Gradient) Gradient(IReadOnlyList<CompatPair> batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRows(batch);
        _state.Load(_model is not null ? _model.GetParameters() : _parameters);
        var pairs = batch.ToArray();
        double loss = RunBatch(pairs) / Math.Max(1, pairs.Length);
        int active = ActiveWorkers(pairs.Length);
        var total1 = new NativeBuffer(_state.Length);
        var total2 = new NativeBuffer(_state.Length);
        try
        {
            double gc = 0;
            for (int w = 0; w < active; w++)
            {
                gc += _workers[w].Gc;
                for (long i = 0; i < _state.Length; i++)
                {
                    total1.Pointer[i] += _workers[w].G1.Pointer[i];
                    total2.Pointer[i] += _workers[w].G2.Pointer[i];
                }
            }
            return (loss, _state.ToParameters(total1.Pointer, total2.Pointer, (float)gc));
        }
        finally
        {
            total1.Dispose();
            total2.Dispose();
        }
    }

    /// <summary>Logits of <paramref name="pairs"/> under the current parameters, with this trainer's kernels and threads
    /// (the sparse cache when built, so the feature mapping is not touched), read in the
    /// <see cref="PairScoringOrder.Automatic"/> order.</summary>
    public float[] Logits(IReadOnlyList<CompatPair> pairs) => Logits(pairs, PairScoringOrder.Automatic);

    /// <summary>
    /// Logits of <paramref name="pairs"/> under the current parameters, in the pairs' order, reading the features in
    /// <paramref name="order"/>: bit-identical logits whatever the order (each pair is scored on its own by the same
    /// arithmetic), so only the pattern of reads changes.
    /// </summary>
    public float[] Logits(IReadOnlyList<CompatPair> pairs, PairScoringOrder order)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(pairs);
        if (!Enum.IsDefined(order))
            throw new ArgumentOutOfRangeException(nameof(order), order, "Automatic, AsGiven or BlockLocal.");
        CheckRows(pairs);
        _state.Load(_model is not null ? _model.GetParameters() : _parameters);
        var all = pairs as CompatPair[] ?? pairs.ToArray();
        var logits = new float[all.Length];
        if (order == PairScoringOrder.BlockLocal || (order == PairScoringOrder.Automatic && ScoresInBlockOrder))
            ScoreByBlock(all, logits, RowsPerBlock ?? BudgetRowsPerBlock);
        else
            ScoreLoaded(all, logits);
        return logits;
    }

    /// <summary>Whether <see cref="Logits(IReadOnlyList{CompatPair})"/> reads the pairs block by block: block-local
    /// training from a memory mapping (see <see cref="PairScoringOrder.Automatic"/>).</summary>
    public bool ScoresInBlockOrder => RowsPerBlock is not null && ReadsMapping;

    /// <summary>Rows per block of <see cref="FusedTrainerOptions.BlockBudgetBytes"/>: two blocks of rows of the size
    /// they take in memory (16 KiB float32 rows, or a store's average row) fill the budget.</summary>
    private int BudgetRowsPerBlock => BlockLocalOrder.RowsPerBlockFor(Options.BlockBudgetBytes,
        (_rows.Rows as IRowPrefetch)?.BytesPerRow ?? 4L * _rows.Dimension, _rows.Rows.Count);

    /// <summary>Whether the kernels read the rows from a memory mapping (the dense kernels always; the sparse ones from a
    /// feature store, whose rows they use in place), so the order of reading decides what the page cache must hold.</summary>
    private bool ReadsMapping => _sparse is null || _rows.Rows is IRowPrefetch { InMapping: true };

    /// <summary>Scores the pairs cell by cell of blocks of <paramref name="rowsPerBlock"/> rows and puts each logit back at
    /// its pair's place.</summary>
    private void ScoreByBlock(CompatPair[] all, float[] logits, int rowsPerBlock)
    {
        if (all.Length == 0) return;
        var blocks = new BlockLocalOrder(all, _rows.Rows.Count, rowsPerBlock);
        var byCell = blocks.PairsByCell;
        var ordered = new CompatPair[all.Length];
        for (int i = 0; i < ordered.Length; i++) ordered[i] = all[byCell[i]];
        var scored = new float[all.Length];
        int residentLo = -1, residentHi = -1;
        foreach (var (start, end, cell) in blocks.ScoringRuns())
        {
            (residentLo, residentHi) = Prefetch(cell, residentLo, residentHi, rowsPerBlock);
            ScoreLoaded(new ArraySegment<CompatPair>(ordered, start, end - start), new ArraySegment<float>(scored, start, end - start));
        }
        for (int i = 0; i < scored.Length; i++) logits[byCell[i]] = scored[i];
    }

    /// <summary>Logits under the parameters loaded into the kernel state, into <paramref name="logits"/>.</summary>
    private void ScoreLoaded(ArraySegment<CompatPair> all, ArraySegment<float> logits)
    {
        int threads = ActiveWorkers(all.Count);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = (int)((long)all.Count * t / threads), to = (int)((long)all.Count * (t + 1) / threads);
            _workers[t].Score(all.AsSpan(from, to - from), logits.AsSpan(from, to - from));
        });
    }

    /// <summary>Trains <paramref name="model"/> on <paramref name="pairs"/> in one call.</summary>
    public static TrainingResult Train(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs, int epochs,
        FusedTrainerOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var trainer = new FusedTrainer(model, features, options);
        return trainer.Train(pairs, epochs, progress, cancellationToken);
    }

    private int ActiveWorkers(int batchLength) => Math.Max(1, Math.Min(_workers.Length, (batchLength + FusedWorker.TileSize - 1) / FusedWorker.TileSize));

    /// <summary>Runs forward and backward of one batch on the workers; returns the summed loss.</summary>
    private double RunBatch(ReadOnlyMemory<CompatPair> batch)
    {
        int active = ActiveWorkers(batch.Length), size = batch.Length;
        _team.Run(active, t =>
        {
            // Fixed contiguous shares, whole tiles each, so the arithmetic does not depend on scheduling.
            int tiles = (size + FusedWorker.TileSize - 1) / FusedWorker.TileSize;
            int from = Math.Min(size, (int)((long)tiles * t / active) * FusedWorker.TileSize);
            int to = Math.Min(size, (int)((long)tiles * (t + 1) / active) * FusedWorker.TileSize);
            _workers[t].Process(batch.Span[from..to], size);
        });
        double loss = 0;
        for (int w = 0; w < active; w++) loss += _workers[w].LossSum;
        return loss;
    }

    private void CheckRows(IReadOnlyList<CompatPair> pairs)
    {
        int count = _rows.Rows.Count;
        for (int i = 0; i < pairs.Count; i++)
        {
            var p = pairs[i];
            if ((uint)p.Item1 >= (uint)count || (uint)p.Item2 >= (uint)count)
                throw new ArgumentException($"Pair {i} ({p.Item1}, {p.Item2}) refers to a row outside the {count} feature rows.", nameof(pairs));
        }
    }

    private void WriteBack()
    {
        _state.Store(_parameters);
        _model?.SetParameters(_parameters);
    }

    private static TrainingProgress Snapshot(int epoch, int epochs, long seen, long total, double loss, TimeSpan elapsed)
    {
        double rate = elapsed.TotalSeconds > 0 ? seen / elapsed.TotalSeconds : 0;
        var remaining = rate > 0 ? TimeSpan.FromSeconds((total - seen) / rate) : TimeSpan.Zero;
        return new TrainingProgress(epoch, epochs, seen, total, loss, rate, elapsed, remaining);
    }

    /// <summary>Frees the native buffers (the model is unaffected).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _team.Dispose();
        foreach (var w in _workers) w.Dispose();
        _optimizer.Dispose();
        _state.Dispose();
        _sparse?.Dispose();
        _rows.Dispose();
    }
}
