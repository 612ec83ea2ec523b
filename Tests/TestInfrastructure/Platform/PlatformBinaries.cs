using System.Reflection;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>
/// Where the built silo and host live: each project's own output folder of the configuration this assembly was
/// built in (a Release test run starts Release processes). Both are built with it, because this project references
/// them. Also where the other programs the tests start are found.
/// </summary>
public static class PlatformBinaries
{
    public static string Configuration { get; } =
        typeof(PlatformBinaries).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string SiloDll => Find("Silo", "Wasmcloud.Silo.dll");

    public static string HostRuntimeDll => Find("HostRuntime", "Wasmcloud.HostRuntime.dll");

    /// <summary>The <c>dotnet</c> muxer that runs framework-dependent apps.</summary>
    public static string DotnetExecutable { get; } = FindDotnet();

    /// <summary>A program the tests run (<c>nats-server</c>, <c>docker-registry</c>): from an environment override, PATH, or where apt puts it.</summary>
    public static string FindExecutable(string name, string environmentVariable, string install)
    {
        if (Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        // apt installs some in /usr/sbin, which is not on every user's PATH.
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin").Append("/usr/local/bin");
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{name} was not found: install it ({install}, or scripts/prerequisites.sh) or set {environmentVariable}.");
    }

    private static string Find(string project, string dll)
    {
        var path = Path.Combine(Fixtures.RepositoryRoot, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{dll} is not built; run: dotnet build {project} -c {Configuration}", path);
    }

    private static string FindDotnet()
    {
        // The CLI tells child processes which muxer launched them; a test exe started directly falls back to PATH.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? "")
            .Where(dir => dir.Length > 0)
            .Select(dir => Path.Combine(dir, "dotnet"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("the dotnet executable was not found on PATH or in DOTNET_ROOT");
    }
}
