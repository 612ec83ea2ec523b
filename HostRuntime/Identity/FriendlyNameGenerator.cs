using System.Security.Cryptography;

namespace Wasmcloud.HostRuntime.Identity;

/// <summary>
/// Readable names like <c>quiet-otter-4821</c>. The Host object is named after it, so it must be a valid Kubernetes
/// object name: lowercase letters, digits and dashes.
/// </summary>
public static class FriendlyNameGenerator
{
    private static readonly string[] Adjectives =
    [
        "autumn", "bold", "brave", "bright", "calm", "clever", "cool", "crisp", "dawn", "eager", "fancy", "gentle",
        "golden", "green", "happy", "hidden", "icy", "jolly", "keen", "kind", "lively", "lucky", "mellow", "misty",
        "noble", "patient", "polished", "proud", "quick", "quiet", "rapid", "red", "rustic", "shy", "silent", "silver",
        "sly", "snowy", "solid", "spring", "steady", "still", "summer", "sunny", "swift", "tidy", "twilight", "wild",
        "winter", "wise",
    ];

    private static readonly string[] Nouns =
    [
        "badger", "bay", "bird", "breeze", "brook", "cedar", "cloud", "comet", "creek", "dew", "dune", "falcon",
        "feather", "fern", "field", "firefly", "forest", "fox", "frost", "glade", "harbor", "hawk", "heron", "hill",
        "lake", "leaf", "lynx", "meadow", "moon", "moss", "oak", "otter", "owl", "pine", "pond", "rain", "reef",
        "river", "sea", "shadow", "sky", "snow", "sparrow", "star", "stone", "sun", "thunder", "violet", "wave",
        "willow",
    ];

    public static string Next() =>
        $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}-{Nouns[RandomNumberGenerator.GetInt32(Nouns.Length)]}-{RandomNumberGenerator.GetInt32(1000, 10000)}";
}
