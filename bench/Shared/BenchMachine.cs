using System.Runtime.InteropServices;

namespace Wasmcloud.Bench;

/// <summary>What a benchmark ran on, for the caption of its figures.</summary>
internal static class BenchMachine
{
    public static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        var model = File.Exists(CpuInfo) ? File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return model is null ? RuntimeInformation.ProcessArchitecture.ToString() : model[(model.IndexOf(':') + 1)..].Trim();
    }
}
