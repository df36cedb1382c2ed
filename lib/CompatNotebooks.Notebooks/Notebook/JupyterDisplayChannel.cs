using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace CompatNotebooks.Notebook;

/// <summary>
/// Sends a live display's <c>display_data</c> / <c>update_display_data</c> straight to the Jupyter front end when the
/// notebook runs in the .NET kernel's Jupyter mode, so JSON mime types (the Plotly figure) travel as JSON objects.
/// </summary>
/// <remarks>
/// Going through the kernel's events would send them as strings (see <see cref="JupyterMimeBundle"/>). The kernel
/// itself reaches the request being executed through <c>JupyterRequestContext.Current</c> (that is how its
/// <c>input()</c> prompts the front end from user code); that property is internal, the rest (the request's message
/// sender, <c>DisplayData</c>, <c>UpdateDisplayData</c>) is public API of the pinned tool. Where any of it is missing
/// (the in-process runner, dotnet-repl, Polyglot Notebooks, another kernel version) or the current request is not an
/// <c>execute_request</c>, <see cref="TrySend"/> returns false and the caller publishes through the kernel as before.
/// </remarks>
internal static class JupyterDisplayChannel
{
    private const string JupyterAssembly = "Microsoft.DotNet.Interactive.Jupyter";
    private static readonly Lazy<Binding?> Bound = new(Bind);

    /// <summary>True when the Jupyter kernel's types were found in this process (not whether a request is running).</summary>
    public static bool Available => Bound.Value is not null;

    /// <summary>
    /// Sends the display (or its update) on the current Jupyter execute request; false when there is none, so the
    /// caller publishes it through the kernel instead. A silent request shows nothing, as the kernel does.
    /// </summary>
    public static bool TrySend(bool update, string displayId, IEnumerable<FormattedValue> values)
    {
        if (Bound.Value is not { } binding || binding.Current.GetValue(null) is not { } context)
            return false;
        var content = binding.Content.GetValue(binding.Envelope.GetValue(context));
        if (content is null || content.GetType() != binding.ExecuteRequest)
            return false;
        if (binding.Silent.GetValue(content) is true)
            return true;
        var transient = new Dictionary<string, object> { ["display_id"] = displayId };
        var message = (update ? binding.UpdateDisplayData : binding.DisplayData)
            .Invoke([null, JupyterMimeBundle.Data(values), null, transient]);
        binding.Send.Invoke(binding.Sender.GetValue(context), [message]);
        return true;
    }

    private static Binding? Bind()
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == JupyterAssembly);
        if (assembly is null)
            return null;
        var contextType = assembly.GetType(JupyterAssembly + ".JupyterRequestContext");
        var envelopeType = assembly.GetType(JupyterAssembly + ".Messaging.Message");
        var executeRequest = assembly.GetType(JupyterAssembly + ".Protocol.ExecuteRequest");
        var pubSub = assembly.GetType(JupyterAssembly + ".Protocol.PubSubMessage");
        var senderType = assembly.GetType(JupyterAssembly + ".IJupyterMessageResponseSender");
        var current = contextType?.GetProperty("Current", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
        var sender = contextType?.GetProperty("JupyterMessageSender");
        var envelope = contextType?.GetProperty("JupyterRequestMessageEnvelope");
        var content = envelopeType?.GetProperty("Content");
        var silent = executeRequest?.GetProperty("Silent");
        var send = pubSub is null ? null : senderType?.GetMethod("Send", [pubSub]);
        var display = Constructor(assembly.GetType(JupyterAssembly + ".Protocol.DisplayData"));
        var updateDisplay = Constructor(assembly.GetType(JupyterAssembly + ".Protocol.UpdateDisplayData"));
        if (current is null || sender is null || envelope is null || content is null || executeRequest is null
            || silent is null || send is null || display is null || updateDisplay is null)
            return null;
        return new Binding(current, sender, envelope, content, executeRequest, silent, send, display, updateDisplay);
    }

    // (string source, IReadOnlyDictionary<string, object> data, IReadOnlyDictionary<string, object> metaData,
    //  IReadOnlyDictionary<string, object> transient), as DisplayData and UpdateDisplayData declare it.
    private static ConstructorInfo? Constructor(Type? type) =>
        type?.GetConstructor([typeof(string), typeof(IReadOnlyDictionary<string, object>),
            typeof(IReadOnlyDictionary<string, object>), typeof(IReadOnlyDictionary<string, object>)]);

    private sealed record Binding(
        PropertyInfo Current, PropertyInfo Sender, PropertyInfo Envelope, PropertyInfo Content, Type ExecuteRequest,
        PropertyInfo Silent, MethodInfo Send, ConstructorInfo DisplayData, ConstructorInfo UpdateDisplayData);
}
