namespace MagicHour.Generated.Tests;

/// <summary>Issue 11 row 13: only real loopback may be plain http.</summary>
public class LoopbackBaseUrlTests
{
    [TestCase("http://[::127.0.0.1]:5080", false)] // IPv4-compatible: routes off the machine, though IPAddress.IsLoopback says yes
    [TestCase("http://[::7f00:1]:5080", false)]
    [TestCase("http://[::2]:5080", false)]
    [TestCase("http://[::ffff:10.0.0.1]:5080", false)]
    [TestCase("http://128.0.0.1:5080", false)]
    [TestCase("http://0.0.0.0:5080", false)]
    [TestCase("http://localhost.example.com:5080", false)]
    [TestCase("http://127.255.1.2:5080", true)]
    [TestCase("http://[::ffff:127.0.0.1]:5080", true)]
    [TestCase("http://LOCALHOST:5080", true)]
    public void PlainHttp_IsAccepted_OnlyForRealLoopback(string url, bool loopback)
    {
        var options = new MagicHourClientOptions { ApiKey = "k", BaseUrl = new Uri(url) };
        if (loopback)
        {
            Assert.DoesNotThrow(() => new MagicHourClient(options).Dispose());
            return;
        }
        var ex = Assert.Throws<ArgumentException>(() => new MagicHourClient(options));
        Assert.That(ex!.Message, Does.Contain("plain http").And.Contain("[::1]"));
    }
}
