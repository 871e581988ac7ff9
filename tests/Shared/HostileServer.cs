using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MagicHour.Tests.Shared;

/// <summary>One request as it arrived on the socket.</summary>
public sealed record HostileRequest(int Index, string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the server does with one request (one connection: every answer closes it, or holds it open).</summary>
public abstract record HostileAction
{
    /// <summary>A well-formed answer with Content-Length.</summary>
    public static HostileAction Respond(int status, string body = "", params (string Name, string Value)[] headers)
        => new RespondAction(status, Encoding.UTF8.GetBytes(body), headers);

    /// <summary>Status line and headers (Content-Length <paramref name="contentLength"/>), then <paramref name="prefix"/>, then nothing until the server is disposed.</summary>
    public static HostileAction HeadersThenStall(int status, long contentLength = 100, string prefix = "", params (string Name, string Value)[] headers)
        => new StallAction(status, contentLength, Encoding.UTF8.GetBytes(prefix), headers);

    /// <summary>The whole body, one byte every <paramref name="interval"/> (real time).</summary>
    public static HostileAction Drip(int status, string body, TimeSpan interval)
        => new DripAction(status, Encoding.UTF8.GetBytes(body), interval);

    /// <summary>Announces <paramref name="contentLength"/> bytes, sends <paramref name="body"/> (fewer), closes.</summary>
    public static HostileAction CutShort(int status, long contentLength, string body)
        => new CutAction(status, contentLength, Encoding.UTF8.GetBytes(body));

    /// <summary>A redirect; <paramref name="location"/> null sends none (a 3xx without Location).</summary>
    public static HostileAction Redirect(int status, string? location)
        => new RespondAction(status, [], location is null ? [] : [("Location", location)]);

    /// <summary>200 whose body is the request's headers, one "Name: value" a line.</summary>
    public static HostileAction EchoHeaders() => new EchoAction();

    /// <summary>Reads the request and answers nothing at all, holding the connection open (counts as a stall).</summary>
    public static HostileAction Silence() => new SilenceAction();

    /// <summary>Closes the connection without a byte of answer.</summary>
    public static HostileAction Hangup() => new HangupAction();

    internal sealed record RespondAction(int Status, byte[] Body, (string Name, string Value)[] Headers) : HostileAction;
    internal sealed record StallAction(int Status, long ContentLength, byte[] Prefix, (string Name, string Value)[] Headers) : HostileAction;
    internal sealed record DripAction(int Status, byte[] Body, TimeSpan Interval) : HostileAction;
    internal sealed record CutAction(int Status, long ContentLength, byte[] Body) : HostileAction;
    internal sealed record EchoAction : HostileAction;
    internal sealed record HangupAction : HostileAction;
    internal sealed record SilenceAction : HostileAction;
}

/// <summary>
/// A raw-socket HTTP/1.1 server on 127.0.0.1 (port 0) that misbehaves at the byte level on purpose: it stalls after
/// the headers, drips, cuts bodies short, loops redirects, sends 3xx without Location, echoes headers, hangs up.
/// Each request gets its own connection (answers say <c>Connection: close</c>) and the script decides per request.
/// Bounded: at most <c>maxConnections</c> are served (later ones are closed at once) and everything stops after
/// <c>lifetime</c> (real time, a safety net) or at <see cref="DisposeAsync"/>, which closes every socket it holds.
/// </summary>
public sealed class HostileServer : IAsyncDisposable, IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<HostileRequest, HostileAction> _script;
    private readonly CancellationTokenSource _stop;
    private readonly int _maxConnections;
    private readonly ConcurrentBag<TcpClient> _open = new();
    private readonly List<HostileRequest> _requests = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _stalls;
    private TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostileServer(Func<HostileRequest, HostileAction> script, int maxConnections, TimeSpan lifetime)
    {
        _script = script;
        _maxConnections = maxConnections;
        _stop = new CancellationTokenSource(lifetime);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Starts a server answering each request as <paramref name="script"/> says.</summary>
    public static HostileServer Start(Func<HostileRequest, HostileAction> script, int maxConnections = 100, TimeSpan? lifetime = null)
        => new(script, maxConnections, lifetime ?? TimeSpan.FromSeconds(60));

    /// <summary>A loopback port nothing listens on (bound, then released): connecting to it is refused.</summary>
    public static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<HostileRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    /// <summary>Completes once a stalling answer has sent its headers (and prefix) <paramref name="count"/> times in all.</summary>
    public async Task WhenStalledAsync(int count = 1)
    {
        while (true)
        {
            Task next;
            lock (_requests)
            {
                if (_stalls >= count) return;
                next = _stalled.Task;
            }
            await next.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _open.Add(client);
                if (Interlocked.Increment(ref _connections) > _maxConnections)
                {
                    client.Close();
                    continue;
                }
                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream).ConfigureAwait(false);
            if (request is null) return;
            HostileAction action;
            lock (_requests)
            {
                request = request with { Index = _requests.Count };
                _requests.Add(request);
            }
            action = _script(request);
            await AnswerAsync(stream, request, action).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Close();
        }
    }

    private async Task AnswerAsync(NetworkStream stream, HostileRequest request, HostileAction action)
    {
        var token = _stop.Token;
        switch (action)
        {
            case HostileAction.RespondAction r:
                await WriteAsync(stream, Head(r.Status, r.Body.Length, r.Headers), token).ConfigureAwait(false);
                await stream.WriteAsync(r.Body, token).ConfigureAwait(false);
                break;
            case HostileAction.StallAction s:
                await WriteAsync(stream, Head(s.Status, s.ContentLength, s.Headers), token).ConfigureAwait(false);
                await stream.WriteAsync(s.Prefix, token).ConfigureAwait(false);
                await stream.FlushAsync(token).ConfigureAwait(false);
                await StallAsync(token).ConfigureAwait(false);
                break;
            case HostileAction.SilenceAction:
                await StallAsync(token).ConfigureAwait(false);
                break;
            case HostileAction.DripAction d:
                await WriteAsync(stream, Head(d.Status, d.Body.Length, []), token).ConfigureAwait(false);
                foreach (var b in d.Body)
                {
                    await stream.WriteAsync(new[] { b }, token).ConfigureAwait(false);
                    await Task.Delay(d.Interval, token).ConfigureAwait(false);
                }
                break;
            case HostileAction.CutAction c:
                await WriteAsync(stream, Head(c.Status, c.ContentLength, []), token).ConfigureAwait(false);
                await stream.WriteAsync(c.Body, token).ConfigureAwait(false);
                break;
            case HostileAction.EchoAction:
                var echo = Encoding.UTF8.GetBytes(string.Concat(request.Headers.Select(h => $"{h.Key}: {h.Value}\n")));
                await WriteAsync(stream, Head(200, echo.Length, [("Content-Type", "text/plain")]), token).ConfigureAwait(false);
                await stream.WriteAsync(echo, token).ConfigureAwait(false);
                break;
            case HostileAction.HangupAction:
                break;
        }
        await stream.FlushAsync(token).ConfigureAwait(false);
    }

    private async Task StallAsync(CancellationToken token)
    {
        lock (_requests)
        {
            _stalls++;
            var reached = _stalled;
            _stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            reached.TrySetResult();
        }
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
    }

    private static string Head(int status, long contentLength, (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {ReasonOf(status)}\r\nConnection: close\r\nContent-Length: {contentLength}\r\n");
        if (!headers.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) && contentLength > 0) head.Append("Content-Type: application/json\r\n");
        foreach (var (name, value) in headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        return head.Append("\r\n").ToString();
    }

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK", 302 => "Found", 307 => "Temporary Redirect", 401 => "Unauthorized", 404 => "Not Found",
        422 => "Unprocessable Entity", 429 => "Too Many Requests", 500 => "Internal Server Error", 503 => "Service Unavailable",
        _ => "Status",
    };

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken token)
        => stream.WriteAsync(Encoding.ASCII.GetBytes(text), token).AsTask();

    private async Task<HostileRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        int headerEnd;
        while ((headerEnd = IndexOfBlankLine(buffer, filled)) < 0)
        {
            if (filled == buffer.Length) return null;
            var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token).ConfigureAwait(false);
            if (read == 0) return null;
            filled += read;
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var length = headers.TryGetValue("Content-Length", out var declared) ? long.Parse(declared) : 0;
        var body = new MemoryStream();
        body.Write(buffer, headerEnd + 4, filled - headerEnd - 4);
        while (body.Length < length)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (read == 0) break;
            body.Write(buffer, 0, read);
        }
        return new HostileRequest(0, requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers, body.ToArray());
    }

    private static int IndexOfBlankLine(byte[] buffer, int filled)
    {
        for (var i = 0; i + 3 < filled; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') return i;
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _open) client.Close();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
