using Microsoft.Extensions.Logging;

namespace MagicHour.Generated.Http;

/// <summary>Event ids of the SDK's log messages (stable, for filtering).</summary>
public static class LogEvents
{
    /// <summary>A file upload started or finished.</summary>
    public static readonly EventId Upload = new(1001, "Upload");
    /// <summary>A project was created.</summary>
    public static readonly EventId ProjectCreated = new(1002, "ProjectCreated");
    /// <summary>A project's status changed.</summary>
    public static readonly EventId StatusChanged = new(1003, "StatusChanged");
    /// <summary>An output was downloaded.</summary>
    public static readonly EventId Download = new(1004, "Download");
    /// <summary>A request is being retried.</summary>
    public static readonly EventId Retry = new(1005, "Retry");
    /// <summary>A failed request was deliberately not retried.</summary>
    public static readonly EventId RetrySkipped = new(1006, "RetrySkipped");
    /// <summary>A status poll failed and will be tried again.</summary>
    public static readonly EventId PollFailed = new(1007, "PollFailed");
    /// <summary>A create was refused before sending: it would pass the spending cap.</summary>
    public static readonly EventId CreditLimitReached = new(1008, "CreditLimitReached");
}
