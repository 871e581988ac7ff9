using System.Net;
using System.Text;
using MagicHour.Generated;
using Microsoft.Extensions.DependencyInjection;

namespace MagicHour.AspNetCore.Tests;

/// <summary>With DI the typed client is transient and its handler chains rotate: the cap still holds for the whole registration.</summary>
public class SpendingCapDependencyInjectionTests
{
    [Test]
    public async Task MaxCredits_HoldsAcrossEveryClientOfOneRegistration()
    {
        using var wire = new CreateAnswers();
        var services = new ServiceCollection();
        services.AddMagicHour(o =>
        {
            o.ApiKey = "mh_di_cap_key";
            o.BaseUrl = new Uri("https://api.test");
            o.Transport = wire;
            o.MaxCredits = 100;
        });
        await using var provider = services.BuildServiceProvider();
        var request = new AiHeadshotGeneratorCreateRequest { Assets = new() { ImageFilePath = "api-assets/u1/in.png" } };

        await provider.GetRequiredService<MagicHourClient>().V1.AiHeadshotGenerator.CreateAsync(request);
        await provider.GetRequiredService<MagicHourClient>().V1.AiHeadshotGenerator.CreateAsync(request);
        var ex = Assert.ThrowsAsync<MagicHourException>(() => provider.GetRequiredService<MagicHourClient>().V1.AiHeadshotGenerator.CreateAsync(request));

        Assert.That(ex!.Kind, Is.EqualTo(MagicHourErrorKind.CreditLimitReached));
        Assert.That(wire.Posts, Is.EqualTo(2));
    }

    /// <summary>Answers every create with 50 credits and counts them.</summary>
    private sealed class CreateAnswers : HttpMessageHandler
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _posts);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"id":"p{{n}}","credits_charged":50}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
