using System.Net;

namespace MagicHour.Emulator.Tests;

[TestFixture]
public sealed class AccountTests
{
    [Test]
    public async Task Account_credits_go_down_with_a_charge_and_back_up_with_a_refund()
    {
        var clock = new ManualTimeProvider();
        await using var emulator = await MagicHourEmulator.StartAsync(new() { RenderTime = TimeSpan.FromSeconds(4), StartingCredits = 1000, TimeProvider = clock });
        using var http = new EmulatorHttp(emulator);
        Assert.That(await CreditsAsync(http), Is.EqualTo(1000));

        await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.PortraitPng(64)));
        var faceless = await http.CreateHeadshotAsync(await http.UploadAsync(SampleImages.SingleColourPng(32, 32)));
        Assert.That(await CreditsAsync(http), Is.EqualTo(900), "two headshots charged 50 each");

        clock.Advance(TimeSpan.FromSeconds(5));
        var (_, project) = await http.GetAsync($"/v1/image-projects/{faceless}");
        Assert.That((string)project!["status"]!, Is.EqualTo("error"));
        Assert.That(await CreditsAsync(http), Is.EqualTo(950), "the faceless headshot was refunded");
        Assert.That(emulator.GetStats().CreditsBalance, Is.EqualTo(950));
    }

    [Test]
    public async Task A_refused_create_leaves_the_account_credits_alone()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new() { StartingCredits = 40 });
        using var http = new EmulatorHttp(emulator);
        var image = await http.UploadAsync(SampleImages.PortraitPng(64));
        var (status, _) = await http.PostAsync("/v1/ai-headshot-generator", $$$"""{"assets":{"image_file_path":"{{{image}}}"}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That((await http.PostAsync("/v1/ai-headshot-generator", """{"assets":{}}""")).Status, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await CreditsAsync(http), Is.EqualTo(40));
    }

    [Test]
    public async Task By_default_the_account_is_pro_with_an_active_monthly_subscription()
    {
        await using var emulator = await MagicHourEmulator.StartAsync();
        using var http = new EmulatorHttp(emulator);
        var (status, account) = await http.GetAsync("/v1/account");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string)account!["id"]!, Is.Not.Empty);
        Assert.That((string)account["email"]!, Does.Contain("@"));
        Assert.That((string)account["tier"]!, Is.EqualTo("pro"));
        Assert.That((long)account["credits"]!, Is.EqualTo(100_000));
        var subscription = account["subscription"]!;
        Assert.That((string)subscription["status"]!, Is.EqualTo("active"));
        Assert.That((string)subscription["billing_interval"]!, Is.EqualTo("month"));
        Assert.That((string)subscription["price"]!["currency"]!, Is.EqualTo("usd"));
        Assert.That(subscription.AsObject().ContainsKey("discount"), Is.True);
    }

    [Test]
    public async Task Options_give_a_free_account_without_a_subscription()
    {
        await using var emulator = await MagicHourEmulator.StartAsync(new() { AccountTier = "free", AccountHasSubscription = false });
        using var http = new EmulatorHttp(emulator);
        var (_, account) = await http.GetAsync("/v1/account");
        Assert.That((string)account!["tier"]!, Is.EqualTo("free"));
        Assert.That(account.AsObject().ContainsKey("subscription"), Is.True);
        Assert.That(account["subscription"], Is.Null);
    }

    [Test]
    public void An_unknown_tier_is_refused_at_start()
    {
        Assert.That(async () => await MagicHourEmulator.StartAsync(new() { AccountTier = "gold" }), Throws.ArgumentException);
    }

    [Test]
    public async Task The_account_needs_the_api_key()
    {
        await using var emulator = await MagicHourEmulator.StartAsync();
        using var http = new EmulatorHttp(emulator);
        var (status, _) = await http.SendAsync(http.Api(HttpMethod.Get, "/v1/account", key: "wrong"));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<long> CreditsAsync(EmulatorHttp http)
    {
        var (status, account) = await http.GetAsync("/v1/account");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        return (long)account!["credits"]!;
    }

    [Test]
    public void The_command_line_sets_the_account_and_saved_items()
    {
        var options = Program.ParseArgs(["--account-tier", "business", "--no-subscription", "--saved-items", "3"]);
        Assert.That(options.AccountTier, Is.EqualTo("business"));
        Assert.That(options.AccountHasSubscription, Is.False);
        Assert.That(options.SavedItemCount, Is.EqualTo(3));
        Assert.That(Program.ParseArgs([]).AccountTier, Is.EqualTo("pro"));
        Assert.Throws<ArgumentException>(() => Program.ParseArgs(["--account-tier", "gold"]));
        Assert.Throws<ArgumentException>(() => Program.ParseArgs(["--saved-items", "-1"]));
    }
}
