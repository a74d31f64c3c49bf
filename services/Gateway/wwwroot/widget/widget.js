// DaprSupport visitor chat widget: plain ES modules, no build step. Speaks only the public protocol (docs/protocol.md)
// through the shared client (../shared/client.js: WebSocket with long-poll fallback, resume by seq, outbox re-sent
// after every reconnect). POST /v1/auth/visitor for a token (the page's origin must be on the tenant's allowlist),
// GET /v1/widget/config for the pre-chat fields and texts. Query string: ?tenant=<id> (default demo), optional
// &skill=<name>; the launcher (/widget.js) adds &host=<host page origin>&page=<host page URL>.
import { FatalError, SupportClient, newId, retryDelay } from '../shared/client.js';
import { Embed } from './embed.js';
import { emailOf, readPreChatFields, renderPreChatFields, startContext } from './forms.js';
import { Transcript, tenantStore } from './transcript.js';

const params = new URLSearchParams(location.search);
const tenant = params.get('tenant') || 'demo';
const skill = params.get('skill') || undefined;
const page = params.get('page') || document.referrer || undefined;
const RETRY_CODES = new Set(['rate_limited', 'unavailable']);
const TYPING_EVERY_MS = 2000;
const TYPING_SHOWN_MS = 5000;

const $ = id => document.getElementById(id);
const ui = Object.fromEntries([
  'widget', 'title', 'connection', 'end', 'minimize', 'status', 'position', 'messages', 'typing', 'error', 'prechat',
  'prechat-fields', 'prechat-text', 'offline', 'offline-message', 'offline-form', 'offline-email', 'offline-text',
  'offline-thanks', 'ended', 'new-chat', 'composer', 'text', 'send', 'confirm-end', 'confirm-end-yes', 'confirm-end-no',
].map(id => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), $(id)]));

const store = tenantStore(tenant);
let visitorId = store.get('visitorId');
const transcript = new Transcript(ui.messages, store, () => visitorId);
let config = null;            // GET /v1/widget/config, or {} when it could not be read
let status = null;
let pendingStartId = null;    // clientMsgId of a start not yet acked
const waitingTexts = [];      // texts typed while the start has no session yet
let token = null;
let tokenExpiresAt = 0;
let stopped = false;
let readSent = 0;
let readTimer = null;
let errorTimer = null;
let typingSentAt = 0;
let typingTimer = null;
let unread = 0;
let offlineEmailSent = false;

const embed = new Embed(params.get('host'), open => {
  if (open) { unread = 0; scheduleRead(); }
});
document.body.classList.toggle('embedded', embed.embedded);
ui.minimize.hidden = !embed.embedded;
ui.minimize.addEventListener('click', () => embed.close());

const client = new SupportClient({
  token: visitorToken,
  resume: () => (transcript.sessionId ? { [transcript.sessionId]: transcript.lastSeq } : {}),
  onFrame,
  onOpen: () => { readSent = 0; scheduleRead(); },
  onState: (state, detail) => {
    ui.connection.dataset.state = state;
    ui.connection.textContent = state;
    if (state === 'error') { stopped = true; ui.send.disabled = true; showError(detail, true); }
  },
  onUnauthorized: () => { token = null; },
});

transcript.restore();
wireControls();
loadConfig();
client.start();

// ---- views ----

/** Which panel shows: the pre-chat form, the chat composer, the offline form or the ended state. */
function render() {
  const sessionId = transcript.sessionId;
  const fields = config?.preChatFields || [];
  let view = 'loading';
  if (sessionId && status === 'resolved') view = 'ended';
  else if (sessionId && status === 'offline') view = 'offline';
  else if (sessionId || pendingStartId) view = 'chat';
  else if (config) view = fields.length ? 'prechat' : 'chat';
  ui.widget.dataset.view = view;
  ui.prechat.hidden = view !== 'prechat';
  ui.composer.hidden = view !== 'chat';
  ui.offline.hidden = view !== 'offline';
  ui.ended.hidden = view !== 'ended';
  ui.end.hidden = !sessionId || !status || status === 'resolved';
  if (ui.end.hidden) ui.confirmEnd.hidden = true;
  if (view === 'offline') {
    ui.offlineMessage.textContent = transcript.offlineText() || config?.offlineMessage
      || 'We are offline right now. Leave a message and we will get back to you.';
  }
}

async function loadConfig() {
  try {
    const response = await fetch(`/v1/widget/config?tenant=${encodeURIComponent(tenant)}`);
    config = response.ok ? await response.json() : {};
  } catch {
    config = {};
  }
  if (config.texts?.title) ui.title.textContent = config.texts.title;
  renderPreChatFields(ui.prechatFields, config.preChatFields || []);
  render();
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
  render();
}

function forgetSession() {
  transcript.adopt(null);
  readSent = 0;
  offlineEmailSent = false;
  setStatus(null, undefined);
}

// ---- controls ----

function wireControls() {
  ui.composer.addEventListener('submit', event => {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!text || stopped) return;
    ui.text.value = '';
    submit(text);
  });
  ui.text.addEventListener('input', sendTyping);
  ui.prechat.addEventListener('submit', event => {
    event.preventDefault();
    const text = ui.prechatText.value.trim();
    if (stopped || !text) return;
    ui.prechatText.value = '';
    ui.offlineEmail.value = emailOf(ui.prechatFields);
    submit(text, readPreChatFields(ui.prechatFields));
  });
  ui.offlineForm.addEventListener('submit', event => {
    event.preventDefault();
    const text = ui.offlineText.value.trim();
    const email = ui.offlineEmail.value.trim();
    if (stopped || !text || !transcript.sessionId) return;
    ui.offlineText.value = '';
    const withEmail = email && !offlineEmailSent ? `${text}\n\nEmail: ${email}` : text;
    offlineEmailSent ||= Boolean(email);
    submit(withEmail);
    ui.offlineThanks.hidden = false;
  });
  ui.end.addEventListener('click', () => { ui.confirmEnd.hidden = false; ui.confirmEndYes.focus(); });
  ui.confirmEndNo.addEventListener('click', () => { ui.confirmEnd.hidden = true; });
  ui.confirmEndYes.addEventListener('click', () => {
    ui.confirmEnd.hidden = true;
    if (client.state !== 'online') { showError('Not connected: try again in a moment.'); return; }
    client.send({ type: 'resolve', sessionId: transcript.sessionId });
  });
  ui.newChat.addEventListener('click', () => {
    forgetSession();
    ui.offlineThanks.hidden = true;
    (ui.prechat.hidden ? ui.text : ui.prechatText).focus();
  });
  document.addEventListener('visibilitychange', scheduleRead);
}

// ---- sending ----

function submit(text, fields) {
  const sessionId = transcript.sessionId;
  if (sessionId && status !== 'resolved') {
    client.queue({ type: 'send', clientMsgId: newId(), sessionId, text });
  } else if (pendingStartId) {
    waitingTexts.push(text);
  } else {
    if (sessionId) forgetSession(); // the last conversation ended: this text starts a new one
    pendingStartId = newId();
    client.queue({ type: 'start', clientMsgId: pendingStartId, skill, text, context: startContext(page, fields) });
    render();
  }
}

/** At most one typing frame per TYPING_EVERY_MS while the visitor writes in an open session. */
function sendTyping() {
  const sessionId = transcript.sessionId;
  if (!sessionId || status === 'resolved' || !ui.text.value.trim()) return;
  const now = Date.now();
  if (now - typingSentAt < TYPING_EVERY_MS) return;
  typingSentAt = now;
  client.send({ type: 'typing', sessionId });
}

function scheduleRead() {
  if (readTimer === null) readTimer = setTimeout(sendRead, 250); // coalesces a burst of items into one read
}

function sendRead() {
  readTimer = null;
  const { sessionId, lastSeq } = transcript;
  if (document.visibilityState !== 'visible' || !embed.open || !sessionId || lastSeq <= readSent) return;
  if (client.state !== 'online') return;
  readSent = lastSeq;
  client.send({ type: 'read', sessionId, seq: lastSeq });
}

// ---- frames from the server ----

function onFrame(frame) {
  switch (frame.type) {
    case 'session':
      if (!transcript.sessionId && pendingStartId) transcript.adopt(frame.sessionId); // the answer to our start
      if (frame.sessionId === transcript.sessionId) setStatus(frame.status, frame.position);
      break;
    case 'item':
      onItem(frame);
      break;
    case 'ack':
      client.settle(frame.clientMsgId);
      if (frame.clientMsgId === pendingStartId) {
        pendingStartId = null;
        if (transcript.sessionId !== frame.sessionId) transcript.adopt(frame.sessionId);
        flushWaiting();
        render();
      }
      break;
    case 'read':
      if (frame.sessionId === transcript.sessionId && frame.by?.role !== 'visitor') transcript.read(frame.seq);
      break;
    case 'typing':
      if (frame.sessionId === transcript.sessionId && frame.by?.role !== 'visitor') showTyping();
      break;
    case 'error':
      onError(frame);
      break;
    default:
      break; // pong and anything newer: nothing to show
  }
}

function onItem(frame) {
  const item = transcript.add(frame);
  if (!item) return;
  if (item.kind === 'text' && item.from?.role !== 'visitor') {
    hideTyping();
    if (!embed.open) embed.unread(++unread);
  }
  if (item.event === 'offline') render();
  // The visitor's own texts need no receipt: the next read for someone else's item covers them.
  if (item.from?.role !== 'visitor') scheduleRead();
}

function flushWaiting() {
  while (transcript.sessionId && waitingTexts.length) {
    client.queue({ type: 'send', clientMsgId: newId(), sessionId: transcript.sessionId, text: waitingTexts.shift() });
  }
}

function showTyping() {
  ui.typing.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
}

function hideTyping() {
  clearTimeout(typingTimer);
  ui.typing.hidden = true;
}

function onError(frame) {
  const id = frame.clientMsgId;
  if (id && client.outbox.has(id) && RETRY_CODES.has(frame.code)) {
    setTimeout(() => { if (client.outbox.has(id)) client.send(client.outbox.get(id)); }, retryDelay(frame));
  } else if (id) {
    client.settle(id);
    if (id === pendingStartId) { pendingStartId = null; render(); }
  } else if (frame.code === 'not_found') {
    forgetSession(); // the session we resumed is gone (or not ours)
  } else if (frame.code === 'bad_frame') {
    console.warn('DaprSupport widget: the gateway refused a frame:', frame.message);
    return; // e.g. a typing frame a gateway without typing does not know: nothing the visitor can act on
  }
  showError(frame.message || frame.code);
}

function showError(message, sticky) {
  ui.error.textContent = message;
  ui.error.hidden = false;
  clearTimeout(errorTimer);
  if (!sticky) errorTimer = setTimeout(() => { ui.error.hidden = true; }, 6000);
}

// ---- token ----

async function visitorToken() {
  if (token && tokenExpiresAt - Date.now() > 60000) return token;
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
      return token;
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
