// The widget inside the launcher's iframe (/widget.js on a host page): it talks to the host page only by
// postMessage, to the host origin the launcher named (?host=…, the one the gateway let frame this page), and only
// accepts messages from its parent window on that origin. Standalone (no host, not framed) it is always "open".

const SOURCE = 'daprsupport-widget';

export class Embed {
  /** host: the host page's origin from ?host=, or null; onChange(open) when the launcher opens or closes it. */
  constructor(host, onChange) {
    this.host = host && window.parent !== window ? host : null;
    this.open = !this.host;
    if (!this.host) return;
    addEventListener('message', event => {
      if (event.source !== window.parent || event.origin !== this.host) return;
      const message = event.data;
      if (!message || message.source !== SOURCE || (message.type !== 'open' && message.type !== 'close')) return;
      this.open = message.type === 'open';
      onChange(this.open);
    });
    this.post({ type: 'ready' });
  }

  get embedded() { return this.host !== null; }

  /** The number of agent messages that arrived while closed, for the launcher's badge. */
  unread(count) { this.post({ type: 'unread', count }); }

  /** Asks the launcher to close the chat (the widget's own minimize button). */
  close() { this.post({ type: 'close' }); }

  post(message) {
    if (this.host) window.parent.postMessage({ source: SOURCE, ...message }, this.host);
  }
}
