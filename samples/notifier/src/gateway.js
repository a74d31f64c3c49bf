// The gateway's public HTTP API, as any client of the tenant uses it (docs/protocol.md): a staff token issued
// with the tenant's API key, renewed before it expires, then the session timeline.
export class Gateway {
  #base;
  #tenant;
  #apiKey;
  #token;
  #expiresAt = 0;

  constructor({ baseUrl, tenant, apiKey }) {
    this.#base = baseUrl.replace(/\/$/, "");
    this.#tenant = tenant;
    this.#apiKey = apiKey;
  }

  async #bearer() {
    if (!this.#token || Date.now() > this.#expiresAt - 60_000) {
      const response = await fetch(`${this.#base}/v1/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          tenant: this.#tenant, apiKey: this.#apiKey, userId: "notifier", role: "supervisor", displayName: "Notifier",
        }),
      });
      if (!response.ok) throw new Error(`token refused: ${response.status} ${await response.text()}`);
      const body = await response.json();
      this.#token = body.token;
      this.#expiresAt = Date.parse(body.expiresAt);
    }
    return this.#token;
  }

  /** Every item of a session's timeline, page by page (the Link header names the next page). */
  async transcript(sessionId) {
    const items = [];
    let url = `${this.#base}/v1/sessions/${encodeURIComponent(sessionId)}/timeline?afterSeq=0&limit=200`;
    while (url) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${await this.#bearer()}` } });
      if (!response.ok) throw new Error(`timeline ${sessionId}: ${response.status} ${await response.text()}`);
      items.push(...(await response.json()));
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "");
      url = next ? new URL(next[1], this.#base).toString() : null;
    }
    return items;
  }
}
