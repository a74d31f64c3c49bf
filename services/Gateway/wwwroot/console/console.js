// The supervisor console: SLA figures of the rolling window, queues per skill and agents with their current chats,
// from GET /v1/supervisor/snapshot, refreshed every 2 s at the fastest (the next request starts 2 s after the
// previous answer). Transfers go out as `transfer` frames; "Take over" calls POST /v1/supervisor/sessions/{id}/takeover
// and then follows the chat on the console's own connection (hello.resume), where the supervisor answers and resolves.
import { SupportClient, element, newId, requireStaff, staff } from '/shared/client.js';

const REFRESH_MS = 2000;
const me = requireStaff('supervisor');
const $ = id => document.getElementById(id);
const EVENT_LABELS = {
  queued: 'Queued', offered: 'Offered to an agent', assigned: 'Assigned', transferred: 'Transferred',
  resolved: 'Resolved', reopened: 'Reopened', sla_breached: 'SLA breached', taken_over: 'Taken over by a supervisor',
};

const taken = new Map(); // sessionId -> { id, status, lastSeq, early: Map, list, panel }
let latest = null;

const client = me && new SupportClient({
  token: async () => me.token,
  resume: () => Object.fromEntries([...taken.values()].map(c => [c.id, c.lastSeq])),
  onFrame,
  onState: () => {},
  onUnauthorized: () => { staff.clear(); location.replace('/?next=/console/'); },
});

if (me) {
  $('me').textContent = me.displayName || me.userId;
  $('signout').addEventListener('click', () => { staff.clear(); location.assign('/'); });
  $('transfer-form').addEventListener('submit', transfer);
  client.start();
  refresh();
}

async function refresh() {
  try {
    const response = await fetch('/v1/supervisor/snapshot', { headers: { Authorization: `Bearer ${me.token}` } });
    if (response.status === 401) { staff.clear(); location.replace('/?next=/console/'); return; }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${body.code || response.status}: ${body.detail || body.title || ''}`);
    latest = body;
    render(body);
    $('error').hidden = true;
    $('updated').dataset.state = 'online';
    $('updated').textContent = `updated ${new Date(body.at).toLocaleTimeString()}`;
  } catch (error) {
    $('updated').dataset.state = 'offline';
    $('updated').textContent = 'offline';
    showError(error.message || error);
  }
  setTimeout(refresh, REFRESH_MS);
}

// ---- snapshot ----

function render(snapshot) {
  renderSla(snapshot.sla);
  $('queues').replaceChildren(...snapshot.queues.map(q => element('tr', { dataset: { skill: q.skill } },
    element('th', { scope: 'row' }, q.skill),
    element('td', { dataset: { field: 'waiting' } }, String(q.waiting)),
    element('td', { dataset: { field: 'oldest' } }, q.waiting ? duration(q.oldestWaitMs) : '—'),
    element('td', {}, String(q.offered)),
    element('td', {}, q.sessions.map(s => `${s.sessionId.slice(0, 10)} (#${s.position})`).join(', ')))));
  const now = Date.parse(snapshot.at);
  $('agents').replaceChildren(...snapshot.agents.map(a => element('tr', { dataset: { agentId: a.agentId } },
    element('th', { scope: 'row' }, a.agentId),
    element('td', { dataset: { field: 'status' } }, a.status),
    element('td', { dataset: { field: 'load' } }, `${a.load} / ${a.capacity}`),
    element('td', {}, a.skills.join(', ')),
    element('td', { dataset: { field: 'chats' } }, chatList(a.chats, now)),
    element('td', {}, String(a.openOffers)))));
  renderTransferChoices(snapshot);
  for (const chat of snapshot.takenOver || []) {
    if (chat.supervisorId === me.userId && !taken.has(chat.sessionId)) follow(chat.sessionId, chat.visitor);
  }
}

function renderSla(sla) {
  $('sla-missing').hidden = !!sla;
  if (!sla) { $('sla').replaceChildren(); return; }
  $('sla-window').textContent = `(last ${Math.round(sla.windowSeconds / 60)} min)`;
  const row = (figures, label) => element('tr', { dataset: { skill: figures.skill || '*' } },
    element('th', { scope: 'row' }, label),
    element('td', { dataset: { field: 'first-response' } },
      measured(figures.firstResponseP90Seconds, figures.targets?.firstResponseSeconds)),
    element('td', { dataset: { field: 'queue-wait' } },
      measured(figures.queueWaitP95Seconds, figures.targets?.queueWaitSeconds)),
    element('td', { dataset: { field: 'resolution-rate' } }, rate(figures.resolutionRate, figures.targets?.resolutionRate)),
    element('td', { dataset: { field: 'ended' } }, `${figures.resolved} / ${figures.resolved + figures.abandoned}`),
    element('td', { className: 'breach', dataset: { field: 'first-response-breaches', count: figures.firstResponseBreaches } },
      String(figures.firstResponseBreaches)),
    element('td', { className: 'breach', dataset: { field: 'resolution-breaches', count: figures.resolutionBreaches } },
      String(figures.resolutionBreaches)));
  $('sla').replaceChildren(row(sla.overall, 'All skills'), ...sla.skills.map(f => row(f, f.skill)));
}

function chatList(chats, now) {
  if (!chats.length) return '—';
  return element('ul', { className: 'chats' }, ...chats.map(c => element('li', { dataset: { sessionId: c.sessionId } },
    element('span', {}, [c.sessionId.slice(0, 10), c.visitor ? c.visitor.slice(0, 10) : null,
      c.since ? duration(now - Date.parse(c.since)) : null].filter(Boolean).join(' · ')),
    element('button', {
      type: 'button', className: 'secondary', ariaLabel: `Take over ${c.sessionId}`,
      onclick: () => takeOver(c.sessionId, c.visitor),
    }, 'Take over'))));
}

// Keeps the form's choices current without losing what the supervisor picked.
function renderTransferChoices(snapshot) {
  const chats = snapshot.agents.flatMap(a => a.chats.map(c => ({ ...c, agentId: a.agentId })))
    .concat([...taken.values()].filter(c => c.status === 'assigned').map(c => ({ sessionId: c.id, agentId: me.userId })));
  replaceOptions($('transfer-session'), chats.map(c => option(c.sessionId, `${c.sessionId.slice(0, 10)} (${c.agentId})`)));
  const skills = [...new Set(snapshot.queues.map(q => q.skill))];
  replaceOptions($('transfer-target'), [
    element('optgroup', { label: 'Agents' }, ...snapshot.agents.map(a => option(`agent:${a.agentId}`, a.agentId))),
    element('optgroup', { label: 'Skills' }, ...skills.map(s => option(`skill:${s}`, s))),
  ]);
}

function replaceOptions(select, options) {
  const picked = select.value;
  select.replaceChildren(...options);
  if ([...select.options].some(o => o.value === picked)) select.value = picked;
}

function option(value, label) {
  return element('option', { value }, label);
}

// ---- actions ----

let pendingTransfer = null;

function transfer(event) {
  event.preventDefault();
  const sessionId = $('transfer-session').value;
  const [kind, ...rest] = $('transfer-target').value.split(':');
  if (!sessionId || !kind) return;
  const target = rest.join(':');
  pendingTransfer = sessionId;
  $('transfer-status').textContent = `Transferring ${sessionId.slice(0, 10)} to ${target}…`;
  client.send({ type: 'transfer', sessionId, ...(kind === 'agent' ? { toAgentId: target } : { toSkill: target }) });
}

async function takeOver(sessionId, visitor) {
  try {
    const response = await fetch(`/v1/supervisor/sessions/${encodeURIComponent(sessionId)}/takeover`, {
      method: 'POST', headers: { Authorization: `Bearer ${me.token}` },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${body.code || response.status}: ${body.detail || body.title || ''}`);
    follow(sessionId, visitor);
  } catch (error) {
    showError(error.message || error);
  }
}

// ---- chats the supervisor holds ----

function follow(sessionId, visitor) {
  if (taken.has(sessionId)) return;
  const list = element('ol', { className: 'timeline', ariaLabel: `Conversation ${sessionId}` });
  const input = element('input', { type: 'text', ariaLabel: 'Message', autocomplete: 'off', maxLength: 4000 });
  const chat = { id: sessionId, status: 'assigned', lastSeq: 0, early: new Map(), list };
  const status = element('span', { className: 'hint', dataset: { field: 'status' } }, 'assigned');
  chat.statusLabel = status;
  chat.panel = element('article', { className: 'taken', dataset: { sessionId }, ariaLabel: `Chat ${sessionId}` },
    element('h3', {}, `${sessionId.slice(0, 10)}${visitor ? ` · ${visitor.slice(0, 10)}` : ''} `, status),
    list,
    element('form', {
      className: 'composer',
      onsubmit: e => {
        e.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        client.queue({ type: 'send', clientMsgId: newId(), sessionId, text });
        input.value = '';
      },
    }, input, element('button', { type: 'submit' }, 'Send'),
    element('button', {
      type: 'button', className: 'secondary', onclick: () => client.send({ type: 'resolve', sessionId }),
    }, 'Resolve')));
  taken.set(sessionId, chat);
  $('mine').append(chat.panel);
  $('mine-empty').hidden = true;
  client.send({ type: 'hello', resume: { [sessionId]: 0 } });
}

function onFrame(frame) {
  switch (frame.type) {
    case 'session':
      onSession(frame);
      break;
    case 'item':
      onItem(frame);
      break;
    case 'ack':
      client.settle(frame.clientMsgId);
      break;
    case 'error':
      if (frame.clientMsgId) client.settle(frame.clientMsgId);
      if (pendingTransfer) $('transfer-status').textContent = '';
      pendingTransfer = null;
      showError(`${frame.code}: ${frame.message}`);
      break;
    default:
      break;
  }
}

function onSession(frame) {
  if (frame.sessionId === pendingTransfer) {
    pendingTransfer = null;
    $('transfer-status').textContent = `Transferred ${frame.sessionId.slice(0, 10)} (now ${frame.status}).`;
  }
  const chat = taken.get(frame.sessionId);
  if (!chat) return;
  chat.status = frame.status === 'assigned' && frame.agentId !== me.userId ? 'transferred' : frame.status;
  chat.statusLabel.textContent = chat.status;
}

function onItem(frame) {
  const chat = taken.get(frame.sessionId);
  if (!chat || !(frame.seq > chat.lastSeq)) return;
  chat.early.set(frame.seq, frame);
  while (chat.early.has(chat.lastSeq + 1)) {
    const item = chat.early.get(chat.lastSeq + 1);
    chat.early.delete(item.seq);
    chat.lastSeq = item.seq;
    chat.list.append(itemView(item));
    chat.list.scrollTop = chat.list.scrollHeight;
  }
}

function itemView(item) {
  if (item.kind === 'event') {
    return element('li', { className: 'event', dataset: { seq: item.seq } },
      EVENT_LABELS[item.event] || item.event);
  }
  const who = item.from.role === 'visitor' ? 'Visitor' : item.from.name || item.from.id;
  return element('li', { dataset: { seq: item.seq, role: item.from.role } }, `${who}: ${item.text}`);
}

// ---- formatting ----

function measured(seconds, target) {
  if (seconds === null || seconds === undefined) return '—';
  const text = seconds < 60 ? `${seconds.toFixed(1)} s` : duration(seconds * 1000);
  if (!target) return text;
  return element('span', { className: seconds > target ? 'over' : '' }, `${text} (target ${target} s)`);
}

function rate(value, target) {
  if (value === null || value === undefined) return '—';
  const text = `${Math.round(value * 100)} %`;
  return target === undefined ? text
    : element('span', { className: value < target ? 'over' : '' }, `${text} (target ${Math.round(target * 100)} %)`);
}

function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function showError(message) {
  $('error').textContent = String(message);
  $('error').hidden = false;
}
