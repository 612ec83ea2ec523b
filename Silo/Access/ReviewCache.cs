using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Wasmcloud.Silo.Access;

/// <summary>
/// Remembers review answers for a few seconds, as kube-rbac-proxy does: a dashboard polling every 2 s would otherwise
/// cost the API server two reviews per poll. Keyed by a hash, so tokens are not kept in memory.
/// </summary>
internal sealed class ReviewCache(TimeProvider time, TimeSpan lifetime, int capacity = 1024)
{
    private readonly ConcurrentDictionary<string, (AccessVerdict Verdict, DateTimeOffset Until)> _answers = new(StringComparer.Ordinal);

    public bool TryGet(string token, string path, out AccessVerdict verdict)
    {
        if (_answers.TryGetValue(Key(token, path), out var answer) && answer.Until > time.GetUtcNow())
        {
            verdict = answer.Verdict;
            return true;
        }

        verdict = default;
        return false;
    }

    public void Add(string token, string path, AccessVerdict verdict)
    {
        if (_answers.Count >= capacity)
        {
            // Crude but bounded: many distinct tokens in a few seconds is an attack or a test, not a dashboard.
            _answers.Clear();
        }

        _answers[Key(token, path)] = (verdict, time.GetUtcNow() + lifetime);
    }

    private static string Key(string token, string path) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) + " " + path;
}
