// The widget's forms: the tenant's pre-chat fields (GET /v1/widget/config → widget.preChatFields) and what a start
// frame carries from them (start.context: page ≤ 2048 characters, fields {name: value ≤ 500}, at most 8).

export const MAX_FIELDS = 8;
export const MAX_FIELD_LENGTH = 500;
export const MAX_PAGE_LENGTH = 2048;

/** Adds one labelled input per configured field to container (nothing for an empty list). */
export function renderPreChatFields(container, fields) {
  container.replaceChildren();
  for (const field of fields.slice(0, MAX_FIELDS)) {
    const label = document.createElement('label');
    const caption = document.createElement('span');
    caption.append(field.label);
    if (field.required) {
      const mark = document.createElement('span');
      mark.className = 'required';
      mark.setAttribute('aria-hidden', 'true');
      mark.textContent = ' *';
      caption.append(mark);
    }
    label.append(caption);
    const input = document.createElement('input');
    input.name = field.name;
    input.type = field.type === 'email' ? 'email' : 'text';
    input.maxLength = MAX_FIELD_LENGTH;
    input.required = Boolean(field.required);
    input.dataset.field = field.name;
    if (field.type === 'email') input.autocomplete = 'email';
    label.append(input);
    container.append(label);
  }
}

/** The filled-in pre-chat answers, {name: value}, blanks left out. */
export function readPreChatFields(container) {
  const fields = {};
  for (const input of container.querySelectorAll('input[data-field]')) {
    const value = input.value.trim().slice(0, MAX_FIELD_LENGTH);
    if (value) fields[input.dataset.field] = value;
  }
  return fields;
}

/** The first answer to an email field, for the offline form. */
export function emailOf(container) {
  const input = [...container.querySelectorAll('input[data-field]')].find(i => i.type === 'email' && i.value.trim());
  return input ? input.value.trim() : '';
}

/** start.context from the page the chat was opened on and the pre-chat answers; undefined when there is neither. */
export function startContext(page, fields) {
  const context = {};
  if (page) context.page = page.slice(0, MAX_PAGE_LENGTH);
  if (fields && Object.keys(fields).length) context.fields = fields;
  return Object.keys(context).length ? context : undefined;
}
