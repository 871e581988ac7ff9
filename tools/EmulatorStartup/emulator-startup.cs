#:project ../MagicHour.Emulator/MagicHour.Emulator.csproj
#:property PublishAot=false
// Start-up time of the in-process emulator, as a test fixture sees it: MagicHourEmulator.StartAsync until the first
// 200 from GET /v1/account. Run on a warm machine (built, files cached):
//   dotnet build tools/MagicHour.Emulator -c Release && dotnet run -c Release tools/EmulatorStartup/emulator-startup.cs
// The first start of a process includes loading ASP.NET Core and reading the embedded spec; later starts reuse both.
using System.Diagnostics;
using System.Net.Http.Headers;
using MagicHour.Emulator;

var runs = args.Length > 0 ? int.Parse(args[0]) : 20;
using var http = new HttpClient();
var times = new List<double>();
var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
double firstCpu = 0;
for (var i = 0; i <= runs; i++)
{
    var clock = Stopwatch.StartNew();
    await using var emulator = await MagicHourEmulator.StartAsync();
    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseUrl, "v1/account"));
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
    using var response = await http.SendAsync(request);
    if ((int)response.StatusCode != 200) throw new InvalidOperationException($"GET /v1/account answered {(int)response.StatusCode}");
    times.Add(clock.Elapsed.TotalMilliseconds);
    if (i == 0)
    {
        process.Refresh();
        firstCpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    }
}
var later = times.Skip(1).Order().ToList();
// CPU time (all threads) says what the first start costs when the machine is busy and wall time is not telling.
Console.WriteLine($"first start in this process: {times[0]:0} ms ({firstCpu:0} ms CPU)");
Console.WriteLine($"next {later.Count} starts: median {later[later.Count / 2]:0} ms, max {later[^1]:0} ms");
