using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace CompatNotebooks.Runner;

/// <summary>The C# kernel the runner hosts in its own process, configured like the one VS Code starts.</summary>
internal static class InProcessKernel
{
    /// <summary>
    /// A composite kernel with one C# subkernel that understands <c>#r "nuget: …"</c> (restored for real; the
    /// resolved assemblies are added as references) and <c>#r "path.dll"</c>. Package kernel extensions are not
    /// loaded: the notebooks' formatters come from <c>NotebookSetup.Prepare()</c>.
    /// </summary>
    public static (CompositeKernel Root, CSharpKernel CSharp) Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        var root = new CompositeKernel { csharp };
        root.DefaultKernelName = csharp.Name;
        return (root, csharp);
    }
}
