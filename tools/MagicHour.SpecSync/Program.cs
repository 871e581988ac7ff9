namespace MagicHour.SpecSync;

/// <summary>Entry point; all the work is in <see cref="SpecSyncCli"/>.</summary>
public static class Program
{
    /// <summary>Runs the spec sync; see <see cref="SpecSyncCli.Usage"/>.</summary>
    public static int Main(string[] args) => SpecSyncCli.Run(args, Console.Out, Console.Error);
}
