// notifier: a Node.js service beside DaprSupport (see README.md). It subscribes to the public events through its
// own Dapr pub/sub component, checks each one strictly against the published schemas, and when a session is
// resolved reads its transcript through the gateway's public API — where a real team would send an e-mail.
import express from "express";
import { DaprServer, DaprPubSubStatusEnum, CommunicationProtocolEnum } from "@dapr/dapr";
import { loadValidators, check } from "./schemas.js";
import { Gateway } from "./gateway.js";

const pubsub = process.env.NOTIFIER_PUBSUB ?? "notifier-events";
const publicTopics = ["support.timeline", "support.sessions", "support.reads", "support.sla-breached", "support.agents"];
const validators = loadValidators("events");
const gateway = new Gateway({
  baseUrl: process.env.SUPPORT_GATEWAY_URL ?? "http://127.0.0.1:8080",
  tenant: process.env.SUPPORT_TENANT ?? "demo",
  apiKey: process.env.SUPPORT_API_KEY ?? "demo-key",
});

// What this instance received, for GET /received (the sample's test reads it; a real service would not keep it).
const received = { events: {}, invalid: [], sessions: {}, transcripts: {}, errors: [] };
const seen = new Set();

const app = express();
// The sidecar presents APP_API_TOKEN on every call into the app when one is set; nothing else may call it.
app.use((req, res, next) => {
  const token = process.env.APP_API_TOKEN;
  if (!token || req.path === "/health" || req.get("dapr-api-token") === token) return next();
  res.status(401).type("application/problem+json").send({ title: "app token required", status: 401 });
});
app.get("/health", (_req, res) => res.sendStatus(200));
app.get("/received", (_req, res) => res.json(received));

const server = new DaprServer({
  serverHost: "127.0.0.1",
  serverPort: process.env.APP_PORT ?? "5180",
  communicationProtocol: CommunicationProtocolEnum.HTTP,
  serverHttp: app,
  clientOptions: { daprHost: "127.0.0.1", daprPort: process.env.DAPR_HTTP_PORT ?? "3500" },
});

for (const topic of publicTopics) {
  await server.pubsub.subscribe(pubsub, topic, async (data) => {
    try {
      await handle(topic, data);
      return DaprPubSubStatusEnum.SUCCESS;
    } catch (error) {
      // A handler that throws is acknowledged by the SDK; ask for the event again instead.
      received.errors.push(`${topic}: ${error.message}`);
      return DaprPubSubStatusEnum.RETRY;
    }
  });
}

async function handle(topic, data) {
  const errors = check(validators.get(topic), data);
  if (errors) {
    received.invalid.push({ topic, errors, data });
    return;
  }

  // At least once: dedupe on the payload's identity (docs/events.md), not on the CloudEvent id.
  const key = identity(topic, data);
  if (seen.has(key)) return;
  seen.add(key);
  received.events[topic] = (received.events[topic] ?? 0) + 1;

  if (topic === "support.timeline") {
    const session = (received.sessions[data.sessionId] ??= { items: [], changes: [] });
    session.items.push(data.seq);
  } else if (topic === "support.sessions") {
    const session = (received.sessions[data.session.sessionId] ??= { items: [], changes: [] });
    session.changes.push(data.change);
    if (data.change === "resolved") {
      const items = await gateway.transcript(data.session.sessionId);
      received.transcripts[data.session.sessionId] = items.map((i) => i.seq);
    }
  }
}

function identity(topic, data) {
  switch (topic) {
    case "support.timeline": return `${topic}|${data.sessionId}|${data.seq}`;
    case "support.sessions": return `${topic}|${data.session.sessionId}|${data.session.version}`;
    case "support.reads": return `${topic}|${data.sessionId}|${data.mark.by.role}|${data.mark.by.id}|${data.mark.seq}`;
    case "support.sla-breached": return `${topic}|${data.sessionId}|${data.kind}|${data.at}`;
    case "support.agents": return `${topic}|${data.tenant}|${data.agentId}|${data.version}`;
    default: return `${topic}|${JSON.stringify(data)}`;
  }
}

await server.start();
console.log(`notifier: subscribed to ${publicTopics.join(", ")} on ${pubsub}`);
