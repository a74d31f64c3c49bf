// How the desk shows timeline items: texts by author, events by label, staff-only notes marked private.
import { element } from '/shared/client.js';

const EVENT_LABELS = {
  queued: 'Queued', offered: 'Offered to an agent', assigned: 'Assigned', transferred: 'Transferred',
  resolved: 'Resolved', reopened: 'Reopened', sla_breached: 'SLA breached',
};

/** The timeline entry of an item as `me` sees it (own texts marked "mine", notes labelled private). */
export function itemElement(item, me) {
  const from = item.from || {};
  const mine = from.role === 'agent' && from.id === me.userId;
  const li = element('li', { className: `item ${item.kind}${mine && item.kind === 'text' ? ' mine' : ''}`,
    dataset: { seq: String(item.seq), kind: item.kind, from: from.role || '' } });
  if (item.kind === 'event') {
    li.dataset.event = item.event || '';
    li.textContent = item.text || EVENT_LABELS[item.event] || item.event || 'event';
  } else if (item.kind === 'note') {
    const who = mine ? 'You' : from.name || from.id;
    li.setAttribute('aria-label', `Private note by ${who}`);
    li.append(element('span', { className: 'from' }, `Private note · ${who}`),
      element('span', { className: 'body' }, item.text || ''));
  } else {
    const who = mine ? 'You' : from.name || (from.role === 'visitor' ? 'Visitor' : from.role);
    li.append(element('span', { className: 'from' }, who), element('span', { className: 'body' }, item.text || ''));
  }
  return li;
}
