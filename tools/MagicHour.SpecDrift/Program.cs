namespace MagicHour.SpecDrift;

/// <summary>Entry point; all the work is in <see cref="SpecDriftCli"/>.</summary>
public static class Program
{
    /// <summary>Runs the spec drift check; see <see cref="SpecDriftCli.Usage"/>.</summary>
    public static int Main(string[] args) => SpecDriftCli.Run(args, Console.Out, Console.Error);
}
