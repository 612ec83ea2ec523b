using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Net.Http.Headers;

namespace Wasmcloud.Silo.Access;

/// <summary>
/// The kube-rbac-proxy pattern, as for any Kubernetes operator's <c>/metrics</c>: the bearer token is checked with a
/// TokenReview, then the user it names needs <c>get</c> on the non-resource URL through a SubjectAccessReview.
/// </summary>
public sealed partial class KubernetesAccessReviewer(IKubernetes client, ILogger<KubernetesAccessReviewer> logger, TimeProvider? time = null) : IAccessReviewer
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    private const string BearerPrefix = "Bearer ";

    private readonly ReviewCache _cache = new(time ?? TimeProvider.System, CacheLifetime);

    public async Task<AccessVerdict> ReviewAsync(HttpContext context, string nonResourcePath, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length == BearerPrefix.Length)
        {
            return AccessVerdict.Unauthenticated;
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (_cache.TryGet(token, nonResourcePath, out var remembered))
        {
            return remembered;
        }

        var verdict = await AskAsync(token, nonResourcePath, cancellationToken);
        _cache.Add(token, nonResourcePath, verdict);
        return verdict;
    }

    private async Task<AccessVerdict> AskAsync(string token, string nonResourcePath, CancellationToken cancellationToken)
    {
        try
        {
            var review = await client.AuthenticationV1.CreateTokenReviewAsync(
                new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: cancellationToken);
            if (review.Status is not { Authenticated: true, User: { } user })
            {
                return AccessVerdict.Unauthenticated;
            }

            var access = await client.AuthorizationV1.CreateSubjectAccessReviewAsync(
                new V1SubjectAccessReview
                {
                    Spec = new V1SubjectAccessReviewSpec
                    {
                        User = user.Username,
                        Groups = user.Groups,
                        Uid = user.Uid,
                        NonResourceAttributes = new V1NonResourceAttributes { Path = nonResourcePath, Verb = "get" },
                    },
                },
                cancellationToken: cancellationToken);
            return access.Status?.Allowed == true ? AccessVerdict.Allowed : AccessVerdict.Forbidden;
        }
        catch (HttpOperationException e)
        {
            // The API server refused the review itself (e.g. the operator lacks the auth-delegator role): deny, and say why.
            LogReviewFailed(logger, nonResourcePath, (int)e.Response.StatusCode, e);
            return AccessVerdict.Forbidden;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Access review for {Path} failed with HTTP {Status}; denying")]
    private static partial void LogReviewFailed(ILogger logger, string path, int status, Exception exception);
}
