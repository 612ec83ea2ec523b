namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary><c>wasmcloud:messaging/types.broker-message</c>.</summary>
internal sealed record BrokerMessage(string Subject, byte[] Body, string? ReplyTo);
