using System.Diagnostics;
using System.Text;
using CompatNotebooks.Notebook;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Runner;

/// <summary>
/// Runs .ipynb notebooks headless in this process, papermill-style: parameters injected after the
/// <c>parameters</c> cell, one progress line per cell, outputs and per-cell timings written into an executed copy
/// of the notebook plus a standalone HTML report, stopping at the first failing cell unless told otherwise.
/// </summary>
/// <remarks>
/// Notebooks run one after another: the formatter registry and the current directory (set to each notebook's
/// folder, as VS Code does) are process-wide.
/// </remarks>
public static class NotebookRunner
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>The notebooks named by <paramref name="paths"/>: files as given, folders expanded to their *.ipynb in name order.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var notebooks = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                notebooks.AddRange(Directory.GetFiles(path, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(path))
                notebooks.Add(path);
            else
                throw new FileNotFoundException($"no such notebook or folder: {path}", path);
        }
        return notebooks.Select(Path.GetFullPath).ToList();
    }

    /// <summary>Runs the notebooks serially; with fail-fast, stops after the first notebook that fails.</summary>
    /// <exception cref="ArgumentException">An executed copy would be written over one of the notebooks (checked
    /// before any notebook runs).</exception>
    public static async Task<IReadOnlyList<NotebookRunResult>> RunAllAsync(IEnumerable<string> notebooks, RunOptions options, CancellationToken cancellation = default)
    {
        var list = notebooks.ToList();
        OutputPaths.RefuseOverwritingInputs(list, options.OutputDirectory);
        var results = new List<NotebookRunResult>();
        foreach (var notebook in list)
        {
            var result = await RunAsync(notebook, options, cancellation);
            results.Add(result);
            if (!result.Succeeded && !options.ContinueOnError)
                break;
        }
        return results;
    }

    /// <summary>
    /// Reads a notebook and injects <paramref name="parameters"/> after its <c>parameters</c> cell, as a run would;
    /// with <see cref="Save"/> this makes a parameterised copy for another host (dotnet-repl, VS Code).
    /// </summary>
    public static InteractiveDocument Load(string notebookPath, IReadOnlyDictionary<string, string> parameters)
    {
        var path = Path.GetFullPath(notebookPath);
        var document = Read(path);
        InjectParameters(document, parameters, path);
        return document;
    }

    /// <summary>Writes <paramref name="document"/> as .ipynb.</summary>
    public static void Save(InteractiveDocument document, string path)
    {
        using var stream = File.Create(path);
        Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook.Write(document, stream, Kernels());
    }

    /// <summary>Runs one notebook and writes its executed copy and report to <see cref="RunOptions.OutputDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The executed copy would be written over the notebook itself, a
    /// parameter is not declared or does not parse, or <see cref="RunOptions.Strict"/> is set together with a
    /// <c>strict</c> parameter (nothing has run then).</exception>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, RunOptions options, CancellationToken cancellation = default)
    {
        var path = Path.GetFullPath(notebookPath);
        OutputPaths.RefuseOverwritingInputs([path], options.OutputDirectory);
        var document = Read(path);
        options = options with { Parameters = WithStrict(document, options, path) };
        InjectParameters(document, options.Parameters, path);
        CheckCellTimeouts(document, path);
        // Relative output folders mean relative to where the run was started, not to the notebook's folder.
        if (options.OutputDirectory is { } outDir)
            options = options with { OutputDirectory = Path.GetFullPath(outDir) };

        await OneAtATime.WaitAsync(cancellation);
        var previousDirectory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetDirectoryName(path)!);
            // Each executed notebook is its own page: its first chart must carry plotly.js again.
            NotebookFormatters.ResetPlotlyBundle();
            return await ExecuteAsync(path, document, options, cancellation);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
    }

    private static async Task<NotebookRunResult> ExecuteAsync(string path, InteractiveDocument document, RunOptions options, CancellationToken cancellation)
    {
        var log = options.Log ?? TextWriter.Null;
        var name = Path.GetFileNameWithoutExtension(path);
        var codeCells = document.Elements.Count(e => e.KernelName != "markdown");
        var clock = Stopwatch.StartNew();
        var cells = new List<CellRunResult>();
        var timings = new Dictionary<InteractiveDocumentElement, TimeSpan>();
        var displays = new Dictionary<string, (CellOutputCollector, int)>(StringComparer.Ordinal);
        var (root, csharp) = InProcessKernel.Create();
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        var collectors = new Dictionary<InteractiveDocumentElement, CellOutputCollector>();
        // The code of the cells that succeeded in the current kernel, for a replay after a restart.
        var succeededCode = new List<(int Number, string Code)>();
        try
        {
            var executed = 0;
            var failed = false;
            foreach (var element in document.Elements)
            {
                if (element.KernelName == "markdown")
                    continue;
                var number = CellNumber(document, element);
                var firstLine = FirstLine(element.Contents);
                element.Outputs.Clear();
                if ((failed && !options.ContinueOnError) || cancellation.IsCancellationRequested)
                    continue;
                executed++;
                if (element.KernelName is not ("csharp" or "C#" or "c#"))
                {
                    var unsupported = new CellRunResult(number, firstLine, TimeSpan.Zero,
                        $"kernel '{element.KernelName}' is not supported by the in-process runner (C# only)", []);
                    element.Outputs.Add(new ErrorElement(unsupported.Error!, "UnsupportedKernel", []));
                    cells.Add(unsupported);
                    failed = true;
                    log.WriteLine($"[{name}] {executed,2}/{codeCells} FAILED  {Label(number)} {firstLine}: {unsupported.Error}");
                    continue;
                }

                var collector = new CellOutputCollector(executed, displays);
                var cellClock = Stopwatch.StartNew();
                var started = DateTimeOffset.UtcNow;
                var code = LibraryReference.Rewrite(element.Contents);
                var timeout = CellTimeouts.For(element, options.TimeoutPerCell);
                var timedOut = await SubmitAsync(root, code, collector, timeout, cancellation);
                cellClock.Stop();

                collectors[element] = collector;
                element.ExecutionOrder = executed;
                element.Metadata ??= new Dictionary<string, object>();
                element.Metadata["execution"] = new Dictionary<string, object>
                {
                    ["iopub.execute_input"] = started.ToString("O"),
                    ["shell.execute_reply"] = started.Add(cellClock.Elapsed).ToString("O"),
                };
                var runMetadata = new Dictionary<string, object>
                {
                    ["duration_seconds"] = Math.Round(cellClock.Elapsed.TotalSeconds, 3),
                    ["status"] = collector.Error is null ? "completed" : "failed",
                };
                // A per-cell limit written into the notebook stays with it, so a re-run of the executed copy keeps it.
                if (CellTimeouts.Declared(element) is { } declared)
                    runMetadata[CellTimeouts.MetadataKey] = declared.TotalSeconds;
                element.Metadata[CellTimeouts.MetadataSection] = runMetadata;
                timings[element] = cellClock.Elapsed;
                var result = new CellRunResult(number, firstLine, cellClock.Elapsed, collector.Error, collector.Outputs);
                cells.Add(result);
                log.WriteLine($"[{name}] {executed,2}/{codeCells} {(result.Succeeded ? "ok    " : "FAILED")} {cellClock.Elapsed.TotalSeconds,6:0.00} s  {Label(number)} {firstLine}");
                if (result.Succeeded)
                {
                    succeededCode.Add((number, code));
                    continue;
                }
                failed = true;
                log.WriteLine($"[{name}]    {FirstLine(result.Error!)}");
                if (timedOut && options.ContinueOnError && !cancellation.IsCancellationRequested)
                {
                    // .NET cannot stop the cell's thread, and the old kernel stays busy with it: later cells go to a
                    // new kernel, brought to the state they expect by re-running the cells that had succeeded.
                    DisposeQuietly(root);
                    (root, csharp) = InProcessKernel.Create();
                    await ReplayAsync(root, succeededCode, options, name, log, cancellation);
                }
            }
            CaptureVariables(csharp, variables);
        }
        finally
        {
            DisposeQuietly(root);
        }
        clock.Stop();
        // Outputs are copied only now: a later cell may have updated a display shown by an earlier one.
        foreach (var (element, collector) in collectors)
            element.Outputs.AddRange(collector.Outputs);

        document.Metadata["compat_notebooks"] = new Dictionary<string, object>
        {
            ["duration_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["parameters"] = options.Parameters.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
            ["status"] = cells.All(c => c.Succeeded) ? "completed" : "failed",
        };
        string? executedPath = null, htmlPath = null;
        if (options.OutputDirectory is { } outDir)
        {
            Directory.CreateDirectory(outDir);
            executedPath = OutputPaths.ExecutedNotebook(outDir, path);
            await using (var stream = File.Create(executedPath))
                Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook.Write(document, stream, Kernels());
            if (options.WriteHtml)
            {
                htmlPath = Path.GetFullPath(Path.Combine(outDir, name + ".html"));
                await File.WriteAllTextAsync(htmlPath, HtmlReport.Render(document, name, timings, clock.Elapsed), new UTF8Encoding(false), cancellation);
            }
        }
        var summary = new NotebookRunResult(path, cells, clock.Elapsed, executedPath, htmlPath, variables);
        log.WriteLine(summary.Succeeded
            ? $"[{name}] done: {cells.Count} cells in {clock.Elapsed.TotalSeconds:0.0} s"
            : $"[{name}] FAILED: {summary.FailureMessage}");
        return summary;
    }

    /// <summary>Re-runs <paramref name="cells"/> in a fresh kernel; their outputs are not kept (they were recorded already).</summary>
    private static async Task ReplayAsync(Kernel root, IReadOnlyList<(int Number, string Code)> cells, RunOptions options, string name, TextWriter log, CancellationToken cancellation)
    {
        log.WriteLine(cells.Count == 0
            ? $"[{name}]    kernel restarted after the timeout"
            : $"[{name}]    kernel restarted after the timeout; re-running {string.Join(", ", cells.Select(c => c.Number == 0 ? "the parameters cell" : $"cell {c.Number}"))} (outputs not kept)");
        foreach (var (number, code) in cells)
        {
            var discarded = new CellOutputCollector(0, new Dictionary<string, (CellOutputCollector, int)>(StringComparer.Ordinal));
            await SubmitAsync(root, code, discarded, options.TimeoutPerCell, cancellation);
            if (discarded.Error is { } error)
                log.WriteLine($"[{name}]    re-running {(number == 0 ? "the parameters cell" : $"cell {number}")} failed: {FirstLine(error)}");
        }
        // The replay may have shown a chart into the discarded outputs: the next kept chart must carry plotly.js.
        NotebookFormatters.ResetPlotlyBundle();
    }

    private static void DisposeQuietly(Kernel kernel)
    {
        try
        {
            kernel.Dispose();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or AggregateException)
        {
            // A kernel left busy with a timed-out cell may complain while it is torn down; it is discarded anyway.
        }
    }

    /// <summary>Submits one cell; returns true when it was abandoned (timed out or the run was cancelled).</summary>
    private static async Task<bool> SubmitAsync(Kernel root, string code, CellOutputCollector collector, TimeSpan? timeout, CancellationToken cancellation)
    {
        var observer = new EventObserver(collector);
        using var subscription = root.KernelEvents.Subscribe(observer);
        var submission = root.SendAsync(new SubmitCode(code, "csharp"));
        var limit = Task.Delay(timeout ?? Timeout.InfiniteTimeSpan, cancellation);
        if (await Task.WhenAny(submission, limit) == submission)
        {
            await submission;
            return false;
        }
        // Stop listening first: the Cancel below makes the kernel report "Command cancelled." for this cell,
        // and the reason the user needs to read is the timeout (or the run's cancellation).
        observer.Close();
        try
        {
            await root.SendAsync(new Cancel()).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
        }
        collector.Fail(cancellation.IsCancellationRequested
            ? "run cancelled"
            : $"cell timed out after {timeout!.Value.TotalSeconds:0.###} s", "TimeoutException");
        return true;
    }

    private sealed class EventObserver(CellOutputCollector collector) : IObserver<Microsoft.DotNet.Interactive.Events.KernelEvent>
    {
        private readonly object _gate = new();
        private bool _closed;
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(Microsoft.DotNet.Interactive.Events.KernelEvent value)
        {
            lock (_gate)
                if (!_closed)
                    collector.Add(value);
        }

        /// <summary>Ignores every later event, including one already being delivered on another thread.</summary>
        public void Close()
        {
            lock (_gate)
                _closed = true;
        }
    }

    private static void CaptureVariables(Microsoft.DotNet.Interactive.CSharp.CSharpKernel csharp, Dictionary<string, object?> variables)
    {
        if (csharp.ScriptState is null)
            return;
        foreach (var variable in csharp.ScriptState.Variables)
            variables[variable.Name] = variable.Value;
    }

    private static InteractiveDocument Read(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook.Read(stream, Kernels());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a readable .ipynb notebook: {e.Message}", e);
        }
    }

    /// <summary>The parameters to inject: <see cref="RunOptions.Parameters"/>, plus <c>strict = true</c> under
    /// <see cref="RunOptions.Strict"/> when the parameters cell declares <c>strict</c>. A notebook that does not
    /// declare it runs unchanged, and the log says so.</summary>
    private static IReadOnlyDictionary<string, string> WithStrict(InteractiveDocument document, RunOptions options, string path)
    {
        if (!options.Strict)
            return options.Parameters;
        if (options.Parameters.ContainsKey(RunOptions.StrictParameter))
            throw new ArgumentException($"{path}: strict mode (--strict) and the parameter '{RunOptions.StrictParameter}' (-p {RunOptions.StrictParameter}=…) are both set: give one of them");
        var cell = document.Elements.FirstOrDefault(e => Tags(e).Contains(NotebookParameters.ParametersTag));
        if (cell is null || !NotebookParameters.DeclaredTypes(cell.Contents).ContainsKey(RunOptions.StrictParameter))
        {
            options.Log?.WriteLine($"[{Path.GetFileNameWithoutExtension(path)}] declares no '{RunOptions.StrictParameter}' parameter: --strict does not apply, it runs as it is");
            return options.Parameters;
        }
        return new Dictionary<string, string>(options.Parameters, StringComparer.Ordinal) { [RunOptions.StrictParameter] = "true" };
    }

    private static void InjectParameters(InteractiveDocument document, IReadOnlyDictionary<string, string> parameters, string path)
    {
        if (parameters.Count == 0)
            return;
        var index = document.Elements.ToList().FindIndex(e => Tags(e).Contains(NotebookParameters.ParametersTag));
        if (index < 0)
            throw new ArgumentException($"{path}: no cell is tagged '{NotebookParameters.ParametersTag}', so -p {string.Join(", ", parameters.Keys)} cannot be set");
        string code;
        try
        {
            code = NotebookParameters.InjectedCell(document.Elements[index].Contents, parameters);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
        // A notebook written by an earlier run carries that run's injected cell: replace it (all of it, as
        // papermill does), or a value it set and this run does not would silently win over the declared default.
        var stale = document.Elements.Where(e => Tags(e).Contains(NotebookParameters.InjectedTag)).ToList();
        foreach (var old in stale)
            document.Elements.Remove(old);
        index = document.Elements.IndexOf(document.Elements.First(e => Tags(e).Contains(NotebookParameters.ParametersTag)));
        var injected = new InteractiveDocumentElement(code, "csharp")
        {
            Metadata = new Dictionary<string, object>
            {
                ["tags"] = new[] { NotebookParameters.InjectedTag },
                ["polyglot_notebook"] = new Dictionary<string, object> { ["kernelName"] = "csharp" },
                ["dotnet_interactive"] = new Dictionary<string, object> { ["language"] = "csharp" },
            },
        };
        document.Elements.Insert(index + 1, injected);
    }

    // A bad per-cell limit is found before any cell runs, not when its cell comes.
    private static void CheckCellTimeouts(InteractiveDocument document, string path)
    {
        foreach (var element in document.Elements.Where(e => e.KernelName != "markdown"))
        {
            try
            {
                CellTimeouts.Declared(element);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }
    }

    private static IEnumerable<string> Tags(InteractiveDocumentElement element) =>
        element.Metadata is not null && element.Metadata.TryGetValue("tags", out var tags) && tags is System.Collections.IEnumerable list and not string
            ? list.Cast<object>().Select(t => t?.ToString() ?? "")
            : [];

    // 1-based position among the notebook's original cells; 0 for the injected parameters cell.
    private static int CellNumber(InteractiveDocument document, InteractiveDocumentElement element)
    {
        if (Tags(element).Contains(NotebookParameters.InjectedTag))
            return 0;
        var position = 0;
        foreach (var e in document.Elements)
        {
            if (Tags(e).Contains(NotebookParameters.InjectedTag))
                continue;
            position++;
            if (ReferenceEquals(e, element))
                return position;
        }
        return -1;
    }

    private static string Label(int number) => number == 0 ? "cell (parameters)" : $"cell {number,2}";

    internal static string FirstLine(string text, int maxLength = 80)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > maxLength ? line[..(maxLength - 3)] + "..." : line;
    }

    internal static KernelInfoCollection Kernels() =>
    [
        new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", ["c#", "C#"]),
    ];
}
