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
    public static async Task<IReadOnlyList<NotebookRunResult>> RunAllAsync(IEnumerable<string> notebooks, RunOptions options, CancellationToken cancellation = default)
    {
        var results = new List<NotebookRunResult>();
        foreach (var notebook in notebooks)
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
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, RunOptions options, CancellationToken cancellation = default)
    {
        var path = Path.GetFullPath(notebookPath);
        var document = Read(path);
        InjectParameters(document, options.Parameters, path);
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
        using (root)
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
                if (failed && !options.ContinueOnError)
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
                await SubmitAsync(root, LibraryReference.Rewrite(element.Contents), collector, options.TimeoutPerCell, cancellation);
                cellClock.Stop();

                collectors[element] = collector;
                element.ExecutionOrder = executed;
                element.Metadata ??= new Dictionary<string, object>();
                element.Metadata["execution"] = new Dictionary<string, object>
                {
                    ["iopub.execute_input"] = started.ToString("O"),
                    ["shell.execute_reply"] = started.Add(cellClock.Elapsed).ToString("O"),
                };
                element.Metadata["compat_notebooks"] = new Dictionary<string, object>
                {
                    ["duration_seconds"] = Math.Round(cellClock.Elapsed.TotalSeconds, 3),
                    ["status"] = collector.Error is null ? "completed" : "failed",
                };
                timings[element] = cellClock.Elapsed;
                var result = new CellRunResult(number, firstLine, cellClock.Elapsed, collector.Error, collector.Outputs);
                cells.Add(result);
                log.WriteLine($"[{name}] {executed,2}/{codeCells} {(result.Succeeded ? "ok    " : "FAILED")} {cellClock.Elapsed.TotalSeconds,6:0.00} s  {Label(number)} {firstLine}");
                if (!result.Succeeded)
                {
                    failed = true;
                    log.WriteLine($"[{name}]    {FirstLine(result.Error!)}");
                }
            }
            CaptureVariables(csharp, variables);
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
            executedPath = Path.GetFullPath(Path.Combine(outDir, name + ".ipynb"));
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

    private static async Task SubmitAsync(Kernel root, string code, CellOutputCollector collector, TimeSpan? timeout, CancellationToken cancellation)
    {
        var observer = new EventObserver(collector);
        using var subscription = root.KernelEvents.Subscribe(observer);
        var submission = root.SendAsync(new SubmitCode(code, "csharp"));
        var limit = Task.Delay(timeout ?? Timeout.InfiniteTimeSpan, cancellation);
        if (await Task.WhenAny(submission, limit) == submission)
        {
            await submission;
            return;
        }
        // Stop listening first: the Cancel below makes the kernel report "Command cancelled." for this cell,
        // and the reason the user needs to read is the timeout (or the run's cancellation).
        observer.Close();
        // The kernel cannot stop running user code: ask it to cancel, report the timeout and leave the cell behind.
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
    }

    private sealed class EventObserver(CellOutputCollector collector) : IObserver<Microsoft.DotNet.Interactive.Events.KernelEvent>
    {
        private readonly object gate = new();
        private bool closed;
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(Microsoft.DotNet.Interactive.Events.KernelEvent value)
        {
            lock (gate)
                if (!closed)
                    collector.Add(value);
        }

        /// <summary>Ignores every later event, including one already being delivered on another thread.</summary>
        public void Close()
        {
            lock (gate)
                closed = true;
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
