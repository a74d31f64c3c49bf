// DaprSupport visitor chat widget: plain JS, no build step. Speaks only the public protocol (docs/protocol.md):
// POST /v1/auth/visitor for a token, WebSocket /v1/ws for frames. The page's own origin must be on the tenant's
// allowlist. Query string: ?tenant=<id> (default demo), optional &skill=<name> for the sessions it starts.
(() => {
  'use strict';

  const params = new URLSearchParams(location.search);
  const tenant = params.get('tenant') || 'demo';
  const skill = params.get('skill') || undefined;

  const EVENT_LABELS = {
    queued: 'You are in the queue',
    offered: 'Connecting you to an agent…',
    assigned: 'An agent joined the chat',
    transferred: 'You were transferred to another agent',
    resolved: 'The conversation has ended',
    reopened: 'The conversation was reopened',
    sla_breached: 'Sorry for the wait, an agent will be with you soon',
  };
  const RETRY_CODES = new Set(['rate_limited', 'unavailable']);
  const MAX_BACKOFF_MS = 30000;

  const $ = id => document.getElementById(id);
  const ui = {
    connection: $('connection'), status: $('status'), position: $('position'), messages: $('messages'),
    error: $('error'), composer: $('composer'), text: $('text'), send: $('send'),
  };

  // ---- persistent state (per tenant) ----
  const storageKey = name => `daprsupport:${tenant}:${name}`;
  const store = {
    get(name) { try { return localStorage.getItem(storageKey(name)); } catch { return null; } },
    set(name, value) {
      try { localStorage.setItem(storageKey(name), value); } catch { /* private mode: memory only */ }
    },
    remove(name) { try { localStorage.removeItem(storageKey(name)); } catch { /* ignore */ } },
  };

  let visitorId = store.get('visitorId');
  let sessionId = store.get('sessionId');
  let lastSeq = 0;        // highest seq shown, items 1..lastSeq are on the page
  let shown = [];         // the items shown, cached so a reload shows them again and resumes after lastSeq
  let status = null;

  // ---- connection state ----
  let token = null;
  let tokenExpiresAt = 0;
  let socket = null;
  let attempts = 0;
  let reconnectTimer = null;
  let stopped = false;
  let pendingStartId = null;      // clientMsgId of a start not yet acked
  const waitingTexts = [];        // texts typed while the start has no session yet
  const outbox = new Map();       // clientMsgId -> start/send frame until acked; resent after a reconnect
  const early = new Map();        // items that arrived ahead of a missing seq
  let readSent = 0;
  let readTimer = null;
  let errorTimer = null;

  restore();
  ui.composer.addEventListener('submit', event => {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!text || stopped) return;
    ui.text.value = '';
    submit(text);
  });
  document.addEventListener('visibilitychange', scheduleRead);
  connect();

  // ---- transcript ----

  function restore() {
    let cached = [];
    try { cached = JSON.parse(store.get('items') || '[]'); } catch { cached = []; }
    const storedLast = Number(store.get('lastSeq') || 0);
    // Ascending seqs; gaps are staff notes a visitor never receives.
    const ordered = Array.isArray(cached) && cached.every((item, i) => item && item.seq > (i ? cached[i - 1].seq : 0));
    if (!sessionId || !ordered || (cached.at(-1)?.seq ?? 0) !== storedLast) {
      // No usable cache: resume from 0 replays the whole timeline.
      cached = [];
    }
    for (const item of cached) append(item);
    shown = cached;
    lastSeq = cached.at(-1)?.seq ?? 0;
  }

  function persist() {
    if (sessionId) store.set('sessionId', sessionId); else store.remove('sessionId');
    store.set('lastSeq', String(lastSeq));
    store.set('items', JSON.stringify(shown));
  }

  function adoptSession(id) {
    sessionId = id;
    lastSeq = 0;
    shown = [];
    early.clear();
    readSent = 0;
    ui.messages.replaceChildren();
    persist();
  }

  function forgetSession() {
    adoptSession(null);
    setStatus(null, undefined);
  }

  // The gateway delivers a session's items in seq order, each once per connection, and leaves out staff notes (their
  // seqs are gaps here): an item after the last shown one is the next one.
  function onItem(item) {
    if (item.sessionId !== sessionId || !(item.seq > lastSeq)) return; // another session, or already shown
    early.set(item.seq, item);
    for (const next of [...early.values()].sort((a, b) => a.seq - b.seq)) {
      early.delete(next.seq);
      const kept = { seq: next.seq, kind: next.kind, event: next.event, from: next.from, text: next.text, ts: next.ts };
      append(kept);
      shown.push(kept);
      lastSeq = next.seq;
    }
    persist();
    scheduleRead();
  }

  function append(item) {
    const li = document.createElement('li');
    li.className = `item ${item.kind}`;
    li.dataset.seq = String(item.seq);
    li.dataset.kind = item.kind;
    const from = item.from || {};
    if (item.kind === 'event') {
      li.dataset.event = item.event || '';
      li.textContent = item.text || EVENT_LABELS[item.event] || item.event || 'event';
    } else {
      const mine = from.role === 'visitor' && from.id === visitorId;
      li.dataset.from = from.role || '';
      if (mine) li.classList.add('mine');
      const who = document.createElement('span');
      who.className = 'from';
      who.textContent = mine ? 'You' : (from.name || (from.role === 'agent' ? 'Agent' : from.role || ''));
      const body = document.createElement('span');
      body.className = 'body';
      body.textContent = item.text || '';
      li.append(who, body);
    }
    ui.messages.append(li);
    li.scrollIntoView({ block: 'end' });
  }

  function setStatus(value, position) {
    status = value;
    ui.status.textContent = value || '';
    ui.status.dataset.status = value || '';
    if (value === 'queued' && typeof position === 'number') {
      ui.position.textContent = `You are number ${position} in the queue`;
      ui.position.dataset.position = String(position);
      ui.position.hidden = false;
    } else if (value !== 'queued') {
      ui.position.textContent = '';
      delete ui.position.dataset.position;
      ui.position.hidden = true;
    }
    // A queued frame without a position keeps the last one shown: a frame with the position follows.
  }

  // ---- sending ----

  function submit(text) {
    if (sessionId && status !== 'resolved') {
      queue({ type: 'send', clientMsgId: newId(), sessionId, text });
    } else if (pendingStartId) {
      waitingTexts.push(text);
    } else {
      if (sessionId) forgetSession(); // the last conversation ended: this text starts a new one
      pendingStartId = newId();
      queue({ type: 'start', clientMsgId: pendingStartId, skill, text });
    }
  }

  function flushWaiting() {
    while (sessionId && waitingTexts.length) {
      queue({ type: 'send', clientMsgId: newId(), sessionId, text: waitingTexts.shift() });
    }
  }

  function queue(frame) {
    outbox.set(frame.clientMsgId, frame);
    sendFrame(frame);
  }

  function sendFrame(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function scheduleRead() {
    if (readTimer === null) readTimer = setTimeout(sendRead, 250); // coalesces a burst of items into one read
  }

  function sendRead() {
    readTimer = null;
    if (document.visibilityState !== 'visible' || !sessionId || lastSeq <= readSent) return;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    readSent = lastSeq;
    sendFrame({ type: 'read', sessionId, seq: lastSeq });
  }

  // ---- frames from the server ----

  function onFrame(frame) {
    switch (frame.type) {
      case 'session':
        if (!sessionId && pendingStartId) adoptSession(frame.sessionId); // the answer to our start
        if (frame.sessionId === sessionId) setStatus(frame.status, frame.position);
        break;
      case 'item':
        onItem(frame);
        break;
      case 'ack':
        outbox.delete(frame.clientMsgId);
        if (frame.clientMsgId === pendingStartId) {
          pendingStartId = null;
          if (sessionId !== frame.sessionId) adoptSession(frame.sessionId);
          flushWaiting();
        }
        break;
      case 'error':
        onError(frame);
        break;
      default:
        break; // read, pong and anything newer: nothing to show
    }
  }

  function onError(frame) {
    const id = frame.clientMsgId;
    if (id && outbox.has(id) && RETRY_CODES.has(frame.code)) {
      setTimeout(() => { if (outbox.has(id)) sendFrame(outbox.get(id)); }, 2000);
    } else if (id) {
      outbox.delete(id);
      if (id === pendingStartId) pendingStartId = null;
    } else if (frame.code === 'not_found') {
      forgetSession(); // the session we resumed is gone (or not ours)
    }
    showError(frame.message || frame.code);
  }

  function showError(message, sticky) {
    ui.error.textContent = message;
    ui.error.hidden = false;
    clearTimeout(errorTimer);
    if (!sticky) errorTimer = setTimeout(() => { ui.error.hidden = true; }, 6000);
  }

  function setConnection(state) {
    ui.connection.dataset.state = state;
    ui.connection.textContent = state;
  }

  // ---- token and socket ----

  class FatalError extends Error {}

  async function ensureToken() {
    if (token && tokenExpiresAt - Date.now() > 60000) return;
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await fetch('/v1/auth/visitor', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant, visitorId: visitorId || undefined }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        token = body.token;
        tokenExpiresAt = Date.parse(body.expiresAt) || Date.now() + 3600000;
        if (body.visitorId !== visitorId) {
          visitorId = body.visitorId;
          store.set('visitorId', visitorId);
        }
        return;
      }
      if (response.status === 400 && visitorId) {
        // A visitor id the gateway does not accept: come back as a new visitor, whose sessions these are not.
        visitorId = null;
        store.remove('visitorId');
        forgetSession();
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        const reason = `${body.code || response.status}): ${body.detail || body.title || ''}`;
        throw new FatalError(`Chat is not available here (${reason}`.trim());
      }
      throw new Error(`token request failed: ${response.status}`);
    }
    throw new FatalError('Chat is not available here: no visitor token.');
  }

  async function connect() {
    reconnectTimer = null;
    if (stopped) return;
    setConnection('connecting');
    try {
      await ensureToken();
    } catch (error) {
      if (error instanceof FatalError) {
        stop(error.message);
      } else {
        reconnectLater();
      }
      return;
    }

    const url = new URL('/v1/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      setConnection('online');
      if (sessionId) sendFrame({ type: 'hello', resume: { [sessionId]: lastSeq } });
      for (const frame of outbox.values()) sendFrame(frame); // idempotent on clientMsgId
      readSent = 0;
      scheduleRead();
    };
    ws.onmessage = event => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      onFrame(frame);
    };
    ws.onclose = event => {
      if (socket !== ws) return;
      socket = null;
      if (event.code === 4403) {
        stop('You cannot use this chat (blocked).');
        return;
      }
      if (event.code === 4401) {
        token = null; // expired or rejected: get a new one
      }
      setConnection('offline');
      reconnectLater();
    };
  }

  function reconnectLater() {
    if (stopped || reconnectTimer !== null) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts) * (0.5 + Math.random() / 2);
    attempts++;
    setConnection('offline');
    reconnectTimer = setTimeout(connect, delay);
  }

  function stop(message) {
    stopped = true;
    setConnection('error');
    ui.send.disabled = true;
    showError(message, true);
  }
})();
