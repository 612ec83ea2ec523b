using System.Globalization;

namespace Wasmcloud.Bench.Failover;

/// <summary>Repeated measurements of one quantity, summarised as median (min–max).</summary>
public sealed class Sample(string name)
{
    private readonly List<TimeSpan> _values = [];

    public string Name { get; } = name;

    public IReadOnlyList<TimeSpan> Values => _values;

    public void Add(TimeSpan value) => _values.Add(value);

    public TimeSpan Median
    {
        get
        {
            var sorted = _values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary><c>1.23 s (1.01–1.50)</c>, or milliseconds below a second.</summary>
    public string Summary => _values.Count == 0
        ? "-"
        : $"{Format(Median)} ({Format(_values.Min())}–{Format(_values.Max())})";

    public string All => string.Join(", ", _values.Select(Format));

    public static string Format(TimeSpan value) => value < TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:N0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:N2} s");
}
