// DaprSupport embeddable chat launcher. On any page of one of the tenant's widget origins:
//   <script src="https://<gateway>/widget.js" data-tenant="demo" async></script>
// (optional data-skill="billing"). It asks the gateway whether this page may embed the tenant's widget
// (GET /v1/widget/config, checked against the page's Origin), then adds a "Chat with us" button and an iframe with the
// widget page, served by the gateway and framed only by allowed origins (CSP frame-ancestors). The iframe connects
// at once, so an agent's replies show as an unread badge on the button while the chat is closed.
(() => {
  'use strict';

  const script = document.currentScript;
  if (!script || window.__daprSupportWidget) return;
  window.__daprSupportWidget = true;
  const gateway = new URL(script.src).origin;
  const tenant = script.dataset.tenant || 'demo';
  const skill = script.dataset.skill;
  const SOURCE = 'daprsupport-widget';

  const css = `
    .dsw-root { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000;
      font-family: system-ui, sans-serif; }
    .dsw-button { position: relative; border: 0; border-radius: 2rem; padding: 0.8rem 1.2rem; background: #2456a6;
      color: #fff; font: 600 1rem system-ui, sans-serif; cursor: pointer; box-shadow: 0 4px 14px rgb(0 0 0 / 25%); }
    .dsw-badge { position: absolute; top: -0.4rem; right: -0.4rem; min-width: 1.3rem; padding: 0.1rem 0.35rem;
      border-radius: 1rem; background: #d33; color: #fff; font-size: 0.8rem; text-align: center; }
    .dsw-frame { position: absolute; right: 0; bottom: 4rem; width: 22rem; height: 34rem;
      max-height: calc(100vh - 7rem);
      max-width: calc(100vw - 2.5rem); border: 0; border-radius: 0.75rem; background: #fff;
      box-shadow: 0 6px 24px rgb(0 0 0 / 25%); }
    .dsw-frame[hidden] { display: block; visibility: hidden; pointer-events: none; }`;

  start().catch(error => console.error('DaprSupport widget: not shown on this page:', error.message));

  async function start() {
    // A page off the tenant's widget origins gets a 403 without the CORS header, so it cannot even read the refusal.
    const response = await fetch(`${gateway}/v1/widget/config?tenant=${encodeURIComponent(tenant)}`)
      .catch(() => { throw new Error(`${gateway} refused this page's origin for ${tenant}, or is unreachable`); });
    if (!response.ok) throw new Error(`GET /v1/widget/config answered ${response.status}`);
    const config = await response.json();
    const label = config.texts?.launcher || 'Chat with us';

    const style = document.createElement('style');
    style.textContent = css;
    const root = document.createElement('div');
    root.className = 'dsw-root';
    root.dataset.daprsupport = 'widget';

    const frame = document.createElement('iframe');
    frame.className = 'dsw-frame';
    frame.id = 'daprsupport-widget-frame';
    frame.title = 'Support chat';
    frame.hidden = true;
    const src = new URL('/widget/', gateway);
    src.searchParams.set('tenant', tenant);
    if (skill) src.searchParams.set('skill', skill);
    src.searchParams.set('host', location.origin);
    src.searchParams.set('page', location.href.slice(0, 2048));
    frame.src = src.href;

    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'dsw-button';
    button.setAttribute('aria-controls', frame.id);
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-label', label);
    button.textContent = label;
    const badge = document.createElement('span');
    badge.className = 'dsw-badge';
    badge.hidden = true;
    badge.setAttribute('aria-hidden', 'true');
    button.append(badge);

    let open = false;
    const tell = message => frame.contentWindow?.postMessage({ source: SOURCE, ...message }, gateway);
    const setOpen = value => {
      open = value;
      frame.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open) setUnread(0);
      tell({ type: open ? 'open' : 'close' });
      if (open) frame.focus();
    };
    const setUnread = count => {
      badge.hidden = !(count > 0);
      badge.textContent = count > 0 ? String(count) : '';
      button.setAttribute('aria-label', count > 0 ? `${label} (${count} unread)` : label);
    };

    button.addEventListener('click', () => setOpen(!open));
    addEventListener('message', event => {
      if (event.origin !== gateway || event.source !== frame.contentWindow) return;
      const message = event.data;
      if (!message || message.source !== SOURCE) return;
      if (message.type === 'ready') tell({ type: open ? 'open' : 'close' });
      else if (message.type === 'unread' && !open) setUnread(Number(message.count) || 0);
      else if (message.type === 'close') setOpen(false);
    });

    root.append(frame, button);
    document.head.append(style);
    document.body.append(root);
  }
})();
