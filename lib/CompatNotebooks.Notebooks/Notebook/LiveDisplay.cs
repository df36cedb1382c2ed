using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace CompatNotebooks.Notebook;

/// <summary>
/// A notebook output that can be replaced in place (a progress bar, a live loss curve).
/// </summary>
/// <remarks>
/// The kernel's own <c>DisplayedValue</c> publishes its first event and its updates under different ids in
/// 1.0.0-beta.26120.1, so a front end cannot always tell which output an update replaces. This publishes both
/// events itself with one id. Outside a kernel (a console program, a unit test) it does nothing.
/// </remarks>
public sealed class LiveDisplay
{
    private readonly string id = Guid.NewGuid().ToString("N");
    private readonly string[] mimeTypes;
    private KernelInvocationContext? context;
    private bool shown;

    /// <summary>Creates a display for the given mime types (default: HTML and plain text).</summary>
    public LiveDisplay(params string[] mimeTypes)
    {
        this.mimeTypes = mimeTypes.Length > 0 ? mimeTypes : ["text/html", "text/plain"];
        context = KernelInvocationContext.Current;
    }

    /// <summary>The display id shared by the first output and its updates.</summary>
    public string Id => id;

    /// <summary>True when running inside a kernel command, so values are actually shown.</summary>
    public bool IsAttached => context is not null;

    /// <summary>Shows <paramref name="value"/> the first time, replaces the shown value afterwards.</summary>
    public void Show(object value)
    {
        // A later cell may update a display created earlier: publish on the command now running.
        if (KernelInvocationContext.Current is { } current)
            context = current;
        if (context is null)
            return;
        var formatted = FormattedValue.CreateManyFromObject(value, mimeTypes);
        context.Publish(shown
            ? new DisplayedValueUpdated(value, id, context.Command, formatted)
            : new DisplayedValueProduced(value, context.Command, formatted, id));
        shown = true;
    }
}
