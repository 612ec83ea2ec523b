using System.Diagnostics;
using k8s;
using k8s.Models;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.TestInfrastructure.Charts;

/// <summary>
/// The real helm binary (fetched by scripts/helm.sh into .tools/) run against the chart, for the chart's own tests and
/// for tests that run the silo with what the chart renders (its arguments, its RBAC).
/// </summary>
public static class Helm
{
    public const string Release = "wasmcloud";
    public const string Namespace = "wasmcloud";
    public const string ChartFolder = "charts/wasmcloud-orleans";

    private static readonly Lazy<string> s_binary = new(FindOrFetch);

    public static string Root => Fixtures.RepositoryRoot;

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

    /// <summary>Every document <c>helm template</c> renders for these values (and <paramref name="flags"/>, e.g. <c>--include-crds</c>), as typed objects.</summary>
    public static Rendered Template(string valuesYaml, params string[] flags)
    {
        var (code, output, error) = Run(valuesYaml, ["template", Release, ChartPath, "--namespace", Namespace, .. flags]);
        if (code != 0)
        {
            throw new InvalidOperationException($"helm template failed: {error}");
        }

        var typeMap = new Dictionary<string, Type> { ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor) };
        var objects = KubernetesYaml.LoadAllFromString(WithoutEmptyDocuments(output), typeMap, strict: true);
        return new Rendered(output, objects.Cast<IKubernetesObject<V1ObjectMeta>>().ToList());
    }

    /// <summary>The stream without documents that hold only comments (the CRD files' headers), which the YAML loader cannot read.</summary>
    private static string WithoutEmptyDocuments(string yaml) =>
        string.Join("\n---\n", yaml.Split("\n---").Where(document =>
            document.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith('#') && text != "---")));

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
            if (code != 0 || !File.Exists(binary))
            {
                throw new InvalidOperationException($"scripts/helm.sh could not fetch helm: {error}");
            }
        }

        return binary;
    }
}
