using MagicHour.Emulator;
using MagicHour.Testing;

namespace MagicHour.PackageTests;

/// <summary>
/// A fixture whose tests run one after the other against one emulator, each on its own project. The emulator and
/// the tests' clients share <see cref="Clock"/>, so renders and polls take no real time.
/// </summary>
public abstract class SharedEmulatorFixture
{
    /// <summary>The clock of the emulator; give it to the clients too.</summary>
    protected JumpClock Clock { get; } = new();

    /// <summary>The fixture's emulator.</summary>
    protected MagicHourEmulator Emulator { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulator() => Emulator = await Env.StartEmulatorAsync(o => o.TimeProvider = Clock);

    [OneTimeTearDown]
    public async Task StopEmulator() => await Emulator.DisposeAsync();

    /// <summary>A fault a failed test did not use up stays with that test.</summary>
    [TearDown]
    public void ClearFaults() => Emulator.ClearFaults();
}
