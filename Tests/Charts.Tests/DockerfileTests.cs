using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Wasmcloud.Charts.Tests;

/// <summary>Cheap static checks of the Dockerfiles (no Docker daemon here): paths, project closure, output names.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string, string> Images => new()
    {
        { "Dockerfile.silo", "Silo/Silo.csproj", "Wasmcloud.Silo.dll" },
        { "Dockerfile.host", "HostRuntime/HostRuntime.csproj", "Wasmcloud.HostRuntime.dll" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_copied_path_exists_and_the_project_closure_is_copied(string dockerfile, string project, string dll)
    {
        var text = File.ReadAllText(Path.Combine(Helm.Root, dockerfile));
        var sources = CopyFromContext().Matches(text).SelectMany(m => m.Groups["src"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(Helm.Root, s)) || Directory.Exists(Path.Combine(Helm.Root, s)), $"{dockerfile}: COPY {s} does not exist"));

        // Every project the published one references (transitively) is copied, both as project file and as source.
        foreach (var reference in Closure(project))
        {
            Assert.Contains(reference, sources);
            Assert.Contains(Path.GetDirectoryName(reference)!.Replace('\\', '/') + "/", sources);
        }

        Assert.Contains($"dotnet publish {project}", text);
        Assert.Equal(Path.GetFileNameWithoutExtension(dll), AssemblyName(project));
        Assert.Contains(dll, text);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Images_are_multi_stage_non_root_and_small(string dockerfile, string project, string dll)
    {
        _ = dll;
        var text = File.ReadAllText(Path.Combine(Helm.Root, dockerfile));
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text);
        Assert.Contains("-c Release", text);
        Assert.Matches(@"(?m)^USER 65532:65532$", text);
        Assert.Contains("HOME=/tmp", text);

        // The runtime stage is the chiseled ASP.NET image: no shell, so no RUN there, and no ICU, which is fine
        // only because globalization is invariant everywhere.
        var runtime = text[text.IndexOf("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime", StringComparison.Ordinal)..];
        Assert.DoesNotMatch(@"(?m)^RUN ", runtime);
        Assert.Equal("true", XDocument.Load(Path.Combine(Helm.Root, "Directory.Build.props")).Descendants("InvariantGlobalization").Single().Value);
        Assert.DoesNotContain(XDocument.Load(Path.Combine(Helm.Root, project)).Descendants("InvariantGlobalization"), e => e.Value != "true");
    }

    [Fact]
    public void The_host_image_keeps_the_wasmtime_native_library()
    {
        var text = File.ReadAllText(Path.Combine(Helm.Root, "Dockerfile.host"));
        Assert.Contains("-r linux-x64", text);
        // Checked in the build stage, whose RUN lines DockerfileBuildStageTests runs; the runtime stage has no shell.
        var buildStage = text[..text.IndexOf("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)];
        Assert.Contains("test -f /app/libwasmtime.so", buildStage);
        Assert.Contains(XDocument.Load(Path.Combine(Helm.Root, "HostRuntime/HostRuntime.csproj")).Descendants("PackageReference"), p => (string?)p.Attribute("Include") == "Wasmtime");
    }

    [Fact]
    public void The_chart_starts_the_dlls_the_images_publish()
    {
        var rendered = Helm.Template(Variants.Default);
        Assert.Equal("Wasmcloud.Silo.dll", rendered.Container("wasmcloud-wasmcloud-orleans-operator").Args[0]);
        Assert.Equal("Wasmcloud.Silo.dll", rendered.Container("wasmcloud-wasmcloud-orleans-gateway").Args[0]);
        Assert.Contains("ENTRYPOINT [\"dotnet\"]", File.ReadAllText(Path.Combine(Helm.Root, "Dockerfile.silo")));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Wasmcloud.HostRuntime.dll\"]", File.ReadAllText(Path.Combine(Helm.Root, "Dockerfile.host")));
        Assert.Equal("host", rendered.Container("hostgroup-default").Args[0]);
    }

    private static string? AssemblyName(string project) =>
        XDocument.Load(Path.Combine(Helm.Root, project)).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault();

    private static IEnumerable<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(Path.Combine(Helm.Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Helm.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, ((string)reference.Attribute("Include")!).Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Helm.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?:--chown=\S+ )?(?<src>.+) \S+$")]
    private static partial Regex CopyFromContext();
}
