// The vendor's Node SDK waiting for one project with its default polling (every 0.5 s);
// the orchestrator counts the GETs on the emulator. Usage: NODE_PATH=... node poll-count.js BASE_URL API_KEY
const Client = require("magic-hour").default;

(async () => {
  const [baseUrl, token] = process.argv.slice(2);
  const client = new Client({ token, baseUrl: baseUrl.replace(/\/$/, "") });
  const started = process.hrtime.bigint();
  const created = await client.v1.aiHeadshotGenerator.create({ name: "bench", assets: { imageFilePath: "https://example.com/portrait.png" } });
  const project = await client.v1.imageProjects.checkResult({ id: created.id }, { waitForCompletion: true, downloadOutputs: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log("RESULT " + JSON.stringify({ scenario: "node-poll", seconds, status: project.status, project_id: created.id }));
})().catch((e) => { console.error(e); process.exit(1); });
