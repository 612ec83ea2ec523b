using System.Text;
using System.Text.Json;
using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Naming;

/// <summary>Child names and template hashes, made the way the reference makes them.</summary>
public static class ObjectNames
{
    // k8s.io/apimachinery rand.SafeEncodeString: no vowels, no look-alike characters.
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>FNV-32a of the JSON of <c>template.spec</c> only, as a safe string.</summary>
    public static string TemplateHash(WorkloadSpec spec) =>
        SafeEncode(Fnv32a.Hash(JsonSerializer.SerializeToUtf8Bytes(spec, ModelJson.Options)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A name for a new child: <c>&lt;parent&gt;-&lt;random hash&gt;</c>.</summary>
    public static string ChildName(string parent) =>
        $"{parent}-{SafeEncode(Fnv32a.Hash(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())).ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    /// <summary><c>&lt;svc[:54]&gt;-&lt;fnv32a(svc) as 8 hex&gt;</c>.</summary>
    public static string EndpointSliceName(string service) =>
        $"{(service.Length > 54 ? service[..54] : service)}-{Fnv32a.Hash(Encoding.UTF8.GetBytes(service)):x8}";

    internal static string SafeEncode(string value)
    {
        var chars = new char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            chars[i] = SafeAlphabet[value[i] % SafeAlphabet.Length];
        }

        return new string(chars);
    }
}
