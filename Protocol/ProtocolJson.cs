using System.Buffers;
using System.Text;
using Google.Protobuf;

namespace Wasmcloud.Protocol;

/// <summary>
/// The canonical proto3 JSON of the wire: lowerCamelCase names, enum names, 64-bit integers as strings, defaults
/// omitted on output; unknown fields ignored and original (snake_case) names accepted on input. Both ends of the
/// protocol must use these two instances so their encodings cannot drift apart.
/// </summary>
public static class ProtocolJson
{
    public static JsonFormatter Formatter { get; } = new(
        JsonFormatter.Settings.Default
            .WithFormatDefaultValues(false)
            .WithFormatEnumsAsIntegers(false)
            .WithPreserveProtoFieldNames(false));

    public static JsonParser Parser { get; } = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static byte[] Encode(IMessage message) => Encoding.UTF8.GetBytes(Formatter.Format(message));

    /// <summary>Parses JSON text; an empty or blank body means the empty message, as an Empty request is sent as <c>{}</c> or nothing.</summary>
    /// <exception cref="ProtocolJsonException">The text is not valid proto3 JSON for <typeparamref name="T"/>.</exception>
    public static T Parse<T>(string json)
        where T : IMessage<T>, new()
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new T();
        }

        try
        {
            return Parser.Parse<T>(json);
        }
        catch (InvalidJsonException e)
        {
            throw new ProtocolJsonException($"invalid JSON for {new T().Descriptor.FullName}: {e.Message}", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtocolJsonException($"invalid {new T().Descriptor.FullName}: {e.Message}", e);
        }
    }

    /// <inheritdoc cref="Parse{T}(string)"/>
    public static T Decode<T>(ReadOnlySpan<byte> utf8)
        where T : IMessage<T>, new()
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolJsonException($"invalid {new T().Descriptor.FullName}: payload is not UTF-8", e);
        }

        return Parse<T>(text);
    }

    /// <inheritdoc cref="Parse{T}(string)"/>
    public static T Decode<T>(in ReadOnlySequence<byte> utf8)
        where T : IMessage<T>, new() =>
        utf8.IsSingleSegment ? Decode<T>(utf8.FirstSpan) : Decode<T>(utf8.ToArray());

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
