using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Wasmcloud.Charts.Tests;

/// <summary>The real helm binary (fetched by scripts/helm.sh into .tools/) run against the chart.</summary>
internal static class Helm
{
    public const string Release = "wasmcloud";
    public const string Namespace = "wasmcloud";
    public const string ChartFolder = "charts/wasmcloud-orleans";

    private static readonly Lazy<string> s_binary = new(FindOrFetch);

    public static string Root { get; } = FindRoot();

    public static string ChartPath => Path.Combine(Root, ChartFolder);

    /// <summary>The exit code and output of <c>helm &lt;args&gt; -f values.yaml</c>.</summary>
    public static (int ExitCode, string Output, string Error) Run(string valuesYaml, params string[] args)
    {
        var values = Path.Combine(Path.GetTempPath(), $"chart-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(values, valuesYaml);
        try
        {
            return Exec(s_binary.Value, [.. args, "-f", values]);
        }
        finally
        {
            File.Delete(values);
        }
    }

    /// <summary>Every document <c>helm template</c> renders for these values, as typed objects.</summary>
    public static Rendered Template(string valuesYaml)
    {
        var (code, output, error) = Run(valuesYaml, "template", Release, ChartPath, "--namespace", Namespace);
        Assert.True(code == 0, $"helm template failed: {error}");
        var typeMap = new Dictionary<string, Type> { ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor) };
        var objects = KubernetesYaml.LoadAllFromString(output, typeMap, strict: true);
        return new Rendered(output, objects.Cast<IKubernetesObject<V1ObjectMeta>>().ToList());
    }

    public static (int ExitCode, string Output, string Error) Exec(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindOrFetch()
    {
        var binary = Path.Combine(Root, ".tools", "helm", "helm");
        if (!File.Exists(binary))
        {
            var (code, _, error) = Exec("bash", [Path.Combine(Root, "scripts", "helm.sh")]);
            Assert.True(code == 0 && File.Exists(binary), $"scripts/helm.sh could not fetch helm: {error}");
        }

        return binary;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Orleans.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A Prometheus-operator ServiceMonitor, enough to read it back.</summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public Dictionary<string, object>? Spec { get; set; }
}

/// <summary>The documents of one rendering.</summary>
internal sealed record Rendered(string Yaml, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects)
{
    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T One<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(Objects.OfType<T>(), o => o.Metadata.Name == name);

    public V1Deployment Deployment(string name) => One<V1Deployment>(name);

    public V1Container Container(string deployment) => Assert.Single(Deployment(deployment).Spec.Template.Spec.Containers);
}
