namespace MagicHour.Generated.Tests;

/// <summary>Issue 11 row 13: only real loopback may be plain http.</summary>
public class LoopbackBaseUrlTests
{
    [TestCase("http://[::127.0.0.1]:5080")] // IPv4-compatible: routes off the machine, though IPAddress.IsLoopback says yes
    [TestCase("http://[::7f00:1]:5080")]
    [TestCase("http://[::2]:5080")]
    [TestCase("http://[::ffff:10.0.0.1]:5080")]
    [TestCase("http://128.0.0.1:5080")]
    [TestCase("http://0.0.0.0:5080")]
    [TestCase("http://localhost.example.com:5080")]
    public void PlainHttpToAnAddressThatIsNotLoopback_IsRefused(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", BaseUrl = new Uri(url) }));
        Assert.That(ex!.Message, Does.Contain("plain http"));
    }

    [TestCase("http://127.0.0.1:5080")]
    [TestCase("http://127.255.1.2:5080")]
    [TestCase("http://[::1]:5080")]
    [TestCase("http://[::ffff:127.0.0.1]:5080")]
    [TestCase("http://LOCALHOST:5080")]
    public void PlainHttpToLoopback_IsAllowed(string url)
    {
        using var client = new MagicHourClient(new MagicHourClientOptions { ApiKey = "k", BaseUrl = new Uri(url) });
        Assert.That(client.BaseUrl, Is.EqualTo(new Uri(url)));
    }
}
