using System.Globalization;

namespace Wasmcloud.Bench.ReminderTable;

/// <summary>CPU time used so far by this process's children of one name (the nats-server the fixture started), from /proc.</summary>
internal static class ChildProcessCpu
{
    // Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream distribution.
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(string name)
    {
        var parent = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var seconds = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces, so split after its ')'.
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < 0 || stat[(open + 1)..close] != name)
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                if (fields[1] != parent)
                {
                    continue;
                }

                seconds += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
