namespace Wasmcloud.Samples.Plugins.Greeting;

/// <summary>What one component's binding says: the word to greet with.</summary>
public sealed record GreetingSettings(string Greeting);
