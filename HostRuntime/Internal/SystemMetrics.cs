using System.Globalization;
using System.Runtime.InteropServices;

namespace Wasmcloud.HostRuntime.Internal;

/// <summary>
/// Machine figures for heartbeats, read from <c>/proc</c> on Linux. CPU usage is measured between two calls, so
/// each heartbeat reports the load since the previous one; the first reports the average since boot.
/// </summary>
internal sealed class SystemMetrics
{
    private readonly Lock _lock = new();
    private (ulong Busy, ulong Total)? _previousCpu;

    /// <summary>Rust's <c>std::env::consts::OS</c> spelling, which the reference reports.</summary>
    public static string OsName { get; } =
        OperatingSystem.IsLinux() ? "linux" :
        OperatingSystem.IsMacOS() ? "macos" :
        OperatingSystem.IsWindows() ? "windows" :
        OperatingSystem.IsFreeBSD() ? "freebsd" : RuntimeInformation.OSDescription;

    /// <summary>Rust's <c>std::env::consts::ARCH</c> spelling.</summary>
    public static string OsArch { get; } = RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.X86 => "x86",
        Architecture.Arm => "arm",
        Architecture.RiscV64 => "riscv64",
        Architecture.S390x => "s390x",
        Architecture.LoongArch64 => "loongarch64",
        Architecture.Ppc64le => "powerpc64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>Rust's <c>std::env::consts::FAMILY</c>, which the reference sends as <c>osKernel</c>.</summary>
    public static string OsFamily { get; } = OperatingSystem.IsWindows() ? "windows" : "unix";

    /// <summary>Busy CPU time over all cores since the previous call, in percent.</summary>
    public float CpuUsagePercent()
    {
        if (ReadCpuTimes() is not { } now)
        {
            return 0f;
        }

        lock (_lock)
        {
            var (busy, total) = _previousCpu is { } before && now.Total > before.Total
                ? (now.Busy - before.Busy, now.Total - before.Total)
                : now;
            _previousCpu = now;
            return total == 0 ? 0f : (float)Math.Round(100.0 * busy / total, 2);
        }
    }

    /// <summary>
    /// Total and free memory in bytes. "Free" is MemAvailable (reclaimable cache included): what a scheduler can
    /// still place, where MemFree would make a busy page cache look like a full host.
    /// </summary>
    public static (ulong Total, ulong Free) Memory()
    {
        if (ReadMemInfo() is { } fromProc)
        {
            return fromProc;
        }

        var gc = GC.GetGCMemoryInfo();
        var total = (ulong)Math.Max(0, gc.TotalAvailableMemoryBytes);
        return (total, total - Math.Min(total, (ulong)Math.Max(0, gc.MemoryLoadBytes)));
    }

    private static (ulong Total, ulong Free)? ReadMemInfo()
    {
        try
        {
            ulong? total = null, available = null, free = null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = KiloBytes(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = KiloBytes(line);
                }
                else if (line.StartsWith("MemFree:", StringComparison.Ordinal))
                {
                    free = KiloBytes(line);
                }
            }

            return total is { } t ? (t, available ?? free ?? 0) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ulong KiloBytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
    }

    private static (ulong Busy, ulong Total)? ReadCpuTimes()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user/nice]
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => ulong.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
            if (fields.Length < 4)
            {
                return null;
            }

            var total = fields.Aggregate(0UL, (sum, v) => sum + v);
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
