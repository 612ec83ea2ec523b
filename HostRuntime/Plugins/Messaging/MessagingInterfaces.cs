using System.Text;
using Wasmcloud.HostRuntime.Execution.ComponentModel;
using Wasmcloud.HostRuntime.Execution.ComponentModel.Native;

namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>
/// <c>wasmcloud:messaging/consumer@0.2.0</c> in C# (publish, request) for stores whose
/// <see cref="ComponentStore.Plugins"/> carry a <see cref="MessagingBinding"/>, and the <c>broker-message</c> record
/// both ways for the exported <c>handler</c>.
/// </summary>
internal static unsafe class MessagingInterfaces
{
    public const string Version = "0.2.0";
    public const string Package = "wasmcloud:messaging";
    public const string Handler = $"{Package}/handler@{Version}";
    public const string HandleMessage = "handle-message";

    public static readonly IReadOnlyList<string> Interfaces = ["consumer", "handler"];

    public static void Define(HostLinker linker)
    {
        // types has only a record: nothing to define, but the name must resolve for components that import it.
        linker.DefineInterface($"{Package}/types@{Version}", _ => { });
        linker.DefineInterface($"{Package}/consumer@{Version}", i =>
        {
            i.Function("publish", Publish);
            i.Function("request", Request);
        });
    }

    /// <summary>Reads a <c>broker-message</c> record (fields by name, so their order does not matter).</summary>
    public static BrokerMessage ReadMessage(ComponentVal* value)
    {
        if (value->Kind != ComponentValKind.Record)
        {
            throw new InvalidOperationException($"expected a broker-message record, got {value->Kind}");
        }

        var entries = (ComponentRecordEntry*)value->Vec.Data;
        string subject = "";
        byte[] body = [];
        string? replyTo = null;
        for (var f = 0; f < (int)value->Vec.Size; f++)
        {
            var field = &entries[f].Value;
            switch (Encoding.UTF8.GetString(entries[f].Name.AsSpan()))
            {
                case "subject":
                    subject = Vals.ReadString(field);
                    break;
                case "body":
                    body = Vals.ReadBytes(field);
                    break;
                case "reply-to":
                    var option = Vals.ReadOption(field);
                    replyTo = option is null ? null : Vals.ReadString(option);
                    break;
            }
        }

        return new BrokerMessage(subject, body, replyTo);
    }

    /// <summary>Writes a <c>broker-message</c> record into <paramref name="value"/> (Wasmtime-allocated, freed by its owner).</summary>
    public static void WriteMessage(ComponentVal* value, BrokerMessage message)
    {
        var fields = Vals.WriteRecord(value, 3);
        Vals.WriteString(Vals.WriteField(&fields[0], "subject"u8), message.Subject);
        Vals.WriteBytes(Vals.WriteField(&fields[1], "body"u8), message.Body);
        var reply = Vals.WriteField(&fields[2], "reply-to"u8);
        if (message.ReplyTo is { } replyTo)
        {
            ComponentVal text = default;
            Vals.WriteString(&text, replyTo);
            Vals.WriteSome(reply, &text);
        }
        else
        {
            Vals.WriteNone(reply);
        }
    }

    private static void Publish(ref HostCall call)
    {
        var message = ReadMessage(call.Arg(0));
        if (call.Store.Plugins?.Messaging is not { } binding)
        {
            WriteError(call.Result(), "this workload declares no wasmcloud:messaging host interface");
            return;
        }

        if (Blocking.Wait(binding.PublishAsync(message, call.Store.Interrupt), call.Store.Interrupt) is { } error)
        {
            WriteError(call.Result(), error);
            return;
        }

        Vals.WriteOk(call.Result());
    }

    private static void Request(ref HostCall call)
    {
        var subject = Vals.ReadString(call.Arg(0));
        var body = Vals.ReadBytes(call.Arg(1));
        var timeout = TimeSpan.FromMilliseconds(Vals.ReadU32(call.Arg(2)));
        if (call.Store.Plugins?.Messaging is not { } binding)
        {
            WriteError(call.Result(), "this workload declares no wasmcloud:messaging host interface");
            return;
        }

        var (reply, error) = Blocking.Wait(binding.RequestAsync(subject, body, timeout, call.Store.Interrupt), call.Store.Interrupt);
        if (reply is null)
        {
            WriteError(call.Result(), error ?? "no reply");
            return;
        }

        ComponentVal message = default;
        WriteMessage(&message, reply);
        Vals.WriteOk(call.Result(), &message);
    }

    private static void WriteError(ComponentVal* result, string message)
    {
        ComponentVal text = default;
        Vals.WriteString(&text, message);
        Vals.WriteErr(result, &text);
    }
}
