namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>services.AddMagicHour(...)</c> returns: the API HttpClient's builder (so <c>.AddHttpMessageHandler(...)</c>
/// and the other IHttpClientBuilder extensions still apply), and the anchor that companion packages extend, such as
/// MagicHour.Generated.AspNetCore's <c>.AddWebhooks(...)</c>.
/// </summary>
public interface IMagicHourBuilder : IHttpClientBuilder
{
}

/// <summary>The builder over the API HttpClient's registration.</summary>
internal sealed class MagicHourBuilder(IHttpClientBuilder http) : IMagicHourBuilder
{
    public string Name => http.Name;

    public IServiceCollection Services => http.Services;
}
