using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.Json.Nodes;

namespace MagicHour.Benchmarks;

/// <summary>
/// Peak memory of a phase of this process. Linux keeps the peak resident set (VmHWM) per process; writing
/// "5" to /proc/self/clear_refs resets it to the current RSS, so a phase's peak growth is
/// VmHWM(after) − VmRSS(before) even when an earlier phase peaked higher. Where the reset is not allowed
/// the growth is measured from the peak so far (a lower bound, said so in the result).
/// </summary>
internal sealed class MemoryPhase
{
    private readonly long _rssBefore;
    private readonly long _managedBefore;
    private readonly long _allocatedBefore;
    private readonly bool _peakReset;

    private MemoryPhase()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _peakReset = TryResetPeak();
        _rssBefore = _peakReset ? ReadStatusBytes("VmRSS") : ReadStatusBytes("VmHWM");
        _managedBefore = GC.GetTotalMemory(false);
        _allocatedBefore = GC.GetTotalAllocatedBytes(true);
    }

    public static MemoryPhase Start() => new();

    /// <summary>Adds peak growth, resident set before, managed heap and allocation figures to <paramref name="result"/>.</summary>
    public void StopInto(JsonObject result)
    {
        var peak = ReadStatusBytes("VmHWM");
        result["rss_before_bytes"] = _rssBefore;
        result["peak_rss_bytes"] = peak;
        result["peak_growth_bytes"] = Math.Max(0, peak - _rssBefore);
        result["peak_reset"] = _peakReset;
        result["managed_growth_bytes"] = GC.GetTotalMemory(false) - _managedBefore;
        result["allocated_bytes"] = GC.GetTotalAllocatedBytes(true) - _allocatedBefore;
    }

    public static long PeakRssBytes => ReadStatusBytes("VmHWM");

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadStatusBytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

/// <summary>
/// Listens to the runtime's own events while many workflows run: thread-pool starvation (the pool adding
/// threads because work items wait; reason "Starvation" in ThreadPoolWorkerThreadAdjustmentAdjustment),
/// HTTP connections opened, and requests that failed.
/// </summary>
internal sealed class RuntimeWatch : EventListener
{
    private const int ThreadPoolAdjustmentEventId = 55;
    private const uint StarvationReason = 6;
    private int _starvation;
    private int _connections;
    private int _requestsFailed;
    private int _requestsStarted;
    private volatile bool _on;

    public int StarvationEvents => _starvation;
    public int ConnectionsOpened => _connections;
    public int RequestsFailed => _requestsFailed;
    public int RequestsStarted => _requestsStarted;

    public void Begin()
    {
        _starvation = _connections = _requestsFailed = _requestsStarted = 0;
        _on = true;
    }

    public void End() => _on = false;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Informational, (EventKeywords)0x10000); // ThreadingKeyword
        }
        else if (source.Name == "System.Net.Http")
        {
            EnableEvents(source, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on) return;
        if (e.EventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            if (e.EventId == ThreadPoolAdjustmentEventId && e.Payload is { Count: >= 3 } && Convert.ToUInt32(e.Payload[2], CultureInfo.InvariantCulture) == StarvationReason)
            {
                Interlocked.Increment(ref _starvation);
            }
            return;
        }
        switch (e.EventName)
        {
            case "ConnectionEstablished":
                Interlocked.Increment(ref _connections);
                break;
            case "RequestFailed":
                Interlocked.Increment(ref _requestsFailed);
                break;
            case "RequestStart":
                Interlocked.Increment(ref _requestsStarted);
                break;
        }
    }
}

internal static class Result
{
    /// <summary>Children print exactly one line "RESULT {json}" for the orchestrator.</summary>
    public static void Print(JsonObject result) => Console.WriteLine("RESULT " + result.ToJsonString());

    public static double Seconds(this Stopwatch sw) => sw.Elapsed.TotalSeconds;
}
