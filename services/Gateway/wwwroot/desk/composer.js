// The desk's composer: the "Message" textbox with Send and "Add note" (a staff-only note item), canned replies
// opened by typing "/" (filtered by shortcut; Enter, Tab or a click inserts the text) and typing signals.
import { element, newId } from '/shared/client.js';

/**
 * chat: the conversation; client: the SupportClient; typing: a TypingSender; replies(): the tenant's canned replies
 * [{shortcut, text}].
 */
export function composer(chat, { client, typing, replies }) {
  const input = element('input', {
    type: 'text', maxLength: 4000, 'aria-label': 'Message', autocomplete: 'off', id: 'message',
    'aria-autocomplete': 'list', 'aria-controls': 'canned', 'aria-expanded': 'false',
  });
  const list = element('ul', { id: 'canned', className: 'canned', role: 'listbox', 'aria-label': 'Canned replies' });
  list.hidden = true;
  let matches = [];
  let selected = 0;

  const close = () => {
    list.hidden = true;
    matches = [];
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const insert = reply => {
    input.value = reply.text;
    close();
    input.focus();
  };
  const render = () => {
    list.replaceChildren(...matches.map((reply, i) => element('li', {
      id: `canned-${i}`, role: 'option', 'aria-selected': String(i === selected), dataset: { shortcut: reply.shortcut },
      onmousedown: event => { event.preventDefault(); insert(reply); },
    }, element('strong', {}, `/${reply.shortcut}`), ' ', element('span', {}, reply.text))));
    list.hidden = matches.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (!list.hidden) input.setAttribute('aria-activedescendant', `canned-${selected}`);
  };
  const filter = () => {
    const value = input.value;
    if (!value.startsWith('/') || value.includes(' ')) { close(); return; }
    const prefix = value.slice(1).toLowerCase();
    matches = replies().filter(r => r.shortcut.startsWith(prefix));
    selected = 0;
    render();
  };

  input.addEventListener('input', () => {
    filter();
    if (input.value && !input.value.startsWith('/')) typing.signal(chat.id);
  });
  input.addEventListener('keydown', event => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      selected = (selected + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      insert(matches[selected]);
    } else if (event.key === 'Escape') {
      close();
    }
  });

  const submit = type => {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    close();
    client.queue({ type, clientMsgId: newId(), sessionId: chat.id, text });
  };
  const note = element('button', { type: 'button', className: 'secondary', onclick: () => submit('note') }, 'Add note');
  return element('div', { className: 'composer-box' },
    list,
    element('form', {
      className: 'composer',
      onsubmit: event => { event.preventDefault(); submit('send'); },
    }, input, element('button', { type: 'submit' }, 'Send'), note));
}
