// The vendor's Node SDK (npm magic-hour) running the same headshot workflow as
// `MagicHour.Benchmarks scenario generate`: upload a local file, create, wait, download.
// Usage: NODE_PATH=<dir>/node_modules node peer-headshot.js BASE_URL API_KEY FILE OUT_DIR
const Client = require("magic-hour").default;

(async () => {
  const [baseUrl, token, file, dir] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const client = new Client({ token, baseUrl: baseUrl.replace(/\/$/, "") });
  const result = await client.v1.aiHeadshotGenerator.generate(
    { name: "bench", assets: { imageFilePath: file } },
    { waitForCompletion: true, downloadOutputs: true, downloadDirectory: dir },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log("RESULT " + JSON.stringify({
    scenario: "node-generate",
    seconds,
    status: result.status,
    downloaded: (result.downloadedPaths || []).length,
    process_peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
