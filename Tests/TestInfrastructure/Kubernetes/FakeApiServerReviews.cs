using System.Collections.Concurrent;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// The answers to TokenReview and SubjectAccessReview: which bearer tokens belong to whom, and what each user may do.
/// Unknown tokens are unauthenticated; anything not allowed is denied.
/// </summary>
public sealed class FakeApiServerReviews
{
    private readonly ConcurrentDictionary<string, (string User, string[] Groups)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, string Verb, string Target), bool> _allowed = new();

    public void AddToken(string token, string user, params string[] groups) => _tokens[token] = (user, groups);

    /// <summary>Allows <paramref name="verb"/> on a non-resource path (<c>/metrics</c>) or a resource (<c>group/resource</c>, core resources as <c>/pods</c>).</summary>
    public void Allow(string user, string verb, string target) => _allowed[(user, verb, target)] = true;

    public int TokenReviews { get; private set; }

    public int AccessReviews { get; private set; }

    internal (string User, string[] Groups)? Authenticate(string token)
    {
        TokenReviews++;
        return _tokens.TryGetValue(token, out var identity) ? identity : null;
    }

    internal bool IsAllowed(string user, string verb, string target)
    {
        AccessReviews++;
        return _allowed.ContainsKey((user, verb, target));
    }
}
