using System.Diagnostics.CodeAnalysis;
using MagicHour.Generated.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Magic Hour webhook endpoint.</summary>
public static class MagicHourWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The path <see cref="MapMagicHourWebhooks"/> uses by default.</summary>
    public const string DefaultPattern = "/webhooks/magic-hour";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to the receiver registered by <c>AddWebhooks()</c>. It answers 200 for
    /// an event it accepted (or had already accepted: a repeated delivery), 401 for one that does not verify (signature,
    /// timestamp window), 400 for a signed body that is not an event, 413 for a body over the size limit, and 503 when
    /// the handlers are too far behind (the sender retries). The endpoint must be reachable without your app's
    /// authentication: the signature is its authentication.
    /// </summary>
    /// <param name="endpoints">The app (<c>WebApplication</c>) or a route group.</param>
    /// <param name="pattern">The route; give Magic Hour this URL.</param>
    /// <returns>The endpoint's convention builder (to add metadata, rate limiting, host filters...).</returns>
    /// <exception cref="InvalidOperationException"><c>AddWebhooks()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapMagicHourWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(WebhookReceiver)) != true)
        {
            throw new InvalidOperationException("MapMagicHourWebhooks needs the receiver: call services.AddMagicHour(...).AddWebhooks(...) first.");
        }
        return endpoints.MapPost(pattern, (HttpContext context) => context.RequestServices.GetRequiredService<WebhookReceiver>().ReceiveAsync(context))
            .WithDisplayName("Magic Hour webhooks");
    }
}
