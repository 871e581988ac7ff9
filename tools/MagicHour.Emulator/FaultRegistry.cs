using System.Globalization;

namespace MagicHour.Emulator;

/// <summary>Active fault rules. Thread-safe; a rule is used up by the requests it applies to.</summary>
internal sealed class FaultRegistry
{
    public const string HeaderName = "X-Emulator-Fault";

    private readonly Lock _lock = new();
    private readonly List<Rule> _rules = [];

    public FaultRegistry(IEnumerable<EmulatorFault> initial)
    {
        foreach (var fault in initial)
        {
            Add(fault);
        }
    }

    private sealed class Rule(EmulatorFault fault, int remaining)
    {
        public EmulatorFault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }

    public void Add(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Count <= 0)
        {
            return;
        }
        lock (_lock)
        {
            _rules.Add(new Rule(fault, fault.Count));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>Takes the first rule that matches the route and applies to it, if any.</summary>
    public EmulatorFault? Take(RouteKey route)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (!Matches(rule.Fault.Route, route.Key) || !AppliesTo(rule.Fault.Kind, route))
                {
                    continue;
                }
                rule.Remaining--;
                if (rule.Remaining <= 0)
                {
                    _rules.RemoveAt(i);
                }
                return rule.Fault;
            }
        }
        return null;
    }

    public static string Normalize(string route)
    {
        var r = route.Trim();
        if (r.EndsWith("/{id}", StringComparison.OrdinalIgnoreCase))
        {
            r = r[..^5];
        }
        return r.TrimEnd('/');
    }

    private static bool Matches(string pattern, string key) =>
        pattern == "*" || string.Equals(Normalize(pattern), key, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a fault kind means anything on a route (a rule is only used up where it does).</summary>
    public static bool AppliesTo(EmulatorFaultKind kind, RouteKey route) => kind switch
    {
        EmulatorFaultKind.Status or EmulatorFaultKind.Delay or EmulatorFaultKind.DropConnection => true,
        EmulatorFaultKind.TruncatedDownload => route.Group == RouteGroup.Download && route.Key.StartsWith("GET ", StringComparison.Ordinal),
        EmulatorFaultKind.ExpiredUploadUrl => route.Group == RouteGroup.UploadUrls,
        EmulatorFaultKind.StuckRendering or EmulatorFaultKind.EndInError => route.Group == RouteGroup.Create,
        EmulatorFaultKind.EndCanceled => route.Group == RouteGroup.Create && route.Key != "POST /v1/face-detection",
        _ => false,
    };

    public static string KindName(EmulatorFaultKind kind) => kind switch
    {
        EmulatorFaultKind.Status => "status",
        EmulatorFaultKind.Delay => "delay",
        EmulatorFaultKind.DropConnection => "drop-connection",
        EmulatorFaultKind.TruncatedDownload => "truncated-download",
        EmulatorFaultKind.ExpiredUploadUrl => "expired-upload-url",
        EmulatorFaultKind.StuckRendering => "stuck-rendering",
        EmulatorFaultKind.EndInError => "end-in-error",
        EmulatorFaultKind.EndCanceled => "end-canceled",
        _ => kind.ToString(),
    };

    public static bool TryParseKind(string text, out EmulatorFaultKind kind)
    {
        var t = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var k in Enum.GetValues<EmulatorFaultKind>())
        {
            if (string.Equals(k.ToString(), t, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>
    /// Parses "kind[;status=503][;count=N][;retry-after=2][;delay=1500]" (delay in milliseconds,
    /// retry-after in seconds). Returns null and an error message when malformed.
    /// </summary>
    public static EmulatorFault? ParseHeader(string header, string routeKey, out string? error)
    {
        error = null;
        var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !TryParseKind(parts[0], out var kind))
        {
            error = $"Invalid {HeaderName} header '{header}': the first item must be one of status, delay, drop-connection, truncated-download, expired-upload-url, stuck-rendering, end-in-error, end-canceled.";
            return null;
        }
        int status = kind == EmulatorFaultKind.Status ? 500 : 0, count = 1;
        TimeSpan? retryAfter = null;
        var delay = TimeSpan.Zero;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq].Trim().ToLowerInvariant();
            var value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            var ok = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0;
            switch (name)
            {
                case "status" when ok && number is >= 100 and <= 599:
                    status = (int)number;
                    break;
                case "count" when ok && number >= 1:
                    count = (int)number;
                    break;
                case "retry-after" when ok:
                    retryAfter = TimeSpan.FromSeconds(number);
                    break;
                case "delay" when ok:
                    delay = TimeSpan.FromMilliseconds(number);
                    break;
                default:
                    error = $"Invalid {HeaderName} header '{header}': cannot use '{part}' (expected status=<100-599>, count=<n>=1>, retry-after=<seconds>, delay=<milliseconds>).";
                    return null;
            }
        }
        return new EmulatorFault
        {
            Route = routeKey,
            Kind = kind,
            Count = count,
            StatusCode = status == 0 ? 500 : status,
            RetryAfter = retryAfter,
            Delay = delay,
        };
    }
}
