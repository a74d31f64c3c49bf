// The visitor details panel (GET /v1/sessions/{id}/visitor): the visitor's name and handle, the page and fields its
// widget sent with start.context, and the visitor's other recent sessions with status and dates.
import { element } from '/shared/client.js';

const when = iso => (iso ? new Date(iso).toLocaleString() : '—');

export function detailsPanel() {
  return element('aside', { id: 'visitor-details', className: 'details', 'aria-label': 'Visitor details' },
    element('h3', {}, 'Visitor'), element('p', { className: 'hint' }, 'Loading…'));
}

/** Loads and renders the details of the session's visitor into the panel (if it is still shown). */
export async function loadDetails(panel, sessionId, token) {
  let details;
  try {
    const response = await fetch(`/v1/sessions/${encodeURIComponent(sessionId)}/visitor`,
      { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${response.status}`);
    details = await response.json();
  } catch {
    if (panel.isConnected) panel.querySelector('.hint').textContent = 'Visitor details unavailable.';
    return;
  }
  if (!panel.isConnected) return;
  const fields = Object.entries(details.fields || {});
  const sessions = details.sessions || [];
  panel.replaceChildren(...[
    element('h3', {}, 'Visitor'),
    element('p', { className: 'name' }, details.visitor?.name || 'Visitor'),
    element('p', { className: 'hint handle' }, details.visitor?.id || ''),
    details.page ? element('p', { className: 'visitor-page' }, 'Page: ', element('span', {}, details.page)) : null,
    fields.length
      ? element('dl', { className: 'fields' },
        ...fields.flatMap(([name, value]) => [element('dt', {}, name), element('dd', {}, value)]))
      : null,
    element('h4', {}, 'Earlier sessions'),
    sessions.length
      ? element('ul', { className: 'earlier', 'aria-label': 'Earlier sessions' }, ...sessions.map(s => element('li',
        { dataset: { sessionId: s.sessionId, status: s.status } },
        `${when(s.createdAt)} · ${s.status}${s.resolvedAt ? ` · resolved ${when(s.resolvedAt)}` : ''}`)))
      : element('p', { className: 'hint' }, 'None.'),
  ].filter(Boolean));
}
