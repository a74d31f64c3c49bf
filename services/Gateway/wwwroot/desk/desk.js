// The agent desk: offers with a countdown (Accept, Decline), the agent's own chats with unread counts, one
// conversation pane at a time over several chats (typing both ways, the visitor's "Seen", private notes, canned
// replies, visitor details), presence, transfer and resolve. Speaks only the public protocol (docs/protocol.md)
// through the shared client; items are shown once each, in seq order, whatever reconnects replay.
import {
  SupportClient, TypingIndicator, TypingSender, element, requireStaff, retryDelay, staff,
} from '/shared/client.js';
import { composer } from './composer.js';
import { detailsPanel, loadDetails } from './details.js';
import { itemElement } from './items.js';

const me = requireStaff('agent');
const $ = id => document.getElementById(id);
const RETRY_CODES = new Set(['rate_limited', 'unavailable']);

const chats = new Map();   // sessionId -> { id, status, skill, agentId, lastSeq, items, early, readUpTo, seenByVisitor }
const offers = new Map();  // sessionId -> { id, skill, expiresAt }
const chatsKey = me && `daprsupport:desk:${me.tenant}:${me.userId}:chats`;
let active = null;
let cannedReplies = [];
let readTimer = null;
let errorTimer = null;

const client = me && new SupportClient({
  token: async () => me.token,
  resume: () => Object.fromEntries([...chats.values()].filter(c => c.open).map(c => [c.id, c.lastSeq])),
  onFrame,
  onState: setConnection,
  onOpen: () => {
    const status = $('presence').value;
    client.send({ type: 'presence', status });
    scheduleRead();
  },
  onUnauthorized: () => { staff.clear(); location.replace('/?next=/desk/'); },
  transport: new URLSearchParams(location.search).get('transport') || 'ws',
});
const typingOut = client && new TypingSender(client);
const typingIn = new TypingIndicator(sessionId => { if (active?.id === sessionId) renderTyping(); });

if (me) {
  $('me').textContent = `${me.displayName || me.userId} · ${(me.skills || []).join(', ')}`;
  $('presence').value = sessionStorage.getItem('daprsupport:desk:presence') || 'online';
  $('presence').addEventListener('change', () => {
    sessionStorage.setItem('daprsupport:desk:presence', $('presence').value);
    client.send({ type: 'presence', status: $('presence').value });
  });
  $('signout').addEventListener('click', () => {
    client.send({ type: 'presence', status: 'offline' });
    staff.clear();
    localStorage.removeItem(chatsKey);
    location.assign('/');
  });
  for (const id of storedChats()) chatFor(id, 'restoring');
  document.addEventListener('visibilitychange', scheduleRead);
  setInterval(renderCountdowns, 1000);
  renderInbox();
  loadCannedReplies();
  loadMine().finally(() => client.start());
}

// The tenant's canned replies (GET /v1/canned-replies), offered in the composer after "/".
async function loadCannedReplies() {
  try {
    const response = await fetch('/v1/canned-replies', { headers: { Authorization: `Bearer ${me.token}` } });
    if (response.ok) cannedReplies = (await response.json()).replies || [];
  } catch { /* offline: no canned replies until the next load */ }
}

// The agent's assigned sessions from the gateway (GET /v1/me/sessions), so a desk opened afresh (another browser,
// cleared storage) resumes them too; this tab's own list covers the rest.
async function loadMine() {
  try {
    const response = await fetch('/v1/me/sessions', { headers: { Authorization: `Bearer ${me.token}` } });
    if (!response.ok) return;
    for (const { session } of (await response.json()).sessions || []) {
      chatFor(session.sessionId, session.status).skill = session.skill || '';
    }
    renderInbox();
  } catch { /* offline: the stored list and the resume still work */ }
}

// ---- frames ----

function onFrame(frame) {
  switch (frame.type) {
    case 'offer':
      offers.set(frame.sessionId, { id: frame.sessionId, skill: frame.skill, expiresAt: Date.now() + frame.expiresInMs });
      renderInbox();
      break;
    case 'session':
      onSession(frame);
      break;
    case 'item':
      onItem(frame);
      break;
    case 'read':
      onRead(frame);
      break;
    case 'typing':
      if (chats.has(frame.sessionId)) typingIn.typing(frame);
      break;
    case 'offer_ended': // taken by another agent, declined, expired or withdrawn
      offers.delete(frame.sessionId);
      renderInbox();
      break;
    case 'ack':
      client.settle(frame.clientMsgId);
      break;
    case 'error':
      onError(frame);
      break;
    default:
      break; // pong and anything newer
  }
}

function onSession(frame) {
  const mine = frame.status === 'assigned' && frame.agentId === me.userId;
  if (mine) offers.delete(frame.sessionId);
  const chat = mine ? chatFor(frame.sessionId, frame.status) : chats.get(frame.sessionId);
  if (!chat) return;
  chat.status = frame.status === 'assigned' && !mine ? 'transferred' : frame.status;
  chat.skill = frame.skill;
  chat.open = mine;
  saveChats();
  renderInbox();
  if (chat === active) renderHeader();
}

function onItem(frame) {
  const chat = chats.get(frame.sessionId);
  if (!chat || !(frame.seq > chat.lastSeq)) return; // not ours, or shown already
  chat.early.set(frame.seq, frame);
  let fromOthers = false;
  while (chat.early.has(chat.lastSeq + 1)) {
    const item = chat.early.get(chat.lastSeq + 1);
    chat.early.delete(item.seq);
    chat.items.push(item);
    chat.lastSeq = item.seq;
    fromOthers ||= item.from?.id !== me.userId;
    if (item.kind === 'text' && typingIn.of(chat.id)?.id === item.from?.id) typingIn.clear(chat.id);
    if (chat === active) appendItem(item);
  }
  renderInbox();
  // Our own texts and notes need no receipt: the next read for someone else's item covers them.
  if (fromOthers) scheduleRead();
}

function onRead(frame) {
  const chat = chats.get(frame.sessionId);
  if (!chat) return;
  if (frame.by?.role === 'visitor') chat.seenByVisitor = Math.max(chat.seenByVisitor, frame.seq);
  if (frame.by?.id === me.userId) chat.readUpTo = Math.max(chat.readUpTo, frame.seq);
  renderInbox();
  if (chat === active) renderSeen();
}

function onError(frame) {
  if (frame.clientMsgId && RETRY_CODES.has(frame.code) && client.outbox.has(frame.clientMsgId)) {
    const id = frame.clientMsgId;
    setTimeout(() => { if (client.outbox.has(id)) client.send(client.outbox.get(id)); }, retryDelay(frame));
  } else if (frame.clientMsgId) {
    client.settle(frame.clientMsgId);
  }
  showError(`${frame.code}: ${frame.message || ''}`);
}

// ---- state ----

function chatFor(id, status) {
  let chat = chats.get(id);
  if (!chat) {
    chat = { id, status, skill: '', open: true, lastSeq: 0, items: [], early: new Map(), readUpTo: 0, seenByVisitor: 0 };
    chats.set(id, chat);
    saveChats();
  }
  return chat;
}

function storedChats() {
  try { return JSON.parse(localStorage.getItem(chatsKey) || '[]'); } catch { return []; }
}

function saveChats() {
  localStorage.setItem(chatsKey, JSON.stringify([...chats.values()].filter(c => c.open).map(c => c.id)));
}

function unread(chat) {
  return chat.items.filter(i => i.kind === 'text' && i.from?.id !== me.userId && i.seq > chat.readUpTo).length;
}

function scheduleRead() {
  if (readTimer === null) readTimer = setTimeout(sendRead, 250); // one read for a burst of items
}

function sendRead() {
  readTimer = null;
  if (!active || !active.open || document.visibilityState !== 'visible' || active.lastSeq <= active.readUpTo) return;
  if (client.state !== 'online') return;
  active.readUpTo = active.lastSeq;
  client.send({ type: 'read', sessionId: active.id, seq: active.lastSeq });
  renderInbox();
}

// ---- inbox ----

function renderInbox() {
  const now = Date.now();
  $('offered').replaceChildren(...[...offers.values()].filter(o => o.expiresAt > now).map(offer => element('li',
    { dataset: { sessionId: offer.id } },
    element('span', { className: 'label' }, `${offer.skill} · ${offer.id.slice(0, 10)}`),
    element('span', { className: 'countdown', 'aria-label': 'Time left' }, countdown(offer)),
    element('button', { type: 'button', onclick: () => accept(offer.id) }, 'Accept'),
    element('button', { type: 'button', className: 'secondary', onclick: () => decline(offer.id) }, 'Decline'))));
  $('mine').replaceChildren(...[...chats.values()].map(chat => {
    const count = unread(chat);
    const label = `${chat.skill || 'chat'} · ${chat.id.slice(0, 10)} · ${chat.status}`;
    return element('li', { dataset: { sessionId: chat.id, status: chat.status }, 'aria-current': String(chat === active) },
      element('button', { type: 'button', className: 'open', onclick: () => activate(chat) }, label),
      count ? element('span', { className: 'count', 'aria-label': `${count} unread` }, String(count)) : null);
  }));
}

function countdown(offer) {
  return `${Math.max(0, Math.ceil((offer.expiresAt - Date.now()) / 1000))} s`;
}

function renderCountdowns() {
  let expired = false;
  for (const offer of offers.values()) {
    if (offer.expiresAt <= Date.now()) { offers.delete(offer.id); expired = true; }
  }
  if (expired) { renderInbox(); return; }
  for (const li of $('offered').children) {
    const offer = offers.get(li.dataset.sessionId);
    if (offer) li.querySelector('.countdown').textContent = countdown(offer);
  }
}

function accept(sessionId) {
  client.send({ type: 'accept', sessionId });
  const chat = chatFor(sessionId, 'accepting');
  offers.delete(sessionId);
  activate(chat);
}

function decline(sessionId) {
  client.send({ type: 'decline', sessionId });
  offers.delete(sessionId);
  renderInbox();
}

// ---- conversation pane ----

function activate(chat) {
  active = chat;
  const pane = $('pane');
  pane.dataset.sessionId = chat.id;
  const details = detailsPanel();
  pane.replaceChildren(
    element('header', {},
      element('h2', { id: 'chat-title' }),
      element('span', { id: 'seen', className: 'seen-status', role: 'status' }),
      element('button', { type: 'button', id: 'resolve', onclick: () => resolve(chat) }, 'Resolve')),
    element('div', { className: 'conversation' },
      element('div', { className: 'thread' },
        element('ol', { id: 'timeline', className: 'timeline', 'aria-live': 'polite', 'aria-label': 'Timeline' }),
        element('p', { id: 'typing', className: 'typing hint', 'aria-live': 'polite' }),
        composer(chat, { client, typing: typingOut, replies: () => cannedReplies }),
        transferForm(chat)),
      details));
  for (const item of chat.items) appendItem(item);
  renderTyping();
  loadDetails(details, chat.id, me.token);
  renderHeader();
  renderInbox();
  scheduleRead();
}

function transferForm(chat) {
  const kind = element('select', { 'aria-label': 'Transfer to' },
    element('option', { value: 'agent' }, 'an agent'), element('option', { value: 'skill' }, 'a skill'));
  const target = element('input', { type: 'text', 'aria-label': 'Transfer target', placeholder: 'agent id or skill' });
  return element('form', {
    className: 'transfer',
    onsubmit: event => {
      event.preventDefault();
      const value = target.value.trim();
      if (!value) return;
      const to = kind.value === 'agent' ? { toAgentId: value } : { toSkill: value };
      client.send({ type: 'transfer', sessionId: chat.id, ...to });
      target.value = '';
    },
  }, kind, target, element('button', { type: 'submit' }, 'Transfer'));
}

function resolve(chat) {
  client.send({ type: 'resolve', sessionId: chat.id });
}

function renderHeader() {
  if (!active) return;
  $('chat-title').textContent = `${active.skill || 'chat'} · ${active.id} · ${active.status}`;
  $('pane').dataset.status = active.status;
  const closed = !active.open && active.status !== 'restoring' && active.status !== 'accepting';
  for (const control of $('pane').querySelectorAll('button, input, select')) control.disabled = closed;
  renderSeen();
}

// The visitor's read receipt: "Seen" once it covers the agent's last message, else how far the visitor read.
function renderSeen() {
  const lastMine = active.items.findLast(i => i.kind === 'text' && i.from?.id === me.userId)?.seq ?? 0;
  const seen = active.seenByVisitor;
  $('seen').textContent = !seen ? '' : seen >= lastMine && lastMine ? 'Seen' : `Seen up to #${seen}`;
  for (const li of $('timeline').querySelectorAll('li.mine')) li.classList.toggle('seen', Number(li.dataset.seq) <= seen);
}

function renderTyping() {
  const by = active && typingIn.of(active.id);
  $('typing').textContent = by ? `${by.name || (by.role === 'visitor' ? 'The visitor' : by.id)} is typing…` : '';
}

function appendItem(item) {
  const li = itemElement(item, me);
  $('timeline').append(li);
  li.scrollIntoView({ block: 'end' });
}

// ---- connection ----

function setConnection(state, detail) {
  $('connection').dataset.state = state;
  $('connection').textContent = client?.transport === 'poll' && state === 'online' ? 'online (long-poll)' : state;
  $('banner').hidden = state === 'online' || state === 'connecting' && $('banner').hidden;
  if (state === 'error') showError(detail || 'Disconnected.', true);
}

function showError(message, sticky) {
  $('error').textContent = message;
  $('error').hidden = false;
  clearTimeout(errorTimer);
  if (!sticky) errorTimer = setTimeout(() => { $('error').hidden = true; }, 6000);
}
