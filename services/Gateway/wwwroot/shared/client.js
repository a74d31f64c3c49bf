// DaprSupport protocol client (docs/protocol.md), shared by the desk and the console: plain ES module, no build step.
// One connection: WebSocket /v1/ws, falling back to long-poll (/v1/send + /v1/poll) when WebSockets never open;
// after every reconnect it sends hello.resume with the caller's last seq per session and re-sends every frame in its
// outbox (start/send are idempotent on clientMsgId). Network loss ('offline') drops the transport at once and
// 'online' reconnects without waiting for the backoff.

export class FatalError extends Error {}

const MAX_BACKOFF_MS = 30000;
const WS_FAILURES_BEFORE_POLL = 2;

/**
 * When to re-send a frame refused with a retryable error (rate_limited, unavailable): after the server's retryAfterMs
 * (else 2 s) plus up to half again at random, so clients refused together do not come back together.
 */
export function retryDelay(frame) {
  return (frame.retryAfterMs || 2000) * (1 + Math.random() / 2);
}

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * options: token() → Promise<string> (throws FatalError to stop), resume() → {sessionId: lastSeq},
 * onFrame(frame), onState('connecting'|'online'|'offline'|'error', detail), onOpen(), transport: 'ws'|'poll'.
 */
export class SupportClient {
  constructor(options) {
    this.options = options;
    this.transport = options.transport || 'ws';
    this.outbox = new Map();
    this.state = 'connecting';
    this.attempts = 0;
    this.wsFailures = 0;
    this.timer = null;
    this.generation = 0;
    this.stopped = false;
    this.live = null; // { send(frame), close() } of the current transport
    addEventListener('offline', () => this.drop());
    addEventListener('online', () => { if (this.state !== 'online') this.reconnectNow(); });
    // Leaving the page says goodbye (a WebSocket close, a long-poll DELETE), so the server ends the connection now:
    // an agent's disconnect grace starts at once. A page restored from the back/forward cache reconnects.
    addEventListener('pagehide', () => { if (this.live) this.drop(); });
  }

  start() { this.connect(); }

  /** A frame with a clientMsgId: kept until its ack (or a final error) and re-sent after every reconnect. */
  queue(frame) {
    this.outbox.set(frame.clientMsgId, frame);
    this.send(frame);
  }

  /** Settles an outbox entry; returns whether it was there. */
  settle(clientMsgId) { return this.outbox.delete(clientMsgId); }

  send(frame) {
    if (this.live && this.state === 'online') this.live.send(frame);
  }

  stop(message) {
    this.stopped = true;
    this.drop();
    this.setState('error', message);
  }

  drop() {
    this.generation++;
    const live = this.live;
    this.live = null;
    if (live) live.close();
    if (!this.stopped) {
      this.setState('offline');
      this.reconnectLater();
    }
  }

  reconnectNow() {
    clearTimeout(this.timer);
    this.timer = null;
    this.attempts = 0;
    this.connect();
  }

  setState(state, detail) {
    this.state = state;
    this.options.onState?.(state, detail);
  }

  reconnectLater() {
    if (this.stopped || this.timer !== null) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.timer = setTimeout(() => { this.timer = null; this.connect(); }, delay);
  }

  async connect() {
    if (this.stopped || !navigator.onLine) return;
    const generation = ++this.generation;
    this.setState('connecting');
    let token;
    try {
      token = await this.options.token();
    } catch (error) {
      if (error instanceof FatalError) this.stop(error.message); else this.reconnectLater();
      return;
    }
    if (generation !== this.generation) return;
    if (this.transport === 'ws') this.openSocket(token, generation); else this.openPoll(token, generation);
  }

  opened(live) {
    this.attempts = 0;
    this.live = live;
    this.setState('online');
    live.send({ type: 'hello', resume: this.options.resume?.() || {} });
    this.options.onOpen?.();
    for (const frame of this.outbox.values()) live.send(frame);
  }

  closed(generation) {
    if (generation !== this.generation) return;
    this.live = null;
    this.setState('offline');
    this.reconnectLater();
  }

  openSocket(token, generation) {
    const url = new URL('/v1/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', token);
    const ws = new WebSocket(url);
    let open = false;
    const live = { send: f => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(f)), close: () => ws.close() };
    ws.onopen = () => {
      if (generation !== this.generation) { ws.close(); return; }
      open = true;
      this.wsFailures = 0;
      this.opened(live);
    };
    ws.onmessage = event => {
      if (generation !== this.generation) return;
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      this.options.onFrame(frame);
    };
    ws.onclose = event => {
      if (generation !== this.generation) return;
      if (event.code === 4403) { this.stop('This user is blocked.'); return; }
      if (event.code === 4401) this.options.onUnauthorized?.();
      if (!open && ++this.wsFailures >= WS_FAILURES_BEFORE_POLL && navigator.onLine) this.transport = 'poll';
      this.closed(generation);
    };
  }

  openPoll(token, generation) {
    let cursor = null;
    let chain = Promise.resolve();
    const controller = new AbortController();
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const alive = () => generation === this.generation;
    const handle = async response => {
      if (response.status === 401) { this.options.onUnauthorized?.(); throw new Error('unauthorized'); }
      if (response.status === 403) { this.stop('This user is blocked.'); throw new Error('blocked'); }
      if (!response.ok) throw new Error(`long-poll: ${response.status}`);
      const body = await response.json();
      if (!alive()) return;
      const reset = body.reset && cursor !== null;
      cursor = body.cursor;
      for (const frame of body.frames || []) this.options.onFrame(frame);
      if (reset) { // a new conversation: resume and re-send, as after any reconnect
        live.send({ type: 'hello', resume: this.options.resume?.() || {} });
        this.options.onOpen?.();
        for (const frame of this.outbox.values()) live.send(frame);
      }
    };
    const fail = () => { if (alive()) { controller.abort(); this.closed(generation); } };
    const query = () => (cursor ? `?cursor=${encodeURIComponent(cursor)}&` : '?');
    const live = {
      send: frame => {
        chain = chain.then(() => alive() && fetch(`/v1/send${query()}`, {
          method: 'POST', headers, body: JSON.stringify(frame), signal: controller.signal,
        }).then(handle)).catch(fail);
        return chain;
      },
      close: () => {
        controller.abort();
        // keepalive: the request outlives a closing page. The answer does not matter (the cursor may have expired).
        if (cursor) fetch(`/v1/poll?cursor=${encodeURIComponent(cursor)}`, { method: 'DELETE', headers, keepalive: true }).catch(() => {});
      },
    };
    const loop = async () => {
      while (alive()) {
        await chain;
        if (!alive()) return;
        const response = await fetch(`/v1/poll${query()}waitSeconds=25`, { headers, signal: controller.signal });
        await handle(response);
      }
    };
    this.opened(live);
    chain.then(() => { if (alive()) loop().catch(fail); });
  }
}

/** The staff token kept for this tab: { token, expiresAt, tenant, userId, role, displayName, skills }. */
export const staff = {
  key: 'daprsupport:staff',
  get() {
    try {
      const value = JSON.parse(sessionStorage.getItem(this.key) || 'null');
      return value && Date.parse(value.expiresAt) > Date.now() ? value : null;
    } catch { return null; }
  },
  set(value) { sessionStorage.setItem(this.key, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(this.key); },
};

/** Adopts a token handed over in the URL fragment (#token=…, production: issued by the tenant's backend). */
export function adoptFragmentToken() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return;
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    staff.set({
      token, expiresAt: new Date(claims.exp * 1000).toISOString(), tenant: claims.tid,
      userId: claims.sub, role: claims.role, displayName: claims.name, skills: [].concat(claims.skills ?? []),
    });
  } catch { /* not a JWT: ignored, the sign-in form stays */ }
  history.replaceState(null, '', location.pathname + location.search);
}

export function requireStaff(role) {
  adoptFragmentToken();
  const me = staff.get();
  if (!me || (role && me.role !== role)) {
    location.replace(`/?next=${encodeURIComponent(location.pathname)}`);
    return null;
  }
  return me;
}

export function element(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key in el) el[key] = value;
    else el.setAttribute(key, value);
  }
  el.append(...children.filter(c => c !== null && c !== undefined));
  return el;
}

/** How often a client sends `typing` for one session (the gateway relays at most one per 2 s anyway). */
export const TYPING_SEND_MS = 2000;
/** How long "… is typing" stays after the last relayed `typing` frame. */
export const TYPING_SHOW_MS = 5000;

/** Sends `typing` for a session at most once per TYPING_SEND_MS (call it on every keystroke). */
export class TypingSender {
  constructor(client) { this.client = client; this.last = new Map(); }

  signal(sessionId) {
    const now = Date.now();
    if (now - (this.last.get(sessionId) ?? -Infinity) < TYPING_SEND_MS) return;
    this.last.set(sessionId, now);
    this.client.send({ type: 'typing', sessionId });
  }
}

/**
 * Who is typing in each session, from relayed `typing` frames: onChange(sessionId, by|null) when it starts and again
 * (with null) TYPING_SHOW_MS after the last frame; a message from the same sender ends it at once (clear).
 */
export class TypingIndicator {
  constructor(onChange) { this.onChange = onChange; this.timers = new Map(); this.who = new Map(); }

  typing(frame) {
    clearTimeout(this.timers.get(frame.sessionId));
    this.who.set(frame.sessionId, frame.by);
    this.timers.set(frame.sessionId, setTimeout(() => this.clear(frame.sessionId), TYPING_SHOW_MS));
    this.onChange(frame.sessionId, frame.by);
  }

  clear(sessionId) {
    clearTimeout(this.timers.get(sessionId));
    this.timers.delete(sessionId);
    if (this.who.delete(sessionId)) this.onChange(sessionId, null);
  }

  of(sessionId) { return this.who.get(sessionId) ?? null; }
}
