// The visitor's conversation: the items shown, in seq order, each once; cached per tenant in localStorage so a reload
// shows them again and resumes after the last seq. Seqs may have gaps (staff-only notes never reach a visitor), so an
// item is shown when its seq is above the last one shown; the gateway delivers a session's items in seq order.

const EVENT_LABELS = {
  queued: 'You are in the queue',
  offered: 'Connecting you to an agent…',
  assigned: 'An agent joined the chat',
  transferred: 'You were transferred to another agent',
  resolved: 'The conversation has ended',
  reopened: 'The conversation was reopened',
  sla_breached: 'Sorry for the wait, an agent will be with you soon',
  offline: 'We are offline right now',
};

/** localStorage under daprsupport:<tenant>:<name>, or memory only where storage is refused (private mode). */
export function tenantStore(tenant) {
  const key = name => `daprsupport:${tenant}:${name}`;
  return {
    get(name) { try { return localStorage.getItem(key(name)); } catch { return null; } },
    set(name, value) { try { localStorage.setItem(key(name), value); } catch { /* memory only */ } },
    remove(name) { try { localStorage.removeItem(key(name)); } catch { /* ignore */ } },
  };
}

export class Transcript {
  /** list: the <ol>; store: tenantStore; me: () => the visitor's id (to tell its own messages). */
  constructor(list, store, me) {
    this.list = list;
    this.store = store;
    this.me = me;
    this.sessionId = store.get('sessionId');
    this.lastSeq = 0;
    this.shown = [];
    this.agentRead = 0; // the highest seq staff has read
  }

  restore() {
    let cached = [];
    try { cached = JSON.parse(this.store.get('items') || '[]'); } catch { cached = []; }
    const stored = Number(this.store.get('lastSeq') || 0);
    const ordered = Array.isArray(cached) && cached.every((item, i) => item && item.seq > (i ? cached[i - 1].seq : 0));
    if (!this.sessionId || !ordered || (cached.at(-1)?.seq ?? 0) !== stored) cached = []; // resume from 0 instead
    for (const item of cached) this.render(item);
    this.shown = cached;
    this.lastSeq = cached.at(-1)?.seq ?? 0;
  }

  /** Starts over with another session (null: none); nothing of the last one stays on the page. */
  adopt(sessionId) {
    this.sessionId = sessionId;
    this.lastSeq = 0;
    this.shown = [];
    this.agentRead = 0;
    this.list.replaceChildren();
    this.persist();
  }

  persist() {
    if (this.sessionId) this.store.set('sessionId', this.sessionId); else this.store.remove('sessionId');
    this.store.set('lastSeq', String(this.lastSeq));
    this.store.set('items', JSON.stringify(this.shown));
  }

  /** Shows an item of this session not shown yet; returns it, or null for a repeat or another session's item. */
  add(frame) {
    if (frame.sessionId !== this.sessionId || !(frame.seq > this.lastSeq)) return null;
    const { seq, kind, event, from, text, ts } = frame;
    const item = { seq, kind, event, from, text, ts };
    this.render(item);
    this.shown.push(item);
    this.lastSeq = item.seq;
    this.persist();
    this.markSeen();
    return item;
  }

  /** A staff read mark: "Seen" goes under the visitor's last message once staff has read up to it. */
  read(seq) {
    if (seq > this.agentRead) this.agentRead = seq;
    this.markSeen();
  }

  isMine(item) {
    return item.kind === 'text' && item.from?.role === 'visitor' && item.from?.id === this.me();
  }

  markSeen() {
    for (const old of this.list.querySelectorAll('.seen')) old.remove();
    const last = this.shown.findLast(item => this.isMine(item));
    if (!last || this.agentRead < last.seq) return;
    const li = this.list.querySelector(`li[data-seq="${last.seq}"]`);
    const seen = document.createElement('span');
    seen.className = 'seen';
    seen.textContent = 'Seen';
    li?.append(seen);
  }

  /** The text of the last offline event (the tenant's offline message), if any. */
  offlineText() {
    return this.shown.findLast(item => item.kind === 'event' && item.event === 'offline')?.text;
  }

  render(item) {
    const li = document.createElement('li');
    li.className = `item ${item.kind}`;
    li.dataset.seq = String(item.seq);
    li.dataset.kind = item.kind;
    const from = item.from || {};
    if (item.kind === 'event') {
      li.dataset.event = item.event || '';
      li.textContent = item.text || EVENT_LABELS[item.event] || item.event || 'event';
    } else {
      const mine = this.isMine(item);
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
    this.list.append(li);
    li.scrollIntoView({ block: 'end' });
  }
}
