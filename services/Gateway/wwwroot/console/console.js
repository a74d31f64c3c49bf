// The supervisor console: the tenant's queues per skill and its agents, from GET /v1/supervisor/snapshot,
// refreshed every 2 s at the fastest (the next request starts 2 s after the previous answer).
import { element, requireStaff, staff } from '/shared/client.js';

const REFRESH_MS = 2000;
const me = requireStaff('supervisor');
const $ = id => document.getElementById(id);

if (me) {
  $('me').textContent = me.displayName || me.userId;
  $('signout').addEventListener('click', () => { staff.clear(); location.assign('/'); });
  refresh();
}

async function refresh() {
  try {
    const response = await fetch('/v1/supervisor/snapshot', { headers: { Authorization: `Bearer ${me.token}` } });
    if (response.status === 401) { staff.clear(); location.replace('/?next=/console/'); return; }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${body.code || response.status}: ${body.detail || body.title || ''}`);
    render(body);
    $('error').hidden = true;
    $('updated').dataset.state = 'online';
    $('updated').textContent = `updated ${new Date(body.at).toLocaleTimeString()}`;
  } catch (error) {
    $('updated').dataset.state = 'offline';
    $('updated').textContent = 'offline';
    $('error').textContent = String(error.message || error);
    $('error').hidden = false;
  }
  setTimeout(refresh, REFRESH_MS);
}

function render(snapshot) {
  $('queues').replaceChildren(...snapshot.queues.map(q => element('tr', { dataset: { skill: q.skill } },
    element('th', { scope: 'row' }, q.skill),
    element('td', { dataset: { field: 'waiting' } }, String(q.waiting)),
    element('td', {}, q.waiting ? duration(q.oldestWaitMs) : '—'),
    element('td', {}, String(q.offered)),
    element('td', {}, q.sessions.map(s => `${s.sessionId.slice(0, 10)} (#${s.position})`).join(', ')))));
  $('agents').replaceChildren(...snapshot.agents.map(a => element('tr', { dataset: { agentId: a.agentId } },
    element('th', { scope: 'row' }, a.agentId),
    element('td', { dataset: { field: 'status' } }, a.status),
    element('td', { dataset: { field: 'load' } }, `${a.load} / ${a.capacity}`),
    element('td', {}, a.skills.join(', ')),
    element('td', {}, a.sessions.map(s => s.slice(0, 10)).join(', ')),
    element('td', {}, String(a.openOffers)))));
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
