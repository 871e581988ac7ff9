using MagicHour.Generated;
using MagicHour.Generated.Models;
using NSubstitute;
using NUnit.Framework;
using NSubstitute.ExceptionExtensions;

namespace Mocking;

/// <summary>Tests of <see cref="HeadshotService"/> with a faked Magic Hour client: no server, no key, no credits.</summary>
public class HeadshotServiceTests
{
    // ---- faking by subclassing: protected constructors, virtual members --------------------------

    private sealed class FakeHeadshots(Func<AiHeadshotGeneratorCreateRequest, GenerateResult<ImageProject>> answer) : AiHeadshotGeneratorClient
    {
        public List<AiHeadshotGeneratorCreateRequest> Requests { get; } = [];

        public override Task<GenerateResult<ImageProject>> GenerateAsync(AiHeadshotGeneratorCreateRequest request, GenerateOptions? options = null, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }

    private sealed class FakeV1(AiHeadshotGeneratorClient headshots) : MagicHourV1
    {
        public override AiHeadshotGeneratorClient AiHeadshotGenerator => headshots;
    }

    private sealed class FakeClient(MagicHourV1 v1) : MagicHourClient
    {
        public override MagicHourV1 V1 => v1;
    }

    [Test]
    public async Task MakeHeadshot_ReturnsTheSavedFileAndProject_FakedBySubclassing()
    {
        var headshots = new FakeHeadshots(_ => MagicHourModelFactory.GenerateResult(
            "proj-1", creditsCharged: 50,
            project: MagicHourModelFactory.ImageProject(id: "proj-1", status: ProjectStatus.Complete),
            downloadedPaths: ["/out/headshot.png"]));
        using var client = new FakeClient(new FakeV1(headshots));

        var (file, projectId, credits) = await new HeadshotService(client).MakeHeadshotAsync("me.jpg", "/out");

        Assert.That((file, projectId, credits), Is.EqualTo(("/out/headshot.png", "proj-1", 50)));
        Assert.That(headshots.Requests.Single().Assets.ImageFilePath, Is.EqualTo("me.jpg"));
    }

    // ---- the same with NSubstitute ----------------------------------------------------------------

    [Test]
    public void MakeHeadshot_ExplainsAFacelessPhoto_FakedWithNSubstitute()
    {
        var headshots = Substitute.For<AiHeadshotGeneratorClient>();
        headshots.GenerateAsync(Arg.Any<AiHeadshotGeneratorCreateRequest>(), Arg.Any<GenerateOptions?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(MagicHourModelFactory.ProjectFailedException("proj-2", errorCode: "no_face_detected"));
        var v1 = Substitute.For<MagicHourV1>();
        v1.AiHeadshotGenerator.Returns(headshots);
        var client = Substitute.For<MagicHourClient>();
        client.V1.Returns(v1);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => new HeadshotService(client).MakeHeadshotAsync("landscape.jpg", "/out"));

        Assert.That(error!.Message, Does.Contain("landscape.jpg").And.Contain("proj-2"));
        Assert.That(error.InnerException, Is.InstanceOf<MagicHourProjectFailedException>());
    }
}
