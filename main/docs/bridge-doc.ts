/**
 * docs/bridge.md: the headless host's WebSocket protocol for anyone writing a client, with each channel's
 * input and output as JSON Schema generated from the IPC contract (src/ipc/contract.ts). The example
 * frames and the example client are exported so the docs test can check them against the real thing.
 */
import type { z } from 'zod';
import { IPC_ERROR_CODES, eventChannels, invokeChannels } from '../../src/ipc/contract.js';
import { BRIDGE_SILENCE_MS, HEARTBEAT_FRAME, MAX_WIRE_MESSAGE_BYTES, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../src/ipc/wire.js';
import { describeFailures, fieldFailures } from '../../src/zod-issues.js';
import { BACKOFF, LOCKOUT } from '../auth/guards.js';
import { BRIDGE_LIMITS } from '../host/admission.js';
import { BRIDGE_LOG_SUMMARY, IPC_PATH } from '../host/bridge.js';
import { HEARTBEAT_MS, PAGE_SILENCE_MS } from '../host/heartbeat.js';
import { PAIRING_FILE, PAIRING_PARAM, PAIRING_POLL_MS } from '../host/pairing.js';
import { LOOPBACK_NAMES, WRONG_HOST_STATUS } from '../host/request.js';
import { toJsonSchema } from './json-schemas.js';

const badLane = 'North Gate';

function badInputMessage(): string {
  const parsed = invokeChannels['gate:declare-mask'].input.safeParse({ lane: badLane });
  if (parsed.success) throw new Error('the bad-input example parsed');
  return describeFailures(fieldFailures('ipc.bad-input', parsed.error));
}

/** Example frames, in the order the doc shows them. */
export const EXAMPLE_FRAMES = {
  invoke: { t: 'invoke', id: 7, channel: 'gate:declare-mask', input: { lane: 'main-entry' } },
  result: { t: 'result', id: 7, result: { ok: true, value: { accepted: true } } },
  failure: { t: 'result', id: 8, result: { ok: false, error: { code: 'ipc.bad-input', message: badInputMessage() } } },
  event: { t: 'event', channel: 'gate:view', payload: { revision: 1796000000001, lanes: ['…'], policy: '…', devices: ['…'], clock: '…' } },
  beat: JSON.parse(HEARTBEAT_FRAME) as { t: 'beat' },
} as const;

/** A complete client (Node 20, `ws`): connects with the kiosk URL in KIOSK_URL, prints the first reply. */
export const EXAMPLE_CLIENT = `import WebSocket from 'ws';

const kiosk = new URL(process.env.KIOSK_URL); // http://127.0.0.1:7373/#${PAIRING_PARAM}=…, as \`gate pair\` prints it
const secret = new URLSearchParams(kiosk.hash.slice(1)).get('${PAIRING_PARAM}');
const ws = new WebSocket(\`ws://\${kiosk.host}${IPC_PATH}\`, ['${WIRE_PROTOCOL}', \`${TOKEN_PROTOCOL_PREFIX}\${secret}\`], { origin: kiosk.origin });

ws.on('open', () => ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'gate:get-view', input: {} })));
ws.on('message', (data) => {
  const frame = JSON.parse(String(data));
  if (frame.t === 'beat') return ws.send(String(data)); // answer every heartbeat, or be dropped
  if (frame.t === 'event') return; // gate:view pushes arrive as well
  console.log(JSON.stringify(frame));
  ws.close();
});
ws.on('unexpected-response', (_req, res) => {
  console.error(\`refused: HTTP \${res.statusCode}\`);
  process.exitCode = 1;
});`;

/** What each code means, for the client; the handler-specific ones come from main/ipc/handlers and main/auth. */
const ERROR_CODES: readonly (readonly [string, string])[] = [
  ['ipc.unknown-channel', 'no such channel'],
  ['ipc.bad-input', 'the input does not match the channel’s input schema; the message names the fields'],
  ['ipc.bad-output', 'the core produced a reply that does not match the output schema (a bug in the gate); clients that parse replies use it too'],
  ['ipc.rate-limited', `over the call budget in the current second: ${BRIDGE_LIMITS.perConnectionPerSecond} messages on this connection, or ${BRIDGE_LIMITS.totalPerSecond} on all connections together`],
  ['ipc.transport', 'client side only: not connected, the connection closed, or no reply in time'],
  ['ipc.forbidden', 'Electron shell only: the call did not come from the kiosk’s own top frame'],
  ['ipc.unknown-lane', '`gate:declare-mask`, `gate:register-person`: no lane with that id'],
  ['auth.bad-pin', '`gate:register-person`: wrong PIN for that guard'],
  ['auth.unknown-guard', '`gate:register-person`: no guard with that `guardId` (it costs as long as a wrong PIN, and counts as one for this connection’s backoff)'],
  ['auth.locked', `\`gate:register-person\`: that guard had ${LOCKOUT.maxFailures} wrong PINs within ${LOCKOUT.windowMs / 60_000} minutes and is locked for ${LOCKOUT.lockMs / 60_000} (other guards are not); the message says for how long`],
  ['auth.backoff', `\`gate:register-person\`: too soon after a wrong PIN from this connection (it waits ${BACKOFF.firstMs / 1000} s, doubling to ${BACKOFF.maxMs / 1000} s), or a PIN from it or for that guard is still being checked; nothing was checked`],
  ['registration.bad-id-number', '`gate:register-person`: `person.idNumber` has a wrong check digit or birth date'],
  ['seal.no-authority-key', '`gate:register-person`: the config has no `authorityPublicKey`, so nothing can be recorded'],
  ['ipc.handler-failed', 'the handler failed unexpectedly (a bug in the gate, logged there with its stack); the message is generic, and the gate keeps serving'],
];

const fence = (v: unknown): string => `\`\`\`json\n${JSON.stringify(v)}\n\`\`\``;

function schemaBlock(title: string, schema: z.ZodType, io: 'input' | 'output'): string {
  const text = JSON.stringify(toJsonSchema(schema, io), null, 2);
  return text.split('\n').length > 40
    ? `<details><summary>${title}: JSON Schema</summary>\n\n\`\`\`json\n${text}\n\`\`\`\n\n</details>`
    : `${title}:\n\n\`\`\`json\n${text}\n\`\`\``;
}

function channelSections(): string {
  const shown = new Map<z.ZodType, string>();
  const block = (title: string, where: string, schema: z.ZodType, io: 'input' | 'output'): string => {
    const earlier = shown.get(schema);
    if (earlier !== undefined) return `${title}: the same schema as ${earlier}.`;
    shown.set(schema, where);
    return schemaBlock(title, schema, io);
  };
  const invokes = Object.entries(invokeChannels).map(
    ([name, spec]) => `### \`${name}\` (invoke)

${block('Input', `the \`${name}\` input`, spec.input, 'input')}

${block('Output (the value of an ok result)', `the \`${name}\` output`, spec.output, 'output')}`,
  );
  const events = Object.entries(eventChannels).map(
    ([name, schema]) => `### \`${name}\` (event)

${block('Payload', `the \`${name}\` payload`, schema, 'output')}`,
  );
  return [...invokes, ...events].join('\n\n');
}

export function bridgeDoc(): string {
  const undocumented = IPC_ERROR_CODES.filter((c) => !ERROR_CODES.some(([code]) => code === c));
  if (undocumented.length > 0) throw new Error(`IPC error codes without a meaning in bridge-doc.ts: ${undocumented.join(', ')}`);
  return `<!-- Generated by \`npm run docs\` from src/ipc/contract.ts, src/ipc/wire.ts and main/docs/bridge-doc.ts: edit those, not this file. -->
# The headless host's bridge protocol

Where Electron cannot run, \`gate start\` serves the kiosk page and a WebSocket bridge on **127.0.0.1 only**
(\`host.port\`, [config.md](config.md)). The page speaks the same contract as the Electron preload
(\`src/ipc/contract.ts\`): calls from the screen to the core (*invoke* channels) and pushes from the core
(*event* channels). This is what a client of your own must do.

## Connecting

\`gate start\` and \`gate pair\` print the page's URL with the **pairing secret** in it:

\`\`\`
kiosk UI: http://127.0.0.1:7373/#${PAIRING_PARAM}=<64 hex>
\`\`\`

The secret is in the **fragment**, which browsers never send to a server, so only whoever holds the URL has it.
It lives in \`<dataDir>/${PAIRING_FILE}\` (mode 0600, created at the first start) and stays the same across restarts,
so a page keeps using it when it reconnects to a restarted gate. \`gate pair --rotate\` writes a new one and prints
the new URL; a running gate reads the file at every upgrade and every ${PAIRING_POLL_MS} ms, and closes every socket opened
with the old secret. Open a WebSocket to \`ws://127.0.0.1:<port>${IPC_PATH}\` with:

- **subprotocols** \`${WIRE_PROTOCOL}\` and \`${TOKEN_PROTOCOL_PREFIX}<hex>\` (the secret from the fragment). The server compares
  it in constant time and answers with the subprotocol \`${WIRE_PROTOCOL}\`;
- **Origin** exactly \`http://127.0.0.1:<port>\`, the page's own origin. A browser sends it by itself; other
  clients must set it.

A wrong path, Origin, subprotocol or secret is refused before the upgrade with \`HTTP 403\` and counted. The page
is served to anyone on loopback, the bridge only to the secret's holder. At most ${BRIDGE_LIMITS.maxConnections} connections are open at once;
one more is refused with \`HTTP 503\`.

**Host.** Every request, the page's and the upgrade, must name this host in its \`Host\` header:
${LOOPBACK_NAMES.map((n) => `\`${n}:<port>\``).join(', ')} (any letter case), with the host's own port. Anything else — another
name, another port, no port — is answered \`HTTP ${WRONG_HOST_STATUS} Misdirected Request\` before anything else is looked at, so a
web page on a DNS name rebound to 127.0.0.1 can neither read the page nor reach the bridge. A request URL that does
not parse (a malformed percent sequence such as \`/%E0%A4%A\`) is answered \`HTTP 400\`; no request, frame or
handler error ends the gate.

A complete client (Node 20 and the \`ws\` package), run with \`KIOSK_URL\` set to the printed URL:

\`\`\`js
${EXAMPLE_CLIENT}
\`\`\`

## Frames

Every frame is one JSON text message; binary frames are dropped. A message larger than
${MAX_WIRE_MESSAGE_BYTES / 1024} KiB (${MAX_WIRE_MESSAGE_BYTES} bytes) closes the connection (WebSocket close code 1009). A frame that is not JSON or
does not match the shapes below is dropped without a reply (and counted), so a client should time out its calls
(the kiosk page gives up after a few seconds).

**invoke** (client → gate): call \`channel\` with \`input\`; \`id\` is the client's choice (an integer from 0 to
2^53 − 1), echoed in the result.

${fence(EXAMPLE_FRAMES.invoke)}

**result** (gate → client): the answer to the invoke with the same \`id\`, either \`{"ok": true, "value": …}\` with
the channel's output, or \`{"ok": false, "error": {"code", "message", "path"?}}\`.

${fence(EXAMPLE_FRAMES.result)}

${fence(EXAMPLE_FRAMES.failure)}

**event** (gate → every connected client): a push on an event channel, whenever the core publishes (coalesced to
at most one per event-loop turn).

${fence(EXAMPLE_FRAMES.event)}

(\`payload\` abbreviated.) Replies come in completion order, not call order: match them by \`id\`.

**beat** (both ways): the heartbeat. The gate sends it as soon as a connection opens and then every ${HEARTBEAT_MS} ms; the client
answers each one with the same frame. A gate that has heard nothing from a client — no answer, no call — for
${PAGE_SILENCE_MS / 1000} s closes its connection. The kiosk page takes ${BRIDGE_SILENCE_MS / 1000} s without any frame from the gate as a lost bridge (a gate
killed, stopped or hung), shows *out of service*, and reconnects by itself until the gate answers again.

${fence(EXAMPLE_FRAMES.beat)}

**Rate limit:** at most ${BRIDGE_LIMITS.perConnectionPerSecond} messages per connection, and ${BRIDGE_LIMITS.totalPerSecond} on all connections together, in each
one-second window; every message counts, a malformed one too. Further invokes in that window are answered with
\`ipc.rate-limited\` without running. The gate's log lines about refused connections and malformed frames are
summarised: ${BRIDGE_LOG_SUMMARY.burst} of each kind per ${BRIDGE_LOG_SUMMARY.windowMs / 1000} s in full, then one line with the count of the rest. Every input is parsed with the channel's schema before its
handler runs, and every output again before it is sent. A handler that fails unexpectedly is answered
\`ipc.handler-failed\`: the call gets a reply, and the connection and the gate carry on.

## Error codes

| code | meaning |
|---|---|
${ERROR_CODES.map(([code, meaning]) => `| \`${code}\` | ${meaning} |`).join('\n')}

## Channels

Schemas are JSON Schema draft-07, generated from the contract: inputs as the client must write them, outputs as
it receives them. The kiosk page parses every reply and push with these same schemas and drops what does not
match; a client of your own should do the same.

${channelSections()}
`;
}
