using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Wasmcloud.HostRuntime.Ingress;
using Wasmcloud.Protocol;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// The interim HTTP path until wasi:http: every request runs the workload's WASI command module once, CGI-style
/// (RFC 3875): the body on stdin, request meta-variables and <c>HTTP_*</c> headers in the environment next to the
/// component's configured environment, and a CGI response on stdout. Each run gets a fresh store with the memory
/// ceiling and the request deadline. A trap answers 500, the deadline 504; neither affects the next request.
/// </summary>
internal sealed partial class CgiHttpHandler : IWorkloadHttpHandler
{
    /// <summary>The largest response a component may write; beyond it the guest's stdout is closed and the client gets 500.</summary>
    public const int MaxResponseBytes = 32 * 1024 * 1024;

    private readonly WasmEngine _engine;
    private readonly CompiledWasm _wasm;
    private readonly CgiHandlerSettings _settings;
    private readonly InflightGate _gate;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    public CgiHttpHandler(WasmEngine engine, CompiledWasm wasm, CgiHandlerSettings settings, InflightGate gate, ILogger logger, CancellationToken stopping)
    {
        _engine = engine;
        _wasm = wasm;
        _settings = settings;
        _gate = gate;
        _stopping = stopping;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!_gate.TryEnter())
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "workload is stopping", cancellationToken);
            return;
        }

        string? stdin = null;
        try
        {
            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
            (stdin, var bodyLength) = await SpoolBodyAsync(context, invocation.Token);
            var output = new CappedOutput(MaxResponseBytes);
            var stderr = new GuestOutputLines(line => LogStderr(_settings.WorkloadId, _settings.ComponentName, line));
            var command = new WasiCommandSettings
            {
                Arguments = [_settings.ComponentName],
                Environment = [.. Environment(context, bodyLength)],
                StandardInputPath = stdin,
                StandardOutput = output.Write,
                StandardError = stderr.Write,
                MemoryLimitBytes = _settings.MemoryLimitBytes,
                Timeout = _settings.Timeout,
                Preopens = _settings.Preopens,
                PerRequestFuel = true,
            };

            var outcome = await WasiCommand.RunAsync(_engine, _wasm, command, invocation.Token);
            stderr.Flush();
            await RespondAsync(context, outcome, output, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "workload is stopping", cancellationToken);
        }
        finally
        {
            if (stdin is not null)
            {
                TryDelete(stdin);
            }

            _gate.Exit();
        }
    }

    private async Task RespondAsync(HttpContext context, WasiCommandOutcome outcome, CappedOutput output, CancellationToken cancellationToken)
    {
        var component = _settings.ComponentName;
        switch (outcome)
        {
            case WasiCommandOutcome.Exited { Code: 0 } when output.Overflowed:
                LogFailed(_settings.WorkloadId, component, $"response larger than {MaxResponseBytes} bytes");
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, $"component '{component}' wrote a response larger than {MaxResponseBytes} bytes", cancellationToken);
                break;

            case WasiCommandOutcome.Exited { Code: 0 }:
                if (!CgiResponse.TryParse(output.Written, out var response, out var error))
                {
                    LogFailed(_settings.WorkloadId, component, error!);
                    await WriteErrorAsync(context, StatusCodes.Status502BadGateway, $"component '{component}' sent an invalid CGI response: {error}", cancellationToken);
                    break;
                }

                context.Response.StatusCode = response.StatusCode;
                foreach (var (name, value) in response.Headers)
                {
                    context.Response.Headers.Append(name, value);
                }

                context.Response.ContentLength = response.Body.Length;
                await context.Response.Body.WriteAsync(response.Body, cancellationToken);
                break;

            case WasiCommandOutcome.Exited exited:
                LogFailed(_settings.WorkloadId, component, $"exited with code {exited.Code}");
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, $"component '{component}' exited with code {exited.Code}", cancellationToken);
                break;

            case WasiCommandOutcome.Trapped trapped:
                LogFailed(_settings.WorkloadId, component, trapped.Message);
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, $"component '{component}' failed: {trapped.Message}", cancellationToken);
                break;

            case WasiCommandOutcome.TimedOut:
                LogTimedOut(_settings.WorkloadId, component, _settings.Timeout);
                await WriteErrorAsync(context, StatusCodes.Status504GatewayTimeout, $"component '{component}' did not answer within {_settings.Timeout.TotalSeconds:0.###}s", cancellationToken);
                break;

            case WasiCommandOutcome.Cancelled when cancellationToken.IsCancellationRequested:
                break;

            case WasiCommandOutcome.Cancelled:
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "workload is stopping", cancellationToken);
                break;
        }
    }

    /// <summary>
    /// The CGI environment. Later layers win: request headers (<c>HTTP_*</c>), then the component's configured
    /// environment (so a client cannot override configuration by sending a header), then the meta-variables.
    /// </summary>
    private Dictionary<string, string> Environment(HttpContext context, long bodyLength)
    {
        var request = context.Request;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers)
        {
            // Content-Type and -Length have meta-variables of their own; Proxy is the httpoxy hole (HTTP_PROXY).
            if (name.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase)
                || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            environment["HTTP_" + name.ToUpperInvariant().Replace('-', '_')] = values.ToString();
        }

        foreach (var (name, value) in _settings.Environment)
        {
            environment[name] = value;
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        environment["SERVER_SOFTWARE"] = "wasmcloud-orleans";
        environment["SERVER_PROTOCOL"] = request.Protocol;
        environment["SERVER_NAME"] = HostNames.Normalize(request.Host.Host);
        environment["SERVER_PORT"] = context.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        environment["REMOTE_ADDR"] = context.Connection.RemoteIpAddress?.ToString() ?? "";
        environment["REMOTE_PORT"] = context.Connection.RemotePort.ToString(CultureInfo.InvariantCulture);
        environment["REQUEST_METHOD"] = request.Method;
        environment["REQUEST_URI"] = rawTarget;
        environment["SCRIPT_NAME"] = "";
        environment["PATH_INFO"] = (request.PathBase + request.Path).ToString();
        environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        environment["HTTP_HOST"] = request.Headers.Host.ToString();
        if (request.ContentType is { } contentType)
        {
            environment["CONTENT_TYPE"] = contentType;
        }

        if (bodyLength > 0)
        {
            environment["CONTENT_LENGTH"] = bodyLength.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>Writes the request body to a temp file for the guest's stdin; no file when there is no body.</summary>
    private async Task<(string? Path, long Length)> SpoolBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var detection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (detection is { CanHaveBody: false } || context.Request.ContentLength == 0)
        {
            return (null, 0);
        }

        Directory.CreateDirectory(_settings.SpoolDirectory);
        var path = Path.Combine(_settings.SpoolDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            long length;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await context.Request.Body.CopyToAsync(file, cancellationToken);
                length = file.Length;
            }

            if (length == 0)
            {
                TryDelete(path);
                return (null, 0);
            }

            return (path, length);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = CgiResponse.DefaultContentType;
        try
        {
            await context.Response.WriteAsync(message + "\n", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client is gone.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover spool file is harmless; the folder lives under the temp directory.
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' failed a request: {Reason}")]
    private partial void LogFailed(string workloadId, string component, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Workload {WorkloadId}: component '{Component}' was interrupted at the {Timeout} request deadline")]
    private partial void LogTimedOut(string workloadId, string component, TimeSpan timeout);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Workload {WorkloadId}: component '{Component}' stderr: {Line}")]
    private partial void LogStderr(string workloadId, string component, string line);
}
