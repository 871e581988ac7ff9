// A pass-through proxy in front of the emulator's /v1 API for the vendor's Node SDK (npm magic-hour 0.43.1),
// whose response schemas still require two fields the current vendor spec (and so the emulator) dropped:
// `frame_cost` on create responses and `total_frame_cost` on image projects. It copies credits_charged
// into them and changes nothing else. Upload/download URLs point at the emulator directly, so file
// transfers never pass through here. Both SDKs are measured through this proxy, in its own process.
// Usage: node compat-proxy.js TARGET_BASE_URL   (prints "listening on http://127.0.0.1:PORT")
const http = require("http");

const target = new URL(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

const server = http.createServer((req, res) => {
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
    (up) => {
      const json = (up.headers["content-type"] || "").includes("json") && req.url.startsWith("/v1/");
      if (!json) {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
        return;
      }
      const chunks = [];
      up.on("data", (c) => chunks.push(c));
      up.on("end", () => {
        let body = Buffer.concat(chunks);
        try {
          const value = JSON.parse(body.toString("utf8"));
          if (value && typeof value === "object" && typeof value.credits_charged === "number") {
            if (req.method === "POST" && !("frame_cost" in value)) value.frame_cost = value.credits_charged;
            if (req.method === "GET" && !("total_frame_cost" in value)) value.total_frame_cost = value.credits_charged;
            body = Buffer.from(JSON.stringify(value), "utf8");
          }
        } catch (_) { /* not JSON after all: pass through */ }
        const headers = { ...up.headers, "content-length": String(body.length) };
        delete headers["transfer-encoding"];
        res.writeHead(up.statusCode, headers);
        res.end(body);
      });
    },
  );
  upstream.on("error", (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(upstream);
});

server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
